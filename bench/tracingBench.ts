/**
 * Tracing on vs off: walks through POST /api/messages (autocannon, 10 connections) against the real application on
 * SQLite, once with tracing off (no OTEL variables: the API's no-op tracer) and once exporting every span over OTLP/HTTP
 * to a local collector stub started here (it accepts and counts the JSON batches). Alternated `rounds` times in one run
 * so machine noise hits both alike; the ratio on ÷ off of turns/s is the figure (target ≥ 0.8).
 * Run alone: `npm run bench:tracing -- [--duration=S] [--rounds=N]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRun, type LoadFigures } from './loadRun';
import { APP_ENTRY, appEnvironment, freePort, startServer } from './serverProcess';

const ROOT = path.resolve(__dirname, '..', '..');
const log = (message: string): void => void process.stderr.write(`[tracing] ${message}\n`);

export interface TracingFigures {
  off: LoadFigures[];
  on: LoadFigures[];
  /** Best on ÷ best off (turns/s). */
  ratio: number;
  exportedBatches: number;
  exportedBytes: number;
}

export async function benchTracing(durationS: number, rounds: number): Promise<TracingFigures> {
  let exportedBatches = 0;
  let exportedBytes = 0;
  const collector = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (exportedBytes += chunk.length));
    req.on('end', () => {
      exportedBatches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  const tmp = mkdtempSync(path.join(tmpdir(), 'tracing-bench-'));
  const figures: TracingFigures = { off: [], on: [], ratio: NaN, exportedBatches: 0, exportedBytes: 0 };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const mode of ['off', 'on'] as const) {
        const port = await freePort();
        const env = { ...appEnvironment(port, 'sqlite', path.join(tmp, `${mode}-${round}.sqlite`)), ...(mode === 'on' ? { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } : {}) };
        const server = await startServer(APP_ENTRY, env, ROOT);
        try {
          await loadRun(server.url, { connections: 10, durationS: 1, tag: `warm-${mode}-${round}` });
          const f = await loadRun(server.url, { connections: 10, durationS, tag: `${mode}-${round}` });
          figures[mode].push(f);
          log(`round ${round + 1}, tracing ${mode}: ${f.turnsPerSecond.toFixed(0)} turns/s, p99 ${f.p99Ms.toFixed(1)} ms, non-2xx ${f.non2xx}`);
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    collector.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  const best = (runs: LoadFigures[]): number => Math.max(...runs.map((r) => r.turnsPerSecond));
  figures.ratio = best(figures.on) / best(figures.off);
  figures.exportedBatches = exportedBatches;
  figures.exportedBytes = exportedBytes;
  return figures;
}

export function describeTracing(f: TracingFigures): string {
  const runs = (r: LoadFigures[]): string => r.map((x) => `${x.turnsPerSecond.toFixed(0)}/s p99 ${x.p99Ms.toFixed(1)} ms`).join(', ');
  return [
    `tracing off: ${runs(f.off)}`,
    `tracing on (OTLP to a local stub; ${f.exportedBatches} batches, ${(f.exportedBytes / 1e6).toFixed(1)} MB received): ${runs(f.on)}`,
    `on ÷ off (best of each): ${f.ratio.toFixed(2)}× (target ≥ 0.8)`,
  ].join('\n');
}

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

if (require.main === module) {
  benchTracing(Number(option('duration') ?? 5), Number(option('rounds') ?? 2))
    .then((f) => process.stdout.write(`${describeTracing(f)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`tracing bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    });
}

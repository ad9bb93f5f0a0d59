/**
 * Tracing on vs off: walks through POST /api/messages (autocannon, 10 connections) against the real application on
 * SQLite, once with tracing off (no OTEL variables: the API's no-op tracer) and once exporting every span over OTLP/HTTP
 * to a local collector stub started here (it accepts the JSON batches and counts their spans). Interleaved `rounds`
 * times, the order swapped every round (off/on, on/off, …) so the machine's noise hits both alike. Reported: turns/s,
 * and the application process's whole CPU (all threads, utime + stime from /proc/<pid>/stat) per turn, which a shared
 * machine disturbs much less than turns/s; the ratio on ÷ off per round (median and range) and best on ÷ best off.
 * Target: throughput on ≥ 0.8 × off.
 * Run alone: `npm run bench:tracing -- [--duration=S] [--rounds=N] [--app=path/to/dist/src/index.js]` (--app measures another
 * build, e.g. the one before a change).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRun, type LoadFigures } from './loadRun';
import { APP_ENTRY, appEnvironment, freePort, startServer } from './serverProcess';
import { median } from './stats';

const ROOT = path.resolve(__dirname, '..', '..');
const log = (message: string): void => void process.stderr.write(`[tracing] ${message}\n`);

export interface TracingRun extends LoadFigures {
  /** The application process's CPU (all threads) per turn during the measured load, µs. */
  cpuUsPerTurn: number;
}

export interface TracingFigures {
  off: TracingRun[];
  on: TracingRun[];
  exportedBatches: number;
  exportedBytes: number;
  exportedSpans: number;
}

/** utime + stime of a process (all its threads), µs. */
export function processCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name (which may hold spaces) in parentheses: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
}

/** A collector stub: answers every OTLP/HTTP JSON batch with 200 and counts batches, bytes and spans. */
async function startCollector(): Promise<{ endpoint: string; counts: { batches: number; bytes: number; spans: number }; close(): void }> {
  const counts = { batches: 0, bytes: 0, spans: 0 };
  const collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      counts.batches++;
      counts.bytes += body.length;
      // Each span has one `"spanId":` (its parent is `"parentSpanId":`; we make no links).
      counts.spans += body.toString('latin1').split('"spanId":').length - 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`, counts, close: () => collector.close() };
}

async function measure(mode: 'off' | 'on', round: number, durationS: number, dir: string, endpoint: string, app: string): Promise<TracingRun> {
  const port = await freePort();
  const env = { ...appEnvironment(port, 'sqlite', path.join(dir, `${mode}-${round}.sqlite`)), ...(mode === 'on' ? { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } : {}) };
  const server = await startServer(app, env, ROOT);
  try {
    await loadRun(server.url, { connections: 10, durationS: 1, tag: `warm-${mode}-${round}` });
    const cpuBefore = processCpuUs(server.pid);
    const f = await loadRun(server.url, { connections: 10, durationS, tag: `${mode}-${round}` });
    const run = { ...f, cpuUsPerTurn: (processCpuUs(server.pid) - cpuBefore) / f.requests };
    log(`round ${round + 1}, tracing ${mode}: ${f.turnsPerSecond.toFixed(0)} turns/s, ${run.cpuUsPerTurn.toFixed(0)} µs CPU/turn, p99 ${f.p99Ms.toFixed(1)} ms, non-2xx ${f.non2xx}`);
    return run;
  } finally {
    await server.stop();
  }
}

export async function benchTracing(durationS: number, rounds: number, app: string = APP_ENTRY): Promise<TracingFigures> {
  const collector = await startCollector();
  const tmp = mkdtempSync(path.join(tmpdir(), 'tracing-bench-'));
  const figures: TracingFigures = { off: [], on: [], exportedBatches: 0, exportedBytes: 0, exportedSpans: 0 };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const mode of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        figures[mode].push(await measure(mode, round, durationS, tmp, collector.endpoint, app));
      }
    }
  } finally {
    collector.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  figures.exportedBatches = collector.counts.batches;
  figures.exportedBytes = collector.counts.bytes;
  figures.exportedSpans = collector.counts.spans;
  return figures;
}

const range = (values: number[], digits = 2): string => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

export function describeTracing(f: TracingFigures): string {
  const runs = (r: TracingRun[]): string => r.map((x) => `${x.turnsPerSecond.toFixed(0)}/s ${x.cpuUsPerTurn.toFixed(0)} µs`).join(', ');
  // A round where either side answered no turn in time (it happens at load 15+) has no ratio.
  const rounds = f.on.map((on, i) => [f.off[i]!, on] as const).filter(([off, on]) => off.requests > 0 && on.requests > 0);
  const throughput = rounds.map(([off, on]) => on.turnsPerSecond / off.turnsPerSecond);
  const cpu = rounds.map(([off, on]) => off.cpuUsPerTurn / on.cpuUsPerTurn);
  const best = (r: TracingRun[]): number => Math.max(...r.map((x) => x.turnsPerSecond));
  const turnsOn = f.on.reduce((sum, r) => sum + r.requests, 0);
  return [
    `tracing off (turns/s, app CPU per turn): ${runs(f.off)}`,
    `tracing on (OTLP to a local stub; ${f.exportedBatches} batches, ${(f.exportedBytes / 1e6).toFixed(1)} MB, ${f.exportedSpans} spans for ${turnsOn}+ turns): ${runs(f.on)}`,
    `rounds with turns on both sides: ${rounds.length} of ${f.on.length}`,
    `on ÷ off, turns/s per round: median ${range(throughput)}; best on ÷ best off ${(best(f.on) / best(f.off)).toFixed(2)}× (target ≥ 0.8)`,
    `off ÷ on, app CPU per turn per round (the throughput ratio when CPU-bound): median ${range(cpu)}`,
  ].join('\n');
}

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

if (require.main === module) {
  benchTracing(Number(option('duration') ?? 5), Number(option('rounds') ?? 4), option('app'))
    .then((f) => process.stdout.write(`${describeTracing(f)}\n(load average ${readFileSync('/proc/loadavg', 'utf8').trim()})\n`))
    .catch((err: unknown) => {
      process.stderr.write(`tracing bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    });
}

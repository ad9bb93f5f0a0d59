/**
 * What tracing costs a turn, in CPU, without the rest of the bot: a turn's spans as the bot makes them (turnSpan, then
 * understanding, state.read, knowledge.search, state.write through the traced() wrappers around stand-ins that do no
 * work) N times with tracing off, then N times exporting every span over OTLP/HTTP to a collector stub in another
 * process. Reported: this process's CPU (all threads: process.cpuUsage) per turn, off and on, and the difference,
 * which is tracing's own cost; the export of the last spans (shutdown) is included. A turn of the real bot takes
 * ~1,400–1,500 µs of CPU with tracing off (bench/results-scale.md), so on ÷ off throughput ≈ 1,450 ÷ (1,450 + cost).
 * Unlike turns/s on this shared machine, CPU per turn hardly depends on the other processes.
 *   node dist/bench/spanCost.js [--turns=20000] [--dist=/path/to/another/build/dist]   (--dist: that build's src/telemetry)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

type Telemetry = {
  spans: typeof import('../src/telemetry/spans');
  traced: typeof import('../src/telemetry/traced');
  tracing: typeof import('../src/telemetry/tracing');
};

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

function load(dist: string): Telemetry {
  const requireFrom = createRequire(__filename);
  const from = (file: string): unknown => requireFrom(path.join(dist, 'src', 'telemetry', file));
  return { spans: from('spans.js') as Telemetry['spans'], traced: from('traced.js') as Telemetry['traced'], tracing: from('tracing.js') as Telemetry['tracing'] };
}

/** The parts of a turn the bot traces, around stand-ins that do no work. */
function turnOf(t: Telemetry): (i: number) => Promise<void> {
  const recognizer = t.traced.tracedRecognizer({ recognize: (_text: string) => ({ intent: 'storage_full', confidence: 0.93, route: 'storage_full' }) });
  const knowledge = t.traced.tracedKnowledge({ retrieve: (_question: string) => ({ kind: 'none' }) });
  const storage = t.traced.tracedStorage({
    read: async (_keys: string[]) => ({}),
    write: async (_changes: Record<string, unknown>) => undefined,
    delete: async (_keys: string[]) => undefined,
  });
  return (i) =>
    t.spans.turnSpan({}, { 'bot.channel': 'webchat' }, async () => {
      await storage.read([`webchat/conversations/c${i}`]);
      recognizer.recognize('my backup failed');
      knowledge.retrieve('my backup failed');
      await storage.write({ [`webchat/conversations/c${i}`]: {} });
      t.spans.annotateSpan({ 'bot.route': 'storage_full', 'bot.outcome': 'resolved' });
    });
}

async function cpuPerTurn(turn: (i: number) => Promise<void>, turns: number, after: () => Promise<void> = async () => undefined): Promise<number> {
  for (let i = 0; i < 2000; i++) await turn(i);
  const before = process.cpuUsage();
  // 10 at a time, as 10 connections would.
  for (let i = 0; i < turns; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => turn(i + j)));
  await after();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / turns;
}

/** A collector stub in its own process: answers every POST with 200, counts bytes. Returns its endpoint. */
async function startStub(): Promise<{ endpoint: string; stop(): void }> {
  const child = spawn(process.execPath, ['-e', STUB], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => void child.kill() };
}

const STUB = `
const server = require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{}'); }); });
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
`;

async function main(): Promise<void> {
  const turns = Number(option('turns') ?? 20000);
  const dist = option('dist') ?? path.resolve(__dirname, '..');
  const t = load(dist);
  const turn = turnOf(t);
  const off = await cpuPerTurn(turn, turns);
  const stub = await startStub();
  try {
    const tracing = await t.tracing.startTracing({ otlpEndpoint: stub.endpoint, exportDelayMs: 1000 });
    const on = await cpuPerTurn(turn, turns, () => tracing.shutdown());
    process.stdout.write(
      `${path.relative(process.cwd(), dist) || '.'}: ${turns} turns, CPU per turn off ${off.toFixed(1)} µs, on ${on.toFixed(1)} µs: tracing costs ${(on - off).toFixed(1)} µs a turn ` +
        `(a 1,450-µs turn → on ÷ off ≈ ${(1450 / (1450 + on - off)).toFixed(3)}) (load average ${readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(' ')})\n`,
    );
  } finally {
    stub.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`span cost failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}

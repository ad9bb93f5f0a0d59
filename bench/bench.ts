/**
 * `npm run bench`: measured speed, printed and written to bench/results.md. Not part of the test suite.
 *   1. Classifier: training time, model load time, latency per utterance (held-out file repeated to 10,000).
 *   2. Start-up: spawning the application to its first answered request.
 *   3. End-to-end: turns/s and p50/p99 latency through POST /api/messages (expectReplies, autocannon on 127.0.0.1)
 *      at 1, 10 and 100 connections, each request continuing its own conversation's walk — the real application on
 *      memory and on SQLite storage, and a minimal echo bot on the same server stack; the ratio full ÷ echo.
 *   4. Memory: RSS after 10,000 conversations of three turns (memory storage).
 * Options: --duration=S (per load run, default 5), --rounds=N (default 2), --quick (2 s runs, one round, 1,000
 *          conversations; for trying the bench), --no-write (print only), --skip=classifier,startup,load,memory.
 * Servers run in child processes so that the load generator and the server each have a core. The three servers run
 * side by side and are measured in turn at each connection count, N rounds, keeping each one's best round: other work
 * on the machine then disturbs the echo bot and the full turn alike, and the ratio stays meaningful.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchClassifier, type ClassifierFigures } from './classifierBench';
import { loadRun, type LoadFigures } from './loadRun';
import { benchMemory, forkApp, type MemoryFigures } from './memoryBench';
import { loadAverage, machineInfo, renderResults, type BenchResults } from './results';
import { APP_ENTRY, appEnvironment, ECHO_ENTRY, freePort, startServer, type ServerUnderTest } from './serverProcess';
import type { LoadTarget } from './results';
import { startupOnce } from './startupBench';
import { median } from './stats';
import { messageActivity } from './walk';

const ROOT = path.resolve(__dirname, '..', '..');
const CONNECTIONS = [1, 10, 100];
const STARTUP_RUNS = 3;

const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

/** One walk by hand before the load, so a broken server fails loudly instead of producing fast errors. */
async function preflight(url: string, expect: RegExp): Promise<void> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messageActivity(`preflight-${Date.now()}`, 'my backup says not enough storage')),
  });
  const text = await response.text();
  if (response.status !== 200 || !expect.test(text)) throw new Error(`preflight failed: HTTP ${response.status} ${text.slice(0, 300)}`);
}

const TARGETS: readonly LoadTarget[] = ['echo', 'memory', 'sqlite'];

async function startTarget(target: LoadTarget, tmp: string): Promise<ServerUnderTest> {
  const port = await freePort();
  const entry = target === 'echo' ? ECHO_ENTRY : APP_ENTRY;
  const env = appEnvironment(port, target === 'sqlite' ? 'sqlite' : 'memory', path.join(tmp, `${target}.sqlite`));
  const server = await startServer(entry, env, ROOT);
  await preflight(server.url, target === 'echo' ? /Echo: / : /Solution 1/);
  return server;
}

/** The load runs: every target at every connection count, interleaved, `rounds` times; each target's best round kept. */
async function benchLoad(durationS: number, rounds: number, tmp: string): Promise<Record<LoadTarget, LoadFigures[]>> {
  const servers = new Map<LoadTarget, ServerUnderTest>();
  try {
    for (const target of TARGETS) {
      servers.set(target, await startTarget(target, tmp));
      log(`${target}: warming up (3 s, 10 connections)`);
      await loadRun(servers.get(target)!.url, { connections: 10, durationS: 3, tag: `${target}-warmup` });
    }
    const best: Record<LoadTarget, LoadFigures[]> = { echo: [], memory: [], sqlite: [] };
    for (let level = 0; level < CONNECTIONS.length; level++) {
      const connections = CONNECTIONS[level]!;
      for (let round = 1; round <= rounds; round++) {
        for (const target of TARGETS) {
          const f = await loadRun(servers.get(target)!.url, { connections, durationS, tag: `${target}-c${connections}-r${round}` });
          log(
            `${target.padEnd(6)} ${String(connections).padStart(3)} conn, round ${round}: ${f.turnsPerSecond.toFixed(0)} turns/s, ` +
              `p50 ${f.p50Ms.toFixed(2)} ms, p99 ${f.p99Ms.toFixed(2)} ms, failed ${f.non2xx + f.errors + f.timeouts}`,
          );
          const kept = best[target][level];
          if (!kept || f.turnsPerSecond > kept.turnsPerSecond) best[target][level] = f;
        }
      }
    }
    return best;
  } finally {
    for (const server of servers.values()) await server.stop();
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const durationS = Number(option('duration') ?? (quick ? 2 : 5));
  const rounds = Number(option('rounds') ?? (quick ? 1 : 2));
  const memoryConversations = quick ? 1000 : 10_000;
  const skip = new Set((option('skip') ?? '').split(',').filter(Boolean));
  const results: BenchResults = { machine: machineInfo(), settings: { durationS, rounds, connections: CONNECTIONS, memoryConversations, quick } };
  const tmp = mkdtempSync(path.join(tmpdir(), 'bench-'));
  const started = Date.now();
  try {
    if (!skip.has('classifier')) {
      log('classifier: training, loading, 10,000 classifications');
      const paths = { intentsDir: path.join(ROOT, 'intents'), contentDir: path.join(ROOT, 'dialogs'), modelPath: path.join(ROOT, 'models', 'nlu-model.json') };
      const classifier: ClassifierFigures = await benchClassifier(paths);
      results.classifier = classifier;
    }
    if (!skip.has('startup')) {
      const runs: number[] = [];
      for (let i = 0; i < STARTUP_RUNS; i++) {
        runs.push(await startupOnce(ROOT));
        log(`start-up run ${i + 1}: ${runs[i]!.toFixed(0)} ms`);
      }
      results.startup = { runsMs: runs, medianMs: median(runs) };
    }
    if (!skip.has('load')) results.load = await benchLoad(durationS, rounds, tmp);
    if (!skip.has('memory')) {
      log(`memory: ${memoryConversations} conversations × 3 turns (memory storage)`);
      const app = await forkApp(appEnvironment(await freePort(), 'memory', path.join(tmp, 'unused.sqlite')), ROOT);
      try {
        const memory: MemoryFigures = await benchMemory(app, memoryConversations);
        results.memory = memory;
      } finally {
        await app.stop();
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  results.totalSeconds = (Date.now() - started) / 1000;
  results.machine.loadAverageAfter = loadAverage();
  const markdown = renderResults(results);
  process.stdout.write(`${markdown}\n`);
  if (!process.argv.includes('--no-write')) {
    const file = path.join(ROOT, 'bench', 'results.md');
    writeFileSync(file, markdown);
    log(`written to ${path.relative(process.cwd(), file) || file}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

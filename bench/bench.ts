/**
 * `npm run bench`: measured speed, printed and written to bench/results.md. Not part of the test suite.
 *   1. Classifier: training time, model load time, latency per utterance (held-out file repeated to 10,000).
 *   2. Start-up: spawning the application to its first answered request.
 *   3. End-to-end: turns/s and p50/p99 latency through POST /api/messages (expectReplies, autocannon on 127.0.0.1)
 *      at 1, 10 and 50 connections, for two kinds of turn: the FIRST turn of a new conversation ("backup failed but I
 *      have space": ruled-out detection, routing, Solution 2) and a MID-WALK turn ("no" at Solution 2, sent to the
 *      conversations the first-turn run just opened). The real application on memory and on SQLite storage, and a bare
 *      botbuilder echo bot (Microsoft's EchoBot sample: restify, stock CloudAdapter), measured in turn at each level:
 *      the ratio bot ÷ echo of the same round.
 *      Then the event-loop delay p99 (the application's /metrics) at 50 connections, and p99 at a fixed rate of half
 *      the application's own first-turn capacity.
 *   4. Memory: RSS and heap after 10,000 conversations of three turns on the default SQLite store.
 *   5. Scale (bench/scaleBench.ts): 1,000,000 conversations over 30 days seeded on SQLite (100,000 with --quick), the
 *      dashboard's 30-day summary and CSV export timed while a person chats, RSS growth. Alone: npm run bench:scale.
 *   6. Tracing (bench/tracingBench.ts): turns/s with tracing on (OTLP to a local stub) ÷ off. Alone: npm run bench:tracing.
 * Options: --duration=S (per load run, default 5), --rounds=N (default 2), --quick (2 s runs, one round, 1,000
 *          conversations; for trying the bench), --no-write (print only),
 *          --skip=classifier,startup,load,fixed,memory,scale,tracing,ocr.
 *   7. OCR (bench/ocrBench.ts): time per screenshot; typed turns' p99 while 4 screenshots are read ÷ idle. Alone: npm run bench:ocr.
 * Servers run in child processes so that the load generator and the server each have a core. Other work on the
 * machine disturbs the echo bot and the application alike, so read the ratios; each round keeps its best.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchClassifier, type ClassifierFigures } from './classifierBench';
import { loadRun, type LoadFigures } from './loadRun';
import { pacedRun } from './pacedRun';
import { benchMemory, forkApp, type MemoryFigures } from './memoryBench';
import { loadAverage, machineInfo, renderResults, type BenchResults, type FixedRateFigures, type LoadResults, type TurnKind } from './results';
import { APP_ENTRY, appEnvironment, ECHO_ENTRY, eventLoopDelayP99Ms, freePort, startServer, type ServerUnderTest } from './serverProcess';
import type { LoadTarget } from './results';
import { startupOnce } from './startupBench';
import { median } from './stats';
import { messageActivity } from './walk';
import { benchScale, describeScale } from './scaleBench';
import { benchTracing, describeTracing } from './tracingBench';
import { benchOcr, describeOcr } from './ocrBench';

const ROOT = path.resolve(__dirname, '..', '..');
const CONNECTIONS = [1, 10, 50];
const STARTUP_RUNS = 3;
export const FIRST_TURN = 'backup failed but I have space';
export const MID_WALK_TURN = 'no';

const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

async function post(url: string, conversationId: string, text: string): Promise<string> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messageActivity(conversationId, text)),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`preflight failed: HTTP ${response.status} ${body.slice(0, 300)}`);
  return body;
}

/** Both measured turns by hand before the load, so a broken server fails loudly instead of producing fast errors. */
async function preflight(url: string, target: LoadTarget): Promise<void> {
  const id = `preflight-${Date.now()}`;
  const first = await post(url, id, FIRST_TURN);
  const second = await post(url, id, MID_WALK_TURN);
  if (target === 'echo') {
    if (!/Echo: /.test(first)) throw new Error(`preflight: the echo bot answered ${first.slice(0, 200)}`);
    return;
  }
  if (!/Solution 2/.test(first)) throw new Error(`preflight: the first turn did not reach Solution 2: ${first.slice(0, 300)}`);
  if (!/Solution 3/.test(second)) throw new Error(`preflight: "no" at Solution 2 did not move on to Solution 3: ${second.slice(0, 300)}`);
}

const TARGETS: readonly LoadTarget[] = ['echo', 'memory', 'sqlite'];

async function startTarget(target: LoadTarget, tmp: string): Promise<ServerUnderTest> {
  const port = await freePort();
  const entry = target === 'echo' ? ECHO_ENTRY : APP_ENTRY;
  const env = appEnvironment(port, target === 'sqlite' ? 'sqlite' : 'memory', path.join(tmp, `${target}.sqlite`));
  const server = await startServer(entry, env, ROOT);
  await preflight(server.url, target);
  return server;
}

/** A first-turn run, then "no" to every conversation it opened (the mid-walk turn), at `connections`. */
async function firstAndMid(server: ServerUnderTest, connections: number, durationS: number, tag: string): Promise<Record<TurnKind, LoadFigures>> {
  const first = await loadRun(server.url, { connections, durationS, tag: `${tag}-first`, turn: { text: FIRST_TURN } });
  const ids = first.issuedIds ?? [];
  // Only conversations whose first turn was answered (the last few may still have been in flight at the end).
  const answered = ids.slice(0, first.requests);
  const mid = await loadRun(server.url, {
    connections,
    durationS,
    tag: `${tag}-mid`,
    amount: Math.max(connections, answered.length),
    turn: { text: MID_WALK_TURN, conversations: answered },
  });
  delete first.issuedIds;
  return { first, mid };
}

function describe(target: LoadTarget, kind: TurnKind, f: LoadFigures, extra = ''): string {
  return (
    `${target.padEnd(6)} ${kind.padEnd(5)} ${String(f.connections).padStart(2)} conn: ${f.turnsPerSecond.toFixed(0).padStart(5)} turns/s, ` +
    `p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, max ${f.maxMs.toFixed(0)} ms, failed ${f.non2xx + f.errors + f.timeouts}${extra}`
  );
}

/** The load runs: every target at every connection count, interleaved, `rounds` times; each one's best round kept. */
async function benchLoad(durationS: number, rounds: number, tmp: string, fixedRate: boolean): Promise<LoadResults> {
  const servers = new Map<LoadTarget, ServerUnderTest>();
  const results: LoadResults = { connections: CONNECTIONS, runs: {}, ratios: {}, eventLoopDelayP99Ms: {}, fixedRate: {} };
  try {
    for (const target of TARGETS) {
      servers.set(target, await startTarget(target, tmp));
      log(`${target}: warming up`);
      // Long enough for the JIT to settle: a cold server is several times slower than a warm one.
      await firstAndMid(servers.get(target)!, 10, durationS, `${target}-warmup`);
    }
    for (let level = 0; level < CONNECTIONS.length; level++) {
      const connections = CONNECTIONS[level]!;
      for (let round = 1; round <= rounds; round++) {
        const thisRound: Partial<Record<LoadTarget, Record<TurnKind, LoadFigures>>> = {};
        for (const target of TARGETS) {
          const server = servers.get(target)!;
          const measureDelay = target !== 'echo' && connections === CONNECTIONS[CONNECTIONS.length - 1];
          if (measureDelay) await eventLoopDelayP99Ms(server.url);
          const figures = await firstAndMid(server, connections, durationS, `${target}-c${connections}-r${round}`);
          thisRound[target] = figures;
          const delay = measureDelay ? await eventLoopDelayP99Ms(server.url) : NaN;
          for (const kind of ['first', 'mid'] as const) {
            log(describe(target, kind, figures[kind], kind === 'mid' && measureDelay ? `; event-loop delay p99 ${delay.toFixed(1)} ms` : ''));
          }
          if (measureDelay) {
            const best = results.eventLoopDelayP99Ms[target];
            results.eventLoopDelayP99Ms[target] = best === undefined || !(best <= delay) ? delay : best;
          }
        }
        // Keep each server's best round, and every same-round ratio bot ÷ echo (other work on the machine changes
        // from one round to the next, so only a ratio within one round is meaningful; the report shows their median).
        for (const target of TARGETS) {
          const runs = (results.runs[target] ??= { first: [], mid: [] });
          for (const kind of ['first', 'mid'] as const) {
            const f = thisRound[target]![kind];
            const kept = runs[kind][level];
            if (!kept || f.turnsPerSecond > kept.turnsPerSecond) runs[kind][level] = f;
            if (target === 'echo') continue;
            const echo = thisRound.echo![kind];
            const perLevel = (results.ratios[target] ??= { first: [], mid: [] })[kind];
            (perLevel[level] ??= []).push(echo.turnsPerSecond > 0 ? f.turnsPerSecond / echo.turnsPerSecond : NaN);
          }
        }
      }
    }
    if (fixedRate) {
      for (const target of ['memory', 'sqlite'] as const) {
        const capacity = results.runs[target]?.first[CONNECTIONS.length - 1]?.turnsPerSecond ?? 0;
        if (!(capacity > 0)) continue;
        const rate = Math.max(1, Math.round(capacity / 2));
        const server = servers.get(target)!;
        await eventLoopDelayP99Ms(server.url);
        const f = await pacedRun(server.url, { rate, durationS, connections: CONNECTIONS[CONNECTIONS.length - 1]!, text: FIRST_TURN, tag: `${target}-fixed` });
        const delay = await eventLoopDelayP99Ms(server.url);
        log(describe(target, 'first', f, ` at a fixed ${rate} turns/s; event-loop delay p99 ${delay.toFixed(1)} ms`));
        const figures: FixedRateFigures = { rate, figures: f, eventLoopDelayP99Ms: delay };
        results.fixedRate[target] = figures;
      }
    }
    return results;
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
  /** Sections of the scale and tracing scenarios, after the rest. */
  const extra: string[] = [];
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
    if (!skip.has('load')) results.load = await benchLoad(durationS, rounds, tmp, !skip.has('fixed'));
    if (!skip.has('memory')) {
      log(`memory: ${memoryConversations} conversations × 3 turns (SQLite storage)`);
      const app = await forkApp(appEnvironment(await freePort(), 'sqlite', path.join(tmp, 'memory-bench.sqlite')), ROOT);
      try {
        const memory: MemoryFigures = await benchMemory(app, memoryConversations);
        results.memory = memory;
      } finally {
        await app.stop();
      }
    }
    if (!skip.has('scale')) {
      const conversations = quick ? 100_000 : 1_000_000;
      log(`scale: ${conversations} conversations over 30 days (SQLite), the dashboard while a person chats`);
      extra.push(`## Scale\n\n\`\`\`\n${describeScale(await benchScale({ storage: 'sqlite', conversations, days: 30, runs: 3 }))}\n\`\`\``);
    }
    if (!skip.has('ocr')) {
      log('ocr: time per screenshot, typed turns while screenshots are read');
      extra.push(`## OCR\n\n\`\`\`\n${describeOcr(await benchOcr())}\n\`\`\``);
    }
    if (!skip.has('tracing')) {
      log('tracing: on (OTLP to a local stub) vs off');
      extra.push(`## Tracing\n\n\`\`\`\n${describeTracing(await benchTracing(durationS, rounds))}\n\`\`\``);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  results.totalSeconds = (Date.now() - started) / 1000;
  results.machine.loadAverageAfter = loadAverage();
  const profiles = path.join(ROOT, 'bench', 'profiles.md');
  if (existsSync(profiles)) results.appendix = readFileSync(profiles, 'utf8');
  const markdown = [renderResults(results), ...extra].join('\n\n');
  process.stdout.write(`${markdown}\n`);
  if (!process.argv.includes('--no-write')) {
    const file = path.join(ROOT, 'bench', 'results.md');
    writeFileSync(file, markdown);
    log(`written to ${path.relative(process.cwd(), file) || file}`);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}

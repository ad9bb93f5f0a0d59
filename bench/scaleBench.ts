/**
 * The scale scenario (issue 22): the dashboard with 1,000,000 conversations while a person chats.
 *   1. Seeds N conversations over D days with `npm run analytics:seed` (the compiled CLI) into a fresh store: SQLite
 *      (a temporary SQLITE_PATH) or Redis (REDIS_URL, under a fresh key prefix). Timed.
 *   2. Starts the real application on that store (ADMIN_KEY set), warms it up, and measures a person's turn when idle:
 *      sequential first turns of new conversations, p50/p99.
 *   3. Asks GET /admin/api/summary for the last D days (and the CSV export) a few times, while one client sends turns
 *      one after another: the summary's time, the turns' latency during it (max and p99) ÷ the idle p99, and the
 *      server's RSS growth (sampled every 20 ms) over the whole scenario.
 * Run alone: `npm run bench:scale -- [--storage=sqlite|redis] [--conversations=N] [--days=D] [--runs=R] [--data=DIR]
 * [--redis-url=URL] [--redis-prefix=P] [--no-csv] [--app=path/to/dist/src/index.js]` (--data keeps the seeded SQLite
 * file between runs: seeded only when missing; --redis-prefix reuses a seeded Redis prefix; --app measures another
 * build, e.g. the one before this change). The CSV export runs once. The machine is shared: read ratios.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_ENTRY, appEnvironment, DIST, freePort, startServer, type ServerUnderTest } from './serverProcess';
import { percentile, sortedCopy } from './stats';
import { messageActivity } from './walk';

const ROOT = path.resolve(__dirname, '..', '..');
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const log = (message: string): void => void process.stderr.write(`[scale] ${message}\n`);

export interface ScaleOptions {
  storage: 'sqlite' | 'redis';
  conversations: number;
  days: number;
  runs: number;
  /** Keep the SQLite file here (seeded only when missing); default a temporary directory. */
  dataDir?: string;
  /** Skip the CSV export. */
  skipCsv?: boolean;
  /** The application to start (default this build's dist/src/index.js): e.g. an older build, to measure "before". */
  appEntry?: string;
  /** Use this Redis key prefix (already seeded) instead of seeding a fresh one. */
  redisPrefix?: string;
  redisUrl?: string;
}

export interface ScaleFigures {
  storage: 'sqlite' | 'redis';
  conversations: number;
  days: number;
  /** Seconds to seed (undefined when an existing file was reused). */
  seedSeconds?: number;
  idleTurnP50Ms: number;
  idleTurnP99Ms: number;
  summaryMs: number[];
  csvMs: number[];
  csvBytes: number;
  /** Turns sent while the summary / export ran. */
  turnsDuring: number;
  turnDuringMaxMs: number;
  turnDuringP99Ms: number;
  rssBeforeMb: number;
  rssPeakMb: number;
}

function seed(env: NodeJS.ProcessEnv, options: ScaleOptions): number {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [path.join(DIST, 'src', 'cli', 'seedAnalytics.js'), '--conversations', String(options.conversations), '--days', String(options.days), '--seed', '1'],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`seeding failed (${result.status})`);
  log(result.stdout.trim());
  return (performance.now() - started) / 1000;
}

async function turn(url: string, id: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messageActivity(id, 'my iCloud backup failed')),
  });
  await response.text();
  if (response.status !== 200) throw new Error(`turn failed: HTTP ${response.status}`);
  return performance.now() - started;
}

async function timedGet(url: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  const body = await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status} ${Buffer.from(body).toString().slice(0, 200)}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

/** Runs `work` while one client sends turns back to back; the turns' latencies. */
async function turnsDuring<T>(url: string, prefix: string, work: () => Promise<T>): Promise<{ result: T; latencies: number[] }> {
  let done = false;
  const latencies: number[] = [];
  let n = 0;
  const chatting = (async () => {
    while (!done) latencies.push(await turn(url, `${prefix}-${++n}`));
  })();
  // Let the first turn start before the dashboard's request goes out.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const result = await work();
  done = true;
  await chatting;
  return { result, latencies };
}

export async function benchScale(options: ScaleOptions): Promise<ScaleFigures> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'scale-'));
  const dataDir = options.dataDir ?? tmp;
  mkdirSync(dataDir, { recursive: true });
  const sqlitePath = path.join(dataDir, 'bot.sqlite');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...appEnvironment(port, options.storage === 'redis' ? 'memory' : 'sqlite', sqlitePath),
    ADMIN_KEY,
    ...(options.storage === 'redis' ? { STORAGE: 'redis', REDIS_URL: options.redisUrl, REDIS_KEY_PREFIX: options.redisPrefix ?? `scale${Date.now()}:` } : {}),
  };
  let seedSeconds: number | undefined;
  let server: ServerUnderTest | undefined;
  try {
    if (options.storage === 'redis' ? !options.redisPrefix : !existsSync(sqlitePath.replace(/\.sqlite$/, '-analytics.sqlite'))) {
      log(`seeding ${options.conversations} conversations over ${options.days} days (${options.storage})`);
      seedSeconds = seed(env, options);
      log(`seeded in ${seedSeconds.toFixed(1)} s`);
    }
    server = await startServer(options.appEntry ?? APP_ENTRY, env, ROOT);
    const url = server.url;
    for (let i = 0; i < 50; i++) await turn(url, `warm-${i}`);
    const idle: number[] = [];
    for (let i = 0; i < 300; i++) idle.push(await turn(url, `idle-${i}`));
    const idleSorted = sortedCopy(idle);
    const rssBefore = server.rssBytes();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      try {
        rssPeak = Math.max(rssPeak, server!.rssBytes());
      } catch {
        // exited
      }
    }, 20);
    const now = Date.now();
    const query = `from=${encodeURIComponent(new Date(now - options.days * 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(now).toISOString())}`;
    const summaryMs: number[] = [];
    const csvMs: number[] = [];
    let csvBytes = 0;
    const during: number[] = [];
    try {
      for (let run = 0; run < options.runs; run++) {
        const s = await turnsDuring(url, `during-s${run}`, () => timedGet(`${url}/admin/api/summary?${query}`));
        summaryMs.push(s.result.ms);
        during.push(...s.latencies);
        log(`summary ${s.result.ms.toFixed(0)} ms; ${s.latencies.length} turns during it, slowest ${Math.max(...s.latencies).toFixed(1)} ms`);
        // The export of a whole month takes minutes however it is done: once is enough to see the turns beside it.
        if (run > 0 || options.skipCsv) continue;
        const c = await turnsDuring(url, `during-c${run}`, () => timedGet(`${url}/admin/api/export.csv?${query}`));
        csvMs.push(c.result.ms);
        csvBytes = c.result.bytes;
        during.push(...c.latencies);
        log(`CSV ${(c.result.bytes / 1e6).toFixed(0)} MB in ${c.result.ms.toFixed(0)} ms; ${c.latencies.length} turns during it, slowest ${Math.max(...c.latencies).toFixed(1)} ms`);
      }
    } finally {
      clearInterval(sampler);
    }
    const duringSorted = sortedCopy(during);
    return {
      storage: options.storage,
      conversations: options.conversations,
      days: options.days,
      seedSeconds,
      idleTurnP50Ms: percentile(idleSorted, 50),
      idleTurnP99Ms: percentile(idleSorted, 99),
      summaryMs,
      csvMs,
      csvBytes,
      turnsDuring: during.length,
      turnDuringMaxMs: duringSorted[duringSorted.length - 1] ?? NaN,
      turnDuringP99Ms: percentile(duringSorted, 99),
      rssBeforeMb: rssBefore / 2 ** 20,
      rssPeakMb: rssPeak / 2 ** 20,
    };
  } finally {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function describeScale(f: ScaleFigures): string {
  const ms = (values: number[]): string => values.map((v) => v.toFixed(0)).join(' / ');
  return [
    `${f.storage}, ${f.conversations.toLocaleString('en')} conversations over ${f.days} days${f.seedSeconds !== undefined ? `, seeded in ${f.seedSeconds.toFixed(1)} s` : ''}:`,
    `  summary for ${f.days} days: ${ms(f.summaryMs)} ms; CSV export (${(f.csvBytes / 1e6).toFixed(0)} MB): ${ms(f.csvMs)} ms`,
    `  a turn idle: p50 ${f.idleTurnP50Ms.toFixed(1)} ms, p99 ${f.idleTurnP99Ms.toFixed(1)} ms; during them (${f.turnsDuring} turns): p99 ${f.turnDuringP99Ms.toFixed(1)} ms, slowest ${f.turnDuringMaxMs.toFixed(1)} ms = ${(f.turnDuringMaxMs / f.idleTurnP99Ms).toFixed(2)}× idle p99`,
    `  RSS ${f.rssBeforeMb.toFixed(0)} MB before, peak ${f.rssPeakMb.toFixed(0)} MB (+${(f.rssPeakMb - f.rssBeforeMb).toFixed(0)} MB)`,
  ].join('\n');
}

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

if (require.main === module) {
  const storage = (option('storage') ?? 'sqlite') as 'sqlite' | 'redis';
  benchScale({
    storage,
    conversations: Number(option('conversations') ?? 1_000_000),
    days: Number(option('days') ?? 30),
    runs: Number(option('runs') ?? 3),
    dataDir: option('data'),
    skipCsv: process.argv.includes('--no-csv'),
    appEntry: option('app'),
    redisPrefix: option('redis-prefix'),
    redisUrl: option('redis-url') ?? process.env.REDIS_URL,
  })
    .then((f) => {
      process.stdout.write(`${describeScale(f)}\n(load average ${execFileSync('cat', ['/proc/loadavg']).toString().trim()})\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`scale bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    });
}

/**
 * The scale scenario (issue 22): the dashboard with 1,000,000 conversations while a person chats.
 *   1. Seeds N conversations over D days with `npm run analytics:seed` (the compiled CLI) into a fresh store: SQLite
 *      (a temporary SQLITE_PATH) or Redis (REDIS_URL, under a fresh key prefix). Timed.
 *   2. Starts the real application on that store (ADMIN_KEY set), warms it up, and measures a person's turn when idle:
 *      sequential first turns of new conversations, p50/p99.
 *   3. Asks GET /admin/api/summary for the last D days a few times, then the CSV export once (downloaded by another
 *      process, bench/download.ts, that drops it as it streams), while one client sends turns one after another: the
 *      summary's and export's times, the turns' latency during each (max and p99) ÷ the idle p99, and the server's
 *      RSS growth (sampled every 20 ms) during the summaries and during the export, separately.
 * Run alone: `npm run bench:scale -- [--storage=sqlite|redis] [--conversations=N] [--days=D] [--runs=R] [--data=DIR]
 * [--redis-url=URL] [--redis-prefix=P] [--no-csv] [--csv-in-process] [--app=path/to/dist/src/index.js]` (--data keeps the seeded SQLite
 * file between runs: seeded only when missing; --redis-prefix reuses a seeded Redis prefix; --app measures another
 * build, e.g. the one before this change; --csv-in-process buffers the CSV in this process, as the bench did before).
 * The CSV export runs once. The machine is shared: read ratios.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_ENTRY, appEnvironment, DIST, freePort, startServer, type ServerUnderTest } from './serverProcess';
import type { Download } from './download';
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
  /** Download the CSV in this process, buffering it whole (as this bench did before: to compare). */
  csvInProcess?: boolean;
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
  /** SHA-256 of the CSV body (to compare two builds' exports of the same store). */
  csvSha256?: string;
  /** Turns sent while the summaries ran, and while the export ran. */
  duringSummary: TurnsFigures;
  duringCsv?: TurnsFigures;
  rssBeforeMb: number;
  /** The server's RSS growth (peak − RSS when the phase began, MB): the largest over the summaries; the export. */
  rssSummaryGrowthMb: number;
  rssCsvGrowthMb?: number;
}

export interface TurnsFigures {
  turns: number;
  maxMs: number;
  p99Ms: number;
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

/**
 * The CSV, downloaded by another process (bench/download.ts) that hashes and drops it as it streams: buffering 151 MB
 * here, in the process that times the turns, stalled the timing itself.
 */
async function downloadElsewhere(url: string): Promise<Download> {
  const child = spawn(process.execPath, [path.join(__dirname, 'download.js'), url], {
    env: { PATH: process.env.PATH, DOWNLOAD_BEARER: ADMIN_KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`download of ${url} failed (${code})`);
  const result = JSON.parse(out) as Download;
  if (result.status !== 200) throw new Error(`GET ${url}: HTTP ${result.status}`);
  return result;
}

/** The server's RSS growth during a phase: call `begin` when it starts, `growthMb` when it ends. */
class RssWatch {
  private start = 0;
  private peak = 0;
  private readonly sampler: NodeJS.Timeout;
  constructor(private readonly server: ServerUnderTest) {
    this.sampler = setInterval(() => this.sample(), 20);
  }

  private sample(): void {
    try {
      this.peak = Math.max(this.peak, this.server.rssBytes());
    } catch {
      // exited
    }
  }

  begin(): void {
    this.start = this.server.rssBytes();
    this.peak = this.start;
  }

  growthMb(): number {
    this.sample();
    return (this.peak - this.start) / 2 ** 20;
  }

  stop(): void {
    clearInterval(this.sampler);
  }
}

function turnsFigures(latencies: number[]): TurnsFigures {
  const sorted = sortedCopy(latencies);
  return { turns: sorted.length, maxMs: sorted[sorted.length - 1] ?? NaN, p99Ms: percentile(sorted, 99) };
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

async function summariesWithTurns(url: string, query: string, runs: number, watch: RssWatch) {
  const summaryMs: number[] = [];
  const during: number[] = [];
  let rssSummaryGrowthMb = 0;
  for (let run = 0; run < runs; run++) {
    watch.begin();
    const s = await turnsDuring(url, `during-s${run}`, () => timedGet(`${url}/admin/api/summary?${query}`));
    rssSummaryGrowthMb = Math.max(rssSummaryGrowthMb, watch.growthMb());
    summaryMs.push(s.result.ms);
    during.push(...s.latencies);
    log(`summary ${s.result.ms.toFixed(0)} ms; ${s.latencies.length} turns during it, slowest ${Math.max(...s.latencies).toFixed(1)} ms`);
  }
  return { summaryMs, duringSummary: turnsFigures(during), rssSummaryGrowthMb };
}

/** The export of a whole month, once, downloaded by another process while one client chats. */
async function csvWithTurns(url: string, query: string, watch: RssWatch, inProcess: boolean) {
  watch.begin();
  const csvUrl = `${url}/admin/api/export.csv?${query}`;
  const c = await turnsDuring(url, 'during-c', async () => (inProcess ? { ...(await timedGet(csvUrl)), sha256: undefined } : downloadElsewhere(csvUrl)));
  const rssGrowthMb = watch.growthMb();
  log(`CSV ${(c.result.bytes / 1e6).toFixed(0)} MB in ${c.result.ms.toFixed(0)} ms; ${c.latencies.length} turns during it, slowest ${Math.max(...c.latencies).toFixed(1)} ms`);
  return { ...c.result, during: turnsFigures(c.latencies), rssGrowthMb };
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
    const now = Date.now();
    const query = `from=${encodeURIComponent(new Date(now - options.days * 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(now).toISOString())}`;
    const watch = new RssWatch(server);
    try {
      const summaries = await summariesWithTurns(url, query, options.runs, watch);
      const csv = options.skipCsv ? undefined : await csvWithTurns(url, query, watch, options.csvInProcess ?? false);
      return {
        storage: options.storage,
        conversations: options.conversations,
        days: options.days,
        seedSeconds,
        idleTurnP50Ms: percentile(idleSorted, 50),
        idleTurnP99Ms: percentile(idleSorted, 99),
        ...summaries,
        csvMs: csv ? [csv.ms] : [],
        csvBytes: csv?.bytes ?? 0,
        csvSha256: csv?.sha256,
        duringCsv: csv?.during,
        rssCsvGrowthMb: csv?.rssGrowthMb,
        rssBeforeMb: rssBefore / 2 ** 20,
      };
    } finally {
      watch.stop();
    }
  } finally {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function describeScale(f: ScaleFigures): string {
  const ms = (values: number[]): string => values.map((v) => v.toFixed(0)).join(' / ');
  const turns = (t: TurnsFigures): string =>
    `${t.turns} turns, p99 ${t.p99Ms.toFixed(1)} ms, slowest ${t.maxMs.toFixed(1)} ms = ${(t.maxMs / f.idleTurnP99Ms).toFixed(2)}× idle p99`;
  const lines = [
    `${f.storage}, ${f.conversations.toLocaleString('en')} conversations over ${f.days} days${f.seedSeconds !== undefined ? `, seeded in ${f.seedSeconds.toFixed(1)} s` : ''}:`,
    `  a turn idle: p50 ${f.idleTurnP50Ms.toFixed(1)} ms, p99 ${f.idleTurnP99Ms.toFixed(1)} ms; server RSS ${f.rssBeforeMb.toFixed(0)} MB before`,
    `  summary for ${f.days} days: ${ms(f.summaryMs)} ms; during them ${turns(f.duringSummary)}; RSS +${f.rssSummaryGrowthMb.toFixed(0)} MB at most`,
  ];
  if (f.duringCsv) {
    lines.push(
      `  CSV export (${(f.csvBytes / 1e6).toFixed(0)} MB, sha256 ${f.csvSha256?.slice(0, 16)}…): ${ms(f.csvMs)} ms; during it ${turns(f.duringCsv)}; RSS +${(f.rssCsvGrowthMb ?? NaN).toFixed(0)} MB`,
    );
  }
  return lines.join('\n');
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
    csvInProcess: process.argv.includes('--csv-in-process'),
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

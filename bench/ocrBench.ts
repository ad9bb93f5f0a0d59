/**
 * The OCR section of `npm run bench` (alone: `npm run bench:ocr`):
 *   1. OCR time per screenshot (check + pre-processing + recognition), one at a time, over the held-out backup
 *      screenshots (test/fixtures/screenshots/): p50 and p99, in this process with the bot's pool (2 workers).
 *   2. Typed turns of other people while screenshots are read: the real application in a child process (memory
 *      storage, OCR_WORKERS=2); p99 of sequential typed first turns ("backup failed but I have space", each a new
 *      conversation) when idle, then while 4 clients keep sending screenshots as data: URIs over /api/messages; the
 *      ratio loaded ÷ idle (target ≤ 2). The load average is printed with it (other work on the machine shows there).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readManifest } from '../src/channels/images/screenshotEval';
import { ScreenshotReader } from '../src/ocr/screenshotReader';
import { TesseractPool } from '../src/ocr/tesseractPool';
import { loadAverage } from './results';
import { APP_ENTRY, appEnvironment, freePort, startServer } from './serverProcess';
import { percentile, sortedCopy } from './stats';
import { messageActivity } from './walk';

const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, 'test', 'fixtures', 'screenshots');
const log = (message: string): void => void process.stderr.write(`[bench:ocr] ${message}\n`);

export interface OcrFigures {
  screenshots: number;
  /** OCR_WORKERS of the app and of the timing pool ('default' = the app's default). */
  workers: string;
  ocrP50Ms: number;
  ocrP99Ms: number;
  typedTurns: number;
  typedIdleP99Ms: number;
  typedLoadedP99Ms: number;
  screenshotsReadDuringLoad: number;
  loadAverage: string;
}

function backupScreenshots(): string[] {
  return readManifest(DIR).filter((e) => e.expectedRoute !== 'none').map((e) => path.join(DIR, e.file));
}

/** Options from the command line: --turns=N, --shots=N (first N screenshots timed), --workers=N, --vips-threads=N. */
export interface OcrBenchOptions {
  turns?: number;
  shots?: number;
  workers?: number;
  /** VIPS_CONCURRENCY for this process and the app (libvips threads per image operation). */
  vipsThreads?: number;
}

async function ocrTimes(files: readonly string[], workers: number | undefined): Promise<number[]> {
  const reader = new ScreenshotReader(new TesseractPool(workers === undefined ? {} : { workers }));
  try {
    await reader.read(readFileSync(files[0]!)); // workers start (not timed)
    const times: number[] = [];
    for (const file of files) {
      const started = performance.now();
      await reader.read(readFileSync(file));
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    await reader.close();
  }
}

async function postTurn(url: string, body: unknown): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return performance.now() - started;
}

async function typedTurns(url: string, count: number, tag: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(await postTurn(url, messageActivity(`typed-${tag}-${i}`, 'backup failed but I have space')));
  return times;
}

/** 4 clients sending screenshots until `stop` resolves; returns how many were read. */
async function screenshotLoad(url: string, files: readonly string[], stop: Promise<void>): Promise<number> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  let read = 0;
  const client = async (c: number): Promise<void> => {
    for (let i = c; !stopped; i += 4) {
      const bytes = readFileSync(files[i % files.length]!);
      const activity = { ...messageActivity(`shot-${c}-${i}`, ''), text: undefined, attachments: [{ contentType: 'image/jpeg', contentUrl: `data:image/jpeg;base64,${bytes.toString('base64')}` }] };
      await postTurn(url, activity);
      read += 1;
    }
  };
  await Promise.all([0, 1, 2, 3].map(client));
  return read;
}

function benchEnvironment(port: number, tmp: string, options: OcrBenchOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...appEnvironment(port, 'memory', path.join(tmp, 'bot.sqlite')), RATE_LIMIT_PER_CLIENT: '0', RATE_LIMIT_PER_CONVERSATION: '0' };
  if (options.workers !== undefined) env.OCR_WORKERS = String(options.workers);
  if (options.vipsThreads !== undefined) env.VIPS_CONCURRENCY = String(options.vipsThreads);
  return env;
}

export async function benchOcr(options: OcrBenchOptions = {}): Promise<OcrFigures> {
  const turns = options.turns ?? 200;
  const all = backupScreenshots();
  const files = options.shots === undefined ? all : all.slice(0, Math.max(4, options.shots));
  log(`OCR of ${files.length} screenshots, one at a time`);
  const ocr = sortedCopy(await ocrTimes(files, options.workers));
  const tmp = mkdtempSync(path.join(tmpdir(), 'bench-ocr-'));
  const port = await freePort();
  const server = await startServer(APP_ENTRY, benchEnvironment(port, tmp, options), ROOT);
  try {
    await typedTurns(server.url, 20, 'warm');
    await screenshotLoad(server.url, files.slice(0, 4), Promise.resolve()); // OCR workers start
    log(`${turns} typed turns idle`);
    const idle = sortedCopy(await typedTurns(server.url, turns, 'idle'));
    log(`${turns} typed turns while 4 screenshots are being read`);
    let release!: () => void;
    const stop = new Promise<void>((resolve) => (release = resolve));
    const load = screenshotLoad(server.url, files, stop);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const loaded = sortedCopy(await typedTurns(server.url, turns, 'loaded'));
    release();
    const read = await load;
    return {
      screenshots: files.length,
      workers: options.workers === undefined ? 'default' : String(options.workers),
      ocrP50Ms: percentile(ocr, 50),
      ocrP99Ms: percentile(ocr, 99),
      typedTurns: turns,
      typedIdleP99Ms: percentile(idle, 99),
      typedLoadedP99Ms: percentile(loaded, 99),
      screenshotsReadDuringLoad: read,
      loadAverage: loadAverage(),
    };
  } finally {
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function describeOcr(f: OcrFigures): string {
  return [
    `OCR per screenshot (${f.screenshots} held-out backup screenshots, one at a time, OCR_WORKERS ${f.workers}): p50 ${f.ocrP50Ms.toFixed(0)} ms, p99 ${f.ocrP99Ms.toFixed(0)} ms (targets 2 s / 5 s)`,
    `Typed first turns (${f.typedTurns} sequential, POST /api/messages expectReplies): p99 idle ${f.typedIdleP99Ms.toFixed(1)} ms, ` +
      `while 4 screenshots are being read ${f.typedLoadedP99Ms.toFixed(1)} ms: ratio ${(f.typedLoadedP99Ms / f.typedIdleP99Ms).toFixed(2)}× (target ≤ 2×); ` +
      `${f.screenshotsReadDuringLoad} screenshots read meanwhile`,
    `Load average (1/5/15 min) after the run: ${f.loadAverage}`,
  ].join('\n');
}

if (require.main === module) {
  const flag = (name: string): number | undefined => {
    const value = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    return value === undefined ? undefined : Number(value);
  };
  // VIPS_CONCURRENCY is read when sharp loads: for this process set it in the shell; --vips-threads sets the app's.
  const vipsThreads = flag('vips-threads') ?? (process.env.VIPS_CONCURRENCY ? Number(process.env.VIPS_CONCURRENCY) : undefined);
  benchOcr({ turns: flag('turns'), shots: flag('shots'), workers: flag('workers'), vipsThreads }).then(
    (figures) => process.stdout.write(`## OCR\n\n\`\`\`\n${describeOcr(figures)}\n\`\`\`\n`),
    (err: unknown) => {
      process.stderr.write(`bench:ocr failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}

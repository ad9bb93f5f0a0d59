/**
 * How long the dashboard's summary holds the event loop at a time, and in which step: runs summarizeStore over a
 * seeded store in this process while a 1-ms timer measures how late it fires and how much CPU the main thread used
 * since it last fired: the longest such slice is what a person's turn arriving then would wait, on an idle machine (the
 * CPU figure does not grow with the machine's load as wall time does). Each slice names the store calls begun in it.
 *   node dist/bench/summarySlices.js --sqlite=/tmp/scale2/big/bot-analytics.sqlite [--days=30] [--runs=3]
 *   node dist/bench/summarySlices.js --redis-url=redis://127.0.0.1:PORT --redis-prefix=big: [--days=30] [--runs=3]
 * `--export` measures the CSV export instead (csvChunks over the store's pages, as GET /admin/api/export.csv, the
 * chunks dropped as they come).
 * Run it under `node --cpu-prof` to see the functions behind a long slice. Stalls of the whole process (the machine is
 * shared) show up here too: read several runs.
 */
import { readFileSync } from 'node:fs';
import { RedisAnalyticsStore } from '../src/analytics/redisAnalyticsStore';
import { SqliteAnalyticsStore } from '../src/analytics/sqliteAnalyticsStore';
import { summarizeStore } from '../src/analytics/summarizeStore';
import { csvChunks } from '../src/analytics/csv';
import { EXPORT_PAGE } from '../src/analytics/adminRoutes';
import type { AnalyticsStore } from '../src/analytics/types';
import { percentile, sortedCopy } from './stats';

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

/** The store, with every call naming the step that runs (`step.names`: the steps begun since the probe last ran). */
function labelled(store: AnalyticsStore, step: { names: Set<string> }): AnalyticsStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        step.names.add(property === 'counters' ? `counters(${String(args[0])})` : property);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

export interface SliceFigures {
  summaryMs: number;
  /** Main-thread CPU of the whole summary (ms). */
  cpuMs: number;
  /** Per interval of the 1-ms probe timer: how late it fired and the main thread's CPU since it last ran (ms). */
  latenessMs: number[];
  sliceCpuMs: number[];
  /** The largest CPU slice per step (the steps begun within that slice). */
  worstByStep: Map<string, number>;
  /** Bytes of CSV (the export). */
  bytes: number;
  /** This process's RSS before and its peak during the work (sampled by the probe). */
  rssBeforeMb: number;
  rssPeakMb: number;
}

const threadCpuMs = (): number => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

/** The work measured: the dashboard's summary, or the CSV export (its chunks counted and dropped, as a fast client would). */
export type SlicedWork = 'summary' | 'export';

async function runWork(work: SlicedWork, store: AnalyticsStore, days: number, figures: SliceFigures): Promise<void> {
  const now = Date.now();
  const period = { from: now - days * 86_400_000, to: now, now, abandonAfterMs: 30 * 60_000 };
  if (work === 'summary') {
    await summarizeStore(store, period);
    return;
  }
  for await (const chunk of csvChunks(store.exportPages(period.from, period.to, EXPORT_PAGE), now, period.abandonAfterMs)) {
    figures.bytes += Buffer.byteLength(chunk);
  }
}

export async function measureSlices(store: AnalyticsStore, days: number, work: SlicedWork = 'summary'): Promise<SliceFigures> {
  const step = { names: new Set<string>(['start']) };
  const figures: SliceFigures = { summaryMs: 0, cpuMs: 0, latenessMs: [], sliceCpuMs: [], worstByStep: new Map(), bytes: 0, rssBeforeMb: process.memoryUsage.rss() / 2 ** 20, rssPeakMb: 0 };
  let expected = performance.now() + 1;
  let cpuBefore = threadCpuMs();
  const probe = setInterval(() => {
    const now = performance.now();
    const cpu = threadCpuMs();
    const slice = cpu - cpuBefore;
    figures.latenessMs.push(Math.max(0, now - expected));
    figures.sliceCpuMs.push(slice);
    const name = [...step.names].join('+');
    figures.worstByStep.set(name, Math.max(figures.worstByStep.get(name) ?? 0, slice));
    figures.rssPeakMb = Math.max(figures.rssPeakMb, process.memoryUsage.rss() / 2 ** 20);
    const current = [...step.names].pop()!;
    step.names = new Set([current]);
    expected = now + 1;
    cpuBefore = cpu;
  }, 1);
  const started = performance.now();
  const cpuStarted = threadCpuMs();
  await runWork(work, labelled(store, step), days, figures);
  figures.summaryMs = performance.now() - started;
  figures.cpuMs = threadCpuMs() - cpuStarted;
  step.names.add('(after)');
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(probe);
  return figures;
}

export function describeSlices(f: SliceFigures): string {
  const late = sortedCopy(f.latenessMs);
  const cpu = sortedCopy(f.sliceCpuMs);
  const steps = [...f.worstByStep.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([name, ms]) => `${name} ${ms.toFixed(1)}`);
  return [
    `${f.bytes > 0 ? `export of ${(f.bytes / 1e6).toFixed(0)} MB` : 'summary'} ${f.summaryMs.toFixed(0)} ms wall, ${f.cpuMs.toFixed(0)} ms main-thread CPU; ${f.sliceCpuMs.length} probe intervals; RSS +${(f.rssPeakMb - f.rssBeforeMb).toFixed(0)} MB at peak`,
    `  main-thread CPU between two probes: p99 ${percentile(cpu, 99).toFixed(1)} ms, max ${cpu[cpu.length - 1]?.toFixed(1)} ms; probe late: p99 ${percentile(late, 99).toFixed(1)} ms, max ${late[late.length - 1]?.toFixed(1)} ms`,
    `  largest CPU slice by step (ms): ${steps.join(', ')}`,
  ].join('\n');
}

function openStore(): AnalyticsStore {
  const sqlite = option('sqlite');
  if (sqlite) return new SqliteAnalyticsStore({ path: sqlite, flushIntervalMs: 0 });
  const url = option('redis-url');
  if (!url) throw new Error('--sqlite=FILE or --redis-url=URL --redis-prefix=P');
  return new RedisAnalyticsStore({ url, keyPrefix: option('redis-prefix') ?? 'bot:' });
}

async function main(): Promise<void> {
  const store = openStore();
  try {
    const days = Number(option('days') ?? 30);
    const work: SlicedWork = process.argv.includes('--export') ? 'export' : 'summary';
    for (let run = 0; run < Number(option('runs') ?? 3); run++) {
      process.stdout.write(`run ${run + 1}: ${describeSlices(await measureSlices(store, days, work))}\n`);
    }
    process.stdout.write(`(load average ${readFileSync('/proc/loadavg', 'utf8').trim()})\n`);
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`summary slices failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}

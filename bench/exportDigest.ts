/**
 * The SHA-256 and size of a store's CSV export for a fixed period, to show two builds export the same bytes:
 *   node dist/bench/exportDigest.js (--sqlite=FILE | --redis-url=URL --redis-prefix=P) --from=ISO --to=ISO [--dist=DIR]
 * --dist uses another build's store and CSV code (e.g. main's dist/), with its own page size (500 before this change).
 * It only reads (opening a SQLite store runs its CREATE … IF NOT EXISTS, as the bot does).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

interface Build {
  csvChunks: (pages: AsyncIterable<unknown>, now: number, abandonAfterMs: number) => AsyncIterable<string>;
  open: () => { exportPages(from: number, to: number, pageSize: number): AsyncIterable<unknown>; close(): Promise<void> };
  pageSize: number;
}

type StoreClass = new (options: Record<string, unknown>) => ReturnType<Build['open']>;

async function load(dist: string): Promise<Build> {
  const module = async <T>(name: string): Promise<T> => (await import(path.join(dist, 'src', 'analytics', name))) as T;
  const { csvChunks } = await module<Pick<Build, 'csvChunks'>>('csv');
  const { EXPORT_PAGE } = await module<{ EXPORT_PAGE?: number }>('adminRoutes');
  const sqlite = option('sqlite');
  const Store = sqlite
    ? (await module<{ SqliteAnalyticsStore: StoreClass }>('sqliteAnalyticsStore')).SqliteAnalyticsStore
    : (await module<{ RedisAnalyticsStore: StoreClass }>('redisAnalyticsStore')).RedisAnalyticsStore;
  const open = (): ReturnType<Build['open']> =>
    sqlite ? new Store({ path: sqlite, flushIntervalMs: 0 }) : new Store({ url: option('redis-url'), keyPrefix: option('redis-prefix') ?? 'bot:' });
  return { csvChunks, open, pageSize: EXPORT_PAGE ?? 500 };
}

async function main(): Promise<void> {
  const from = Date.parse(option('from') ?? '');
  const to = Date.parse(option('to') ?? '');
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new Error('--from=ISO --to=ISO are required');
  const build = await load(path.resolve(option('dist') ?? path.join(__dirname, '..')));
  const store = build.open();
  const hash = createHash('sha256');
  let bytes = 0;
  const started = performance.now();
  try {
    for await (const chunk of build.csvChunks(store.exportPages(from, to, build.pageSize), to, 30 * 60_000)) {
      bytes += Buffer.byteLength(chunk);
      hash.update(chunk);
    }
  } finally {
    await store.close();
  }
  process.stdout.write(`${hash.digest('hex')} ${bytes} bytes, pages of ${build.pageSize}, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`export digest failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}

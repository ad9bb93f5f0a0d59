/**
 * `npm run analytics:seed -- --conversations N [--days D] [--seed S]`: writes N realistic conversation records
 * (routes, outcomes, solutions, CSAT, low-confidence messages; see analytics/seedData.ts) last active over the last D
 * days (default 30) into the configured analytics store (SQLITE_PATH's analytics file, or REDIS_URL with STORAGE=redis),
 * through the store's importBatch — the same interface and counters the bot uses. For measuring at scale; refuses to
 * run when NODE_ENV=production.
 */
import { createAnalyticsStore } from '../analytics/createAnalyticsStore';
import { AnalyticsSeeder } from '../analytics/seedData';
import { ConfigError, loadConfig } from '../config/config';
import { loadDialogContent } from '../content/loadContent';

const USAGE = 'usage: npm run analytics:seed -- --conversations N [--days D] [--seed S]';
/** Conversations written per batch (one transaction on SQLite, one pipeline on Redis). */
const BATCH = 5000;
const quietLog = { info: () => undefined, warn: (o: object, m?: string) => void process.stderr.write(`${m ?? ''} ${JSON.stringify(o)}\n`), error: () => undefined };

export interface SeedArguments {
  conversations: number;
  days: number;
  seed: number;
}

export function parseSeedArguments(args: readonly string[]): SeedArguments {
  const values: Record<string, number> = { conversations: NaN, days: 30, seed: 1 };
  for (let i = 0; i < args.length; i++) {
    const match = /^--(conversations|days|seed)(?:=(.*))?$/.exec(args[i]!);
    if (!match) throw new Error(`unknown argument ${args[i]}`);
    const text = match[2] ?? args[++i];
    const value = Number(text);
    if (text === undefined || !Number.isFinite(value) || value < 0 || (match[1] !== 'days' && !Number.isInteger(value))) throw new Error(`--${match[1]} needs a number, got ${JSON.stringify(text)}`);
    values[match[1]!] = value;
  }
  if (!(values.conversations! > 0)) throw new Error('--conversations N is required (N > 0)');
  if (!(values.days! > 0)) throw new Error('--days must be more than 0');
  return values as unknown as SeedArguments;
}

async function main(): Promise<number> {
  if (process.env.NODE_ENV === 'production') {
    process.stderr.write('analytics:seed writes made-up conversations: it does not run with NODE_ENV=production.\n');
    return 2;
  }
  let args: SeedArguments;
  try {
    args = parseSeedArguments(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  if (config.storage.kind === 'memory') {
    process.stderr.write('STORAGE=memory keeps analytics inside the bot process: nothing to seed from here.\n');
    return 2;
  }
  const seeder = new AnalyticsSeeder(loadDialogContent(config.contentDir), { now: Date.now(), days: args.days, seed: args.seed, conversations: args.conversations });
  const store = await createAnalyticsStore({ ...config.storage }, quietLog);
  const started = performance.now();
  try {
    for (let first = 0; first < args.conversations; first += BATCH) {
      await store.importBatch(seeder.batch(first, Math.min(BATCH, args.conversations - first)));
      if ((first / BATCH) % 20 === 19) process.stderr.write(`${first + BATCH} conversations…\n`);
    }
  } finally {
    await store.close();
  }
  const where = config.storage.kind === 'redis' ? `Redis (${config.storage.keyPrefix}analytics:)` : config.storage.sqlitePath.replace(/(\.sqlite3?|\.db)?$/, '-analytics$1');
  process.stdout.write(`Seeded ${args.conversations} conversations over ${args.days} days (seed ${args.seed}) into ${where} in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(err instanceof ConfigError ? `Cannot seed: ${err.message}\n` : `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

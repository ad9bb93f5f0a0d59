/**
 * `npm run report`: the operators' figures in the terminal — conversations, containment, escalation, hand-off and
 * abandonment rates, per-route fix rates and the training to-do list — read from the configured store (STORAGE /
 * SQLITE_PATH / REDIS_URL; default SQLite data/bot.sqlite).
 *   --from=YYYY-MM-DD|ISO  --to=YYYY-MM-DD|ISO   period (default: the last 7 days)
 *   --days=N                                      the last N days
 *   --json                                        the summary as JSON (the /admin/api/summary shape)
 *   --csv                                         one row per conversation (the /admin export)
 */
import { existsSync } from 'node:fs';
import { analyticsSqlitePath, createAnalyticsStore } from '../analytics/createAnalyticsStore';
import { csvChunks } from '../analytics/csv';
import { formatReport } from '../analytics/formatReport';
import { parsePeriod, PeriodError } from '../analytics/period';
import { routeLabelsOf } from '../analytics/routeLabels';
import { summarizeStore } from '../analytics/summarizeStore';
import { ConfigError, loadConfig } from '../config/config';
import { loadDialogContent } from '../content/loadContent';

const USAGE = 'usage: npm run report -- [--from=YYYY-MM-DD] [--to=YYYY-MM-DD] [--days=N] [--json | --csv]';
const quietLog = { info: () => undefined, warn: (o: object, m?: string) => void process.stderr.write(`${m ?? ''} ${JSON.stringify(o)}\n`), error: () => undefined };

function option(args: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return args.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !/^--(from|to|days)=/.test(a) && a !== '--json' && a !== '--csv');
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument ${unknown[0]}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const now = Date.now();
  const daysArg = option(args, 'days');
  let period;
  try {
    if (daysArg !== undefined) {
      const days = Number(daysArg);
      if (!(days > 0)) throw new PeriodError(`--days must be a positive number, got ${JSON.stringify(daysArg)}`);
      period = { from: now - days * 86_400_000, to: now };
    } else {
      period = parsePeriod({ from: option(args, 'from'), to: option(args, 'to') }, now);
    }
  } catch (err) {
    if (!(err instanceof PeriodError)) throw err;
    process.stderr.write(`${err.message}\n${USAGE}\n`);
    return 2;
  }
  if (config.storage.kind === 'sqlite' && !existsSync(analyticsSqlitePath(config.storage.sqlitePath))) {
    process.stderr.write(`No data yet: ${analyticsSqlitePath(config.storage.sqlitePath)} does not exist (start the bot and have a few conversations first).\n`);
  }
  if (config.storage.kind === 'memory') process.stderr.write('STORAGE=memory keeps analytics inside the bot process only: nothing to report from here.\n');

  let labels: Record<string, string> = {};
  try {
    labels = routeLabelsOf(loadDialogContent(config.contentDir));
  } catch {
    // Without content, routes are shown by id.
  }
  const store = await createAnalyticsStore({ ...config.storage }, quietLog);
  try {
    if (args.includes('--csv')) {
      // Streamed a page at a time, waiting whenever stdout is full.
      for await (const chunk of csvChunks(store.exportPages(period.from, period.to, 1000), now, config.analytics.abandonAfterMs)) {
        if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
      }
      return 0;
    }
    const summary = await summarizeStore(store, { ...period, now, abandonAfterMs: config.analytics.abandonAfterMs, routeLabels: labels });
    process.stdout.write(args.includes('--json') ? `${JSON.stringify(summary, null, 2)}\n` : formatReport(summary));
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(err instanceof ConfigError ? `Cannot report: ${err.message}\n` : `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);

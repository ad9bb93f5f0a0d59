/**
 * A Redis store written before the dashboard's counters existed (conversation hashes without `a`, ratings without a
 * counted contribution, no counter buckets) is counted by backfillCounters: the summary then equals the one of a store
 * that always had counters, and the old computation over every record; running it again changes nothing.
 */
import path from 'node:path';
import { RedisAnalyticsStore } from '../../src/analytics/redisAnalyticsStore';
import { AnalyticsSeeder } from '../../src/analytics/seedData';
import { summarize } from '../../src/analytics/summarize';
import { summarizeStore, TODO_SCAN_LIMIT } from '../../src/analytics/summarizeStore';
import { loadDialogContent } from '../../src/content/loadContent';
import { RedisServerHandle, startRedisServer } from '../helpers/redisServer';
import { DAY, HOUR, MINUTE, NOW } from './seed';

const content = loadDialogContent(path.join(__dirname, '..', '..', 'dialogs'));
const PERIOD = { from: NOW - 14 * DAY, to: NOW + DAY, now: NOW, abandonAfterMs: 30 * MINUTE };

let redis: RedisServerHandle | undefined;
let store: RedisAnalyticsStore | undefined;
beforeAll(async () => {
  redis = await startRedisServer();
  store = new RedisAnalyticsStore({ url: redis.url, keyPrefix: 'old:' });
  const seeder = new AnalyticsSeeder(content, { now: NOW + 2 * HOUR, days: 12, seed: 7, conversations: 1500 });
  for (let first = 0; first < 1500; first += 500) await store.importBatch(seeder.batch(first, 500));
});
afterAll(async () => {
  await store?.close();
  await redis?.stop();
});

/** What an older version left: the same records, no counters, nothing marked as counted. */
async function forgetCounters(s: RedisAnalyticsStore): Promise<void> {
  const counters = await s.client.keys('old:analytics:n:*');
  if (counters.length > 0) await s.client.del(...counters);
  await s.client.del('old:analytics:csat:a');
  for (const key of await s.client.zrange('old:analytics:conversations', '0', '-1')) await s.client.hdel(key, 'a');
}

async function oldFigures(s: RedisAnalyticsStore) {
  const [records, todo, ratings] = await Promise.all([s.conversations(PERIOD.from, PERIOD.to), s.lowConfidence(PERIOD.from, PERIOD.to, TODO_SCAN_LIMIT), s.ratings(PERIOD.from, PERIOD.to)]);
  return summarize(records, todo, { ...PERIOD, ratings });
}

test('counts the records of an older store once; a second run and a marked store change nothing', async () => {
  const s = store!;
  const expected = await summarizeStore(s, PERIOD);
  expect(expected).toEqual(await oldFigures(s));
  expect(expected.conversations).toBeGreaterThan(1000);

  await forgetCounters(s);
  const withoutCounters = await summarizeStore(s, PERIOD);
  expect(withoutCounters.conversations).toBeLessThan(expected.conversations);

  const added = await s.backfillCounters();
  expect(added.conversations).toBe(1500);
  expect(added.ratings).toBeGreaterThan(0);
  expect(await summarizeStore(s, PERIOD)).toEqual(expected);

  // Marked: the next start does nothing.
  expect(await s.backfillCounters()).toEqual({ conversations: 0, ratings: 0 });
  // Unmarked but already counted: every record is skipped by its script.
  await s.client.del('old:analytics:n:backfilled');
  expect(await s.backfillCounters()).toEqual({ conversations: 0, ratings: 0 });
  expect(await summarizeStore(s, PERIOD)).toEqual(expected);
});

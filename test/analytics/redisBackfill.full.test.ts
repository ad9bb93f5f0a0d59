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
import { conversationDigest } from '../../src/privacy/personalData';
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

/** Every rating the export finds through the conversations' ref sets, by id. */
async function exportedRatingIds(s: RedisAnalyticsStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of s.exportPages(PERIOD.from, PERIOD.to, 200)) ids.push(...page.ratings.map((r) => r.id));
  return ids.sort();
}

test("ratings of an older store (not in their conversation's ref set) are put there once: the export and erasure find them", async () => {
  const s = store!;
  const all = (await s.ratings(PERIOD.from, PERIOD.to)).map((r) => r.id).sort();
  expect(all.length).toBeGreaterThan(0);
  expect(await exportedRatingIds(s)).toEqual(all);

  // What a version before the ref sets held ratings left: no `c:` members in them.
  const refs = await s.client.keys('old:analytics:ref:*');
  for (const key of refs) {
    const ratings = (await s.client.smembers(key)).filter((m) => m.startsWith('c:'));
    if (ratings.length > 0) await s.client.srem(key, ...ratings);
  }
  const withRatings = (await s.ratings(PERIOD.from, PERIOD.to))[0]!;
  expect(await exportedRatingIds(s)).toEqual([]);
  // This conversation's set still exists (another member) and expires within a minute.
  const itsRef = `old:analytics:ref:${conversationDigest(withRatings)}`;
  await s.client.multi().sadd(itsRef, 'l:another').pexpire(itsRef, 60_000).exec();

  expect(await s.backfillRatingRefs()).toBe(all.length);
  expect(await exportedRatingIds(s)).toEqual(all);
  // An existing set keeps its expiry (it is not extended); every set expires.
  expect(await s.client.pttl(itsRef)).toBeLessThanOrEqual(60_000);
  expect(await s.client.sismember(itsRef, `c:${withRatings.id}`)).toBe(1);
  for (const key of await s.client.keys('old:analytics:ref:*')) expect(await s.client.pttl(key)).toBeGreaterThan(0);
  // Erasure finds the rating again.
  await s.eraseConversation(withRatings);
  expect((await s.ratings(PERIOD.from, PERIOD.to)).some((r) => r.id === withRatings.id)).toBe(false);

  // Marked: the next start does nothing; unmarked, nothing is added twice.
  expect(await s.backfillRatingRefs()).toBe(0);
  await s.client.del('old:analytics:n:rating-refs-backfilled');
  expect(await s.backfillRatingRefs()).toBe(0);
});

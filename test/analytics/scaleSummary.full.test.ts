/**
 * The dashboard's summary from the stores' counters (summarizeStore) equals the old computation over every record
 * (summarize), on the memory, SQLite and Redis stores, for the same recorded conversations: turns recorded one by one
 * (moving conversations between hours, routes and outcomes), a seeded set imported in batches, updated ratings, and
 * periods as the dashboard asks for them — the last N days from now, whole UTC dates, periods across midnight, ISO
 * times in other time zones (including +05:45), a period reaching into the future — before and after pruning.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { csvChunks, toCsv } from '../../src/analytics/csv';
import { MemoryAnalyticsStore } from '../../src/analytics/memoryAnalyticsStore';
import { parsePeriod } from '../../src/analytics/period';
import { RedisAnalyticsStore } from '../../src/analytics/redisAnalyticsStore';
import { AnalyticsSeeder } from '../../src/analytics/seedData';
import { SqliteAnalyticsStore } from '../../src/analytics/sqliteAnalyticsStore';
import { summarize } from '../../src/analytics/summarize';
import { summarizeStore, TODO_SCAN_LIMIT } from '../../src/analytics/summarizeStore';
import type { AnalyticsStore, ConversationRecord, CsatRating } from '../../src/analytics/types';
import { loadDialogContent } from '../../src/content/loadContent';
import { RedisServerHandle, startRedisServer } from '../helpers/redisServer';
import { DAY, HOUR, MINUTE, NOW, seed } from './seed';

const content = loadDialogContent(path.join(__dirname, '..', '..', 'dialogs'));
const LABELS = { storage_full: 'Insufficient iCloud storage' };

let dir = '';
let redis: RedisServerHandle | undefined;
const opened: AnalyticsStore[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scale-summary-'));
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const kinds: Array<{ name: string; open: () => AnalyticsStore }> = [
  { name: 'memory', open: () => new MemoryAnalyticsStore() },
  { name: 'sqlite', open: () => new SqliteAnalyticsStore({ path: join(dir, `${Date.now()}-${Math.random()}.sqlite`) }) },
  { name: 'redis', open: () => new RedisAnalyticsStore({ url: redis!.url, keyPrefix: `s${Date.now()}${Math.random()}:` }) },
];

/** A conversation's turns as the bot records them: greeting, the route chosen, each solution answered, the end. */
async function replay(store: AnalyticsStore, record: ConversationRecord): Promise<void> {
  const steps = Math.max(1, record.messages);
  for (let turn = 1; turn <= steps; turn++) {
    const last = turn === steps;
    const at = last ? record.lastActivityAt : record.startedAt + Math.floor(((record.lastActivityAt - record.startedAt) * (turn - 1)) / steps);
    const shown = last ? record.solutions : record.solutions.slice(0, Math.floor((record.solutions.length * turn) / steps));
    await store.recordTurn({
      channelId: record.channelId,
      conversationId: record.conversationId,
      startedAt: record.startedAt,
      lastActivityAt: at,
      route: turn === 1 && !last ? null : record.route,
      outcome: last ? record.outcome : null,
      // A hand-off stays once it happened, even when a later snapshot says otherwise.
      handedOff: last ? record.handedOff : record.handedOff && turn > steps / 2,
      solutions: shown.map((s, i) => (i === shown.length - 1 && !last ? { ...s, outcome: 'offered' } : s)),
    });
  }
}

/** Writes the recorded conversations: the hand-countable seed, 300 replayed turn by turn, 6,000 imported in batches. */
async function record(store: AnalyticsStore): Promise<void> {
  await seed(store);
  const seeder = new AnalyticsSeeder(content, { now: NOW + 2 * HOUR, days: 12, seed: 42, conversations: 6300 });
  const replayed = seeder.batch(0, 300);
  for (const c of replayed.conversations) await replay(store, c);
  for (const r of replayed.ratings) await store.recordRating(r);
  for (const m of replayed.lowConfidence) await store.recordLowConfidence(m);
  for (let first = 300; first < 6300; first += 1500) await store.importBatch(seeder.batch(first, 1500));
  // A rating changed after it was given (a comment, another score) counts once, as its latest version.
  const changed: CsatRating = { ...replayed.ratings[0]!, score: replayed.ratings[0]!.score === 'up' ? 'down' : 'up', comment: 'changed my mind' };
  await store.recordRating(changed);
  // Conversations whose every turn falls in the last hour and across midnight.
  await store.recordTurn({ channelId: 'msteams', conversationId: 'late', startedAt: NOW - 10 * MINUTE, lastActivityAt: NOW - 2 * MINUTE, route: 'storage_full', outcome: null, handedOff: false, solutions: [] });
  await store.recordTurn({ channelId: 'msteams', conversationId: 'future', startedAt: NOW + HOUR, lastActivityAt: NOW + HOUR, route: null, outcome: 'cancelled', handedOff: false, solutions: [] });
}

/** Periods as the dashboard asks for them (admin.js: the last N days as ISO times; dates; or typed ISO times). */
const PERIODS: Array<[string, { from: number; to: number }]> = [
  ['last 24 hours', { from: NOW - DAY, to: NOW }],
  ['last 7 days', { from: NOW - 7 * DAY, to: NOW }],
  ['last 30 days', { from: NOW - 30 * DAY, to: NOW }],
  ['dates 2025-03-01 to 2025-03-09', parsePeriod({ from: '2025-03-01', to: '2025-03-09' }, NOW)],
  ['across midnight', parsePeriod({ from: '2025-03-08T22:30:00Z', to: '2025-03-09T01:15:00Z' }, NOW)],
  ['two days across midnights, odd minutes', parsePeriod({ from: '2025-03-06T23:59:59.999Z', to: '2025-03-08T00:00:00.001Z' }, NOW)],
  ['Kolkata to Los Angeles', parsePeriod({ from: '2025-03-03T00:00:00+05:30', to: '2025-03-09T00:00:00-08:00' }, NOW)],
  ['Kathmandu day', parsePeriod({ from: '2025-03-07T00:00:00+05:45', to: '2025-03-08T00:00:00+05:45' }, NOW)],
  ['into the future', { from: NOW - 3 * DAY - 17 * MINUTE, to: NOW + DAY }],
  ['a minute', { from: NOW - 3 * DAY, to: NOW - 3 * DAY + MINUTE }],
];

async function oldSummary(store: AnalyticsStore, p: { from: number; to: number }, abandonAfterMs: number) {
  const [records, todo, ratings] = await Promise.all([store.conversations(p.from, p.to), store.lowConfidence(p.from, p.to, TODO_SCAN_LIMIT), store.ratings(p.from, p.to)]);
  return summarize(records, todo, { ...p, now: NOW, abandonAfterMs, routeLabels: LABELS, ratings });
}

describe.each(kinds)('$name store: the summary from counters equals the summary from every record', ({ open }) => {
  let store: AnalyticsStore;
  beforeAll(async () => {
    store = open();
    opened.push(store);
    await record(store);
  });

  test.each(PERIODS)('%s', async (_name, p) => {
    for (const abandonAfterMs of [30 * MINUTE, 3 * HOUR]) {
      const expected = await oldSummary(store, p, abandonAfterMs);
      expect(await summarizeStore(store, { ...p, now: NOW, abandonAfterMs, routeLabels: LABELS })).toEqual(expected);
    }
  });

  test('the figures are not trivial: routes, solutions, CSAT per agent and comments, abandoned and active', async () => {
    const s = await summarizeStore(store, { from: NOW - 30 * DAY, to: NOW + DAY, now: NOW, abandonAfterMs: 30 * MINUTE, routeLabels: LABELS });
    expect(s.conversations).toBeGreaterThan(6000);
    expect(s.routes.length).toBeGreaterThan(5);
    expect(s.routes[0]!.solutions.some((x) => x.fixed > 0 && x.notFixed > 0)).toBe(true);
    expect(s.byStatus.abandoned).toBeGreaterThan(100);
    expect(s.byStatus.active).toBeGreaterThan(0);
    expect(s.csat.perAgent.length).toBeGreaterThan(1);
    expect(s.csat.comments.length).toBe(50);
    expect(s.csat.comments[0]!.comment).toBeTruthy();
  });

  test('the CSV export, streamed a page at a time, is the CSV of every record of the period', async () => {
    for (const [, p] of [PERIODS[1]!, PERIODS[6]!, PERIODS[8]!]) {
      const chunks: string[] = [];
      for await (const chunk of csvChunks(store.exportPages(p.from, p.to, 97), NOW, 30 * MINUTE)) chunks.push(chunk);
      const expected = toCsv(await store.conversations(p.from, p.to), NOW, 30 * MINUTE, await store.ratings(p.from, p.to));
      expect(chunks.length).toBeGreaterThan(2);
      expect(chunks.join('')).toBe(expected);
    }
  });

  test('after pruning the older records, in the middle of an hour and of a day', async () => {
    await store.prune(NOW - 4 * DAY - 90 * MINUTE - 7);
    for (const [, p] of PERIODS) expect(await summarizeStore(store, { ...p, now: NOW, abandonAfterMs: 30 * MINUTE, routeLabels: LABELS })).toEqual(await oldSummary(store, p, 30 * MINUTE));
  });
});

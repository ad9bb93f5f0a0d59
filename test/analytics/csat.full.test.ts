/** CSAT in the analytics: stored alike by every store, summarized overall / bot vs agents / per route / per agent, in the CSV and the report. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeCsat } from '../../src/analytics/csat';
import { toCsv } from '../../src/analytics/csv';
import { formatReport } from '../../src/analytics/formatReport';
import { MemoryAnalyticsStore } from '../../src/analytics/memoryAnalyticsStore';
import { RedisAnalyticsStore } from '../../src/analytics/redisAnalyticsStore';
import { SqliteAnalyticsStore } from '../../src/analytics/sqliteAnalyticsStore';
import { summarize } from '../../src/analytics/summarize';
import type { AnalyticsStore, CsatRating } from '../../src/analytics/types';
import { RedisServerHandle, startRedisServer } from '../helpers/redisServer';

const NOW = Date.UTC(2025, 2, 10, 12);
const rating = (fields: Partial<CsatRating>): CsatRating => ({
  id: `r${Math.random()}`,
  at: NOW - 1000,
  channelId: 'webchat',
  conversationId: 'c1',
  subject: 'bot',
  route: 'storage_full',
  score: 'up',
  ...fields,
});

const RATINGS: CsatRating[] = [
  rating({ id: 'a', conversationId: 'c1', subject: 'bot', score: 'up' }),
  rating({ id: 'b', conversationId: 'c2', subject: 'bot', score: 'down', route: 'network_unstable', comment: 'too many steps' }),
  rating({ id: 'c', conversationId: 'c3', subject: 'agent', agentId: 'sub-sam', agentName: 'Sam Rivera', score: 'up', comment: 'Sam was quick' }),
  rating({ id: 'd', conversationId: 'c4', subject: 'agent', agentId: 'sub-sam', agentName: 'Sam Rivera', score: 'up' }),
  rating({ id: 'e', conversationId: 'c5', subject: 'agent', agentId: 'sub-alex', agentName: 'Alex Chen', score: 'down' }),
];

describe('summarizeCsat', () => {
  const s = summarizeCsat(RATINGS, { storage_full: 'Insufficient iCloud storage' });
  test('overall, the bot vs the agents', () => {
    expect(s.overall).toEqual({ up: 3, down: 2, score: 0.6 });
    expect(s.bot).toEqual({ up: 1, down: 1, score: 0.5 });
    expect(s.agents).toEqual({ up: 2, down: 1, score: 2 / 3 });
  });
  test('per agent and per route', () => {
    expect(s.perAgent).toEqual([
      { agentId: 'sub-sam', agentName: 'Sam Rivera', up: 2, down: 0, score: 1 },
      { agentId: 'sub-alex', agentName: 'Alex Chen', up: 0, down: 1, score: 0 },
    ]);
    expect(s.perRoute.find((r) => r.route === 'storage_full')).toEqual({ route: 'storage_full', label: 'Insufficient iCloud storage', up: 3, down: 1, score: 0.75 });
  });
  test('comments with who was rated', () => {
    expect(s.comments.map((c) => [c.subject, c.agentName, c.score, c.comment])).toEqual(
      expect.arrayContaining([
        ['bot', undefined, 'down', 'too many steps'],
        ['agent', 'Sam Rivera', 'up', 'Sam was quick'],
      ]),
    );
  });
  test('no ratings: null scores', () => {
    expect(summarizeCsat([]).overall).toEqual({ up: 0, down: 0, score: null });
  });
});

describe('report and CSV', () => {
  const records = [{ channelId: 'webchat', conversationId: 'c3', startedAt: NOW - 5000, lastActivityAt: NOW - 1000, route: 'storage_full', outcome: 'handed_off' as const, handedOff: true, solutions: [], messages: 4 }];
  test('the terminal report shows CSAT overall, per agent and the comments', () => {
    const summary = summarize(records, [], { from: NOW - 86_400_000, to: NOW, now: NOW, abandonAfterMs: 60_000, ratings: RATINGS });
    const text = formatReport(summary);
    expect(text).toContain('overall            60% 👍 (3 of 5)');
    expect(text).toMatch(/Sam Rivera\s+100% 👍 \(2 of 2\)/);
    expect(text).toContain('👍 Sam Rivera: Sam was quick');
  });
  test('the CSV has the conversation\'s ratings', () => {
    const lines = toCsv(records, NOW, 60_000, RATINGS).trimEnd().split('\r\n');
    expect(lines[1]!.split(',').slice(-4)).toEqual(['', 'up', 'Sam Rivera', 'Sam was quick']);
  });
});

let dir = '';
let redis: RedisServerHandle | undefined;
const opened: AnalyticsStore[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'csat-'));
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const kinds: { name: string; open: () => AnalyticsStore }[] = [
  { name: 'memory', open: () => new MemoryAnalyticsStore() },
  { name: 'sqlite', open: () => new SqliteAnalyticsStore({ path: join(dir, 'bot.sqlite') }) },
  { name: 'redis', open: () => new RedisAnalyticsStore({ url: redis!.url, keyPrefix: 'csat:' }) },
];

describe.each(kinds)('$name store keeps ratings', ({ open }) => {
  test('a rating is stored, its comment updates it (same id), queries by time, pruning removes old ones', async () => {
    const store = open();
    opened.push(store);
    await store.recordRating(rating({ id: 'x', at: NOW - 10_000, score: 'down' }));
    await store.recordRating(rating({ id: 'x', at: NOW - 5_000, score: 'down', comment: 'slow' }));
    await store.recordRating(rating({ id: 'old', at: NOW - 100 * 86_400_000 }));
    expect(await store.ratings(NOW - 60_000, NOW)).toEqual([expect.objectContaining({ id: 'x', score: 'down', comment: 'slow', at: NOW - 5_000 })]);
    await store.prune(NOW - 86_400_000);
    expect(await store.ratings(0, NOW)).toHaveLength(1);
  });
});

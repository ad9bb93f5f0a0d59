/**
 * The CSV export a page at a time: each page carries exactly its conversations' ratings of the period, found per page
 * (the Redis store no longer reads every rating of the period before the first row), and the CSV of the pages is the
 * CSV of every record — on the memory, SQLite and Redis stores, for ratings recorded by the bot and imported in batches.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvChunks, toCsv } from '../../src/analytics/csv';
import { MemoryAnalyticsStore } from '../../src/analytics/memoryAnalyticsStore';
import { RedisAnalyticsStore } from '../../src/analytics/redisAnalyticsStore';
import { SqliteAnalyticsStore } from '../../src/analytics/sqliteAnalyticsStore';
import type { AnalyticsStore, ConversationSnapshot, CsatRating } from '../../src/analytics/types';
import { RedisServerHandle, startRedisServer } from '../helpers/redisServer';
import { DAY, HOUR, MINUTE, NOW } from './seed';

let dir = '';
let redis: RedisServerHandle | undefined;
const opened: AnalyticsStore[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'export-pages-'));
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
  { name: 'redis', open: () => new RedisAnalyticsStore({ url: redis!.url, keyPrefix: `e${Date.now()}${Math.random()}:` }) },
];

const FROM = NOW - 2 * DAY;
const TO = NOW;

function conversation(i: number): ConversationSnapshot {
  const last = FROM + i * 7 * MINUTE;
  return { channelId: 'webchat', conversationId: `c${i}`, startedAt: last - 5 * MINUTE, lastActivityAt: last, route: 'storage_full', outcome: 'resolved', handedOff: false, solutions: [] };
}

function rating(i: number, n: number, at: number, fields: Partial<CsatRating> = {}): CsatRating {
  return { id: `r${i}-${n}`, at, channelId: 'webchat', conversationId: `c${i}`, subject: 'bot', route: 'storage_full', score: 'up', ...fields };
}

/** 300 conversations; every third has ratings: several per conversation (bot and agent), one before the period, one answered at the same millisecond as another. */
async function record(store: AnalyticsStore): Promise<void> {
  const imported = { conversations: [] as Array<ConversationSnapshot & { messages: number }>, ratings: [] as CsatRating[], lowConfidence: [] };
  for (let i = 0; i < 300; i++) {
    const c = conversation(i);
    if (i % 2 === 0) await store.recordTurn(c);
    else imported.conversations.push({ ...c, messages: 2 });
    if (i % 3 !== 0) continue;
    const ratings = [
      rating(i, 1, c.lastActivityAt + MINUTE, { score: 'down', comment: `first ${i}` }),
      rating(i, 2, c.lastActivityAt + 2 * MINUTE, { subject: 'agent', agentId: 'a1', agentName: 'Sam', comment: `agent ${i}` }),
      rating(i, 3, c.lastActivityAt + 2 * MINUTE, { comment: `same instant ${i}` }),
      rating(i, 0, FROM - HOUR, { comment: `before the period ${i}` }),
    ];
    if (i % 2 === 0) for (const r of ratings) await store.recordRating(r);
    else imported.ratings.push(...ratings);
  }
  await store.importBatch(imported);
}

describe.each(kinds)('$name store: export pages', ({ open }) => {
  let store: AnalyticsStore;
  beforeAll(async () => {
    store = open();
    opened.push(store);
    await record(store);
  });

  test('each page carries exactly its conversations’ ratings of the period, oldest first', async () => {
    const all = await store.ratings(FROM, TO);
    let seen = 0;
    for await (const page of store.exportPages(FROM, TO, 40)) {
      const keys = new Set(page.records.map((r) => r.conversationId));
      const expected = all.filter((r) => keys.has(r.conversationId));
      expect(page.ratings.filter((r) => keys.has(r.conversationId))).toEqual(expected);
      seen += expected.length;
    }
    expect(seen).toBe(all.length);
    expect(all.length).toBe(300);
  });

  test('the CSV of the pages is the CSV of every record, ratings included', async () => {
    const chunks: string[] = [];
    for await (const chunk of csvChunks(store.exportPages(FROM, TO, 40), NOW, 30 * MINUTE)) chunks.push(chunk);
    const csv = chunks.join('');
    expect(csv).toBe(toCsv(await store.conversations(FROM, TO), NOW, 30 * MINUTE, await store.ratings(FROM, TO)));
    expect(csv).toContain('first 3 | agent 3 | same instant 3');
    expect(csv).not.toContain('before the period');
  });

  test('without ratings, pages carry none', async () => {
    for await (const page of store.exportPages(FROM, TO, 100, false)) expect(page.ratings).toEqual([]);
  });
});

test('the Redis export reads ratings page by page, never the whole period’s at once', async () => {
  const store = kinds[2]!.open() as RedisAnalyticsStore;
  opened.push(store);
  await record(store);
  const ratings = jest.spyOn(store, 'ratings');
  const rangeReads: string[] = [];
  const zrangebyscore = store.client.zrangebyscore.bind(store.client);
  jest.spyOn(store.client, 'zrangebyscore').mockImplementation(((key: string, ...args: unknown[]) => {
    rangeReads.push(key);
    return (zrangebyscore as (...a: unknown[]) => unknown)(key, ...args);
  }) as never);
  let pages = 0;
  for await (const page of store.exportPages(FROM, TO, 40)) pages += page.ratings.length > 0 ? 1 : 0;
  expect(pages).toBeGreaterThan(5);
  expect(ratings).not.toHaveBeenCalled();
  expect(rangeReads.every((key) => key.endsWith('analytics:conversations'))).toBe(true);
});

/**
 * Retention without a restart: each store deletes what is past its retention on its own timer, shown with an
 * injected clock (the timer runs every few ms here instead of hourly): conversation state and what lives beside it in
 * the bot's store (hand-off records, the user index) after STATE_IDLE_TTL_DAYS, Direct Line conversations after the
 * same idle time, analytics (conversations, to-do texts, CSAT ratings) after ANALYTICS_RETENTION_DAYS. Redis expires
 * keys itself: the keys carry the TTL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { createAnalyticsStore } from '../../src/analytics/createAnalyticsStore';
import { RedisAnalyticsStore } from '../../src/analytics/redisAnalyticsStore';
import { conversationDigest } from '../../src/privacy/personalData';
import { MemoryDirectLineStore } from '../../src/storage/directLineConversationStore';
import Database from 'better-sqlite3';
import { MemoryStore, type MemoryStoreData } from '../../src/storage/memoryStorage';
import { RedisDirectLineStore } from '../../src/storage/redisDirectLineStore';
import { RedisStore } from '../../src/storage/redisStorage';
import { SqliteDirectLineStore } from '../../src/storage/sqliteDirectLineStore';
import { SqliteStore } from '../../src/storage/sqliteStorage';
import { UserConversationIndex } from '../../src/storage/userConversationIndex';
import { startRedisServer, type RedisServerHandle } from '../helpers/redisServer';

const DAY = 24 * 60 * 60 * 1000;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Waits (real time) until `check` holds; the stores' own timers do the work. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('not swept');
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'retention-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.each(['sqlite', 'memory'] as const)('%s state store: conversation state, hand-off records and the user index go after the idle TTL', async (kind) => {
  let now = Date.UTC(2026, 0, 1);
  const clock = () => now;
  const path = join(dir, 'state.sqlite');
  const data: MemoryStoreData = new Map();
  const store = kind === 'sqlite'
    ? new SqliteStore({ path, idleTtlMs: 30 * DAY, sweepIntervalMs: 5, now: clock })
    : new MemoryStore({ idleTtlMs: 30 * DAY, sweepIntervalMs: 5, now: clock, data });
  /** The keys physically kept (not what read() shows, which already hides expired items). */
  const keptKeys = (): string[] => {
    if (kind === 'memory') return [...data.keys()].sort();
    const db = new Database(path, { readonly: true });
    try {
      return db.prepare<[], { key: string }>('SELECT key FROM bot_state ORDER BY key').all().map((r) => r.key);
    } finally {
      db.close();
    }
  };
  try {
    const index = new UserConversationIndex(store, { idleTtlMs: 30 * DAY, now: clock });
    await store.write({ 'webchat/conversations/old/': { session: { transcript: ['hi'] } }, 'handoff/requests/r1': { conversationKey: 'webchat/old' } });
    await index.remember({ channelId: 'webchat', userId: 'u1' }, 'old');
    now += 29 * DAY;
    await store.write({ 'webchat/conversations/recent/': { session: {} } });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(Object.keys(await store.read(['webchat/conversations/old/']))).toHaveLength(1); // not yet
    now += 2 * DAY; // 31 days after the first writes, 2 after the recent one
    await eventually(async () => !keptKeys().includes('handoff/requests/r1'));
    expect(keptKeys()).toEqual(['webchat/conversations/recent/']);
    expect(await index.conversationsOfUser({ channelId: 'webchat', userId: 'u1' })).toEqual([]);
    expect(Object.keys(await store.read(['webchat/conversations/recent/']))).toHaveLength(1);
  } finally {
    await store.close();
  }
});

test('SQLite Direct Line store: its timer deletes conversations idle longer than idleMs, with their activities', async () => {
  let now = Date.UTC(2026, 0, 1);
  const store = new SqliteDirectLineStore({ path: join(dir, 'dl.sqlite'), idleMs: 30 * DAY, sweepIntervalMs: 5, now: () => now });
  try {
    await store.getOrCreate('old', 'u1');
    await store.append('old', { type: 'message', text: 'hello' });
    now += 29 * DAY;
    await store.getOrCreate('recent', 'u2');
    now += 2 * DAY;
    await eventually(async () => (await store.exportConversation('old')) === undefined);
    expect(await store.conversationsOfUser('u1')).toEqual([]);
    expect(await store.exportConversation('recent')).toBeDefined();
  } finally {
    await store.close();
  }
});

test('memory Direct Line store: sweep() drops conversations idle longer than idleMs', async () => {
  let now = Date.UTC(2026, 0, 1);
  const store = new MemoryDirectLineStore({ idleMs: 30 * DAY, now: () => now });
  await store.getOrCreate('old', 'u1');
  now += 29 * DAY;
  await store.getOrCreate('recent', 'u2');
  now += 2 * DAY;
  expect(await store.sweep()).toBe(1);
  expect(await store.exportConversation('old')).toBeUndefined();
  expect(await store.exportConversation('recent')).toBeDefined();
});

test.each(['sqlite', 'memory'] as const)('%s analytics: conversations, to-do texts and CSAT ratings go after the retention period, on a timer', async (kind) => {
  let now = Date.UTC(2026, 0, 1);
  const store = await createAnalyticsStore({ kind, sqlitePath: join(dir, `${kind}-a.sqlite`), retentionMs: 365 * DAY, pruneIntervalMs: 5, now: () => now }, silent);
  try {
    const old = { channelId: 'webchat', conversationId: 'old' };
    const at = now;
    await store.recordTurn({ ...old, startedAt: at, lastActivityAt: at, route: null, outcome: null, handedOff: false, solutions: [] });
    await store.recordLowConfidence({ at, channelId: 'webchat', text: 'hmm', intent: 'none', route: 'none', confidence: 0.1, conversationRef: conversationDigest(old) });
    await store.recordRating({ id: 'r1', at, ...old, subject: 'bot', route: null, score: 'up', comment: 'fine' });
    now += 366 * DAY;
    await eventually(async () => (await store.ratings(0, now)).length === 0);
    expect(await store.conversations(0, now)).toEqual([]);
    expect(await store.lowConfidence(0, now, 10)).toEqual([]);
    expect(await store.exportConversation(old)).toEqual({});
  } finally {
    await store.close();
  }
});

describe('Redis', () => {
  let redis: RedisServerHandle;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedisServer();
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  test('state, Direct Line and analytics index keys carry their expiry (Redis deletes them itself)', async () => {
    const state = new RedisStore({ client, keyPrefix: 'r:', idleTtlMs: 30 * DAY });
    await state.write({ 'webchat/conversations/c1/': { session: {} } });
    const dl = new RedisDirectLineStore({ client, keyPrefix: 'r:', idleMs: 30 * DAY });
    await dl.getOrCreate('c1', 'u1');
    await dl.append('c1', { type: 'message', text: 'hello' });
    const analytics = new RedisAnalyticsStore({ client, keyPrefix: 'r:', refTtlMs: 365 * DAY });
    await analytics.recordRating({ id: 'r1', at: Date.now(), channelId: 'webchat', conversationId: 'c1', subject: 'bot', route: null, score: 'up' });
    for (const key of [state.redisKey('webchat/conversations/c1/'), 'r:dl:c:c1', 'r:dl:a:c1']) {
      const ttl = await client.pttl(key);
      expect(ttl).toBeGreaterThan(29 * DAY);
      expect(ttl).toBeLessThanOrEqual(30 * DAY);
    }
    expect(await client.pttl(`r:analytics:ref:${conversationDigest({ channelId: 'webchat', conversationId: 'c1' })}`)).toBeGreaterThan(364 * DAY);
    // Analytics records are pruned by time (sorted-set scores), on the same timer as the other kinds.
    expect(await analytics.prune(Date.now() + 1)).toBe(0);
    expect(await analytics.ratings(0, Date.now() + 1)).toEqual([]);
  });
});

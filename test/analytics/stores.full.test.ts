/**
 * The analytics stores (memory, SQLite, Redis) behave the same: upsert per turn with a message count, queries by last
 * activity over a period, the to-do list newest first, pruning. Redis runs on a private redis-server (never skipped).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Redis from 'ioredis';
import { analyticsSqlitePath, createAnalyticsStore } from '../../src/analytics/createAnalyticsStore';
import { MemoryAnalyticsStore } from '../../src/analytics/memoryAnalyticsStore';
import { RedisAnalyticsStore } from '../../src/analytics/redisAnalyticsStore';
import { SqliteAnalyticsStore } from '../../src/analytics/sqliteAnalyticsStore';
import type { AnalyticsStore, ConversationSnapshot } from '../../src/analytics/types';
import { silentLog } from '../../src/storage/botStore';
import { RedisServerHandle, startRedisServer } from '../helpers/redisServer';
import { DAY, HOUR, NOW, seed } from './seed';

let dir = '';
let redis: RedisServerHandle | undefined;
let counter = 0;
const opened: AnalyticsStore[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'analytics-'));
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Kind {
  name: string;
  /** A fresh, empty store; `again()` opens a second handle onto the same data where the backend allows it. */
  open(): { store: AnalyticsStore; again?: () => AnalyticsStore };
}

const track = <T extends AnalyticsStore>(s: T): T => {
  opened.push(s);
  return s;
};

const kinds: Kind[] = [
  { name: 'memory', open: () => ({ store: track(new MemoryAnalyticsStore()) }) },
  {
    name: 'sqlite',
    open: () => {
      const path = join(dir, String(++counter), 'bot.sqlite');
      return { store: track(new SqliteAnalyticsStore({ path })), again: () => track(new SqliteAnalyticsStore({ path })) };
    },
  },
  {
    name: 'redis',
    open: () => {
      const keyPrefix = `t${++counter}:`;
      const url = redis!.url;
      return { store: track(new RedisAnalyticsStore({ url, keyPrefix })), again: () => track(new RedisAnalyticsStore({ url, keyPrefix })) };
    },
  },
];

const snapshot = (fields: Partial<ConversationSnapshot> = {}): ConversationSnapshot => ({
  channelId: 'msteams',
  conversationId: 'a:1',
  startedAt: NOW - HOUR,
  lastActivityAt: NOW - HOUR,
  route: null,
  outcome: null,
  handedOff: false,
  solutions: [],
  ...fields,
});

describe.each(kinds)('$name analytics store', (kind) => {
  test('a conversation is one record, updated each turn, with its messages counted', async () => {
    const { store } = kind.open();
    await store.recordTurn(snapshot());
    await store.recordTurn(snapshot({ lastActivityAt: NOW - 50 * 60_000, route: 'storage_full', solutions: [{ id: 'check_storage', title: 'T', outcome: 'offered' }] }));
    await store.recordTurn(
      snapshot({ lastActivityAt: NOW - 40 * 60_000, route: 'storage_full', outcome: 'resolved', solutions: [{ id: 'check_storage', title: 'T', outcome: 'fixed' }] }),
    );
    expect(await store.conversations(NOW - DAY, NOW)).toEqual([
      {
        channelId: 'msteams',
        conversationId: 'a:1',
        startedAt: NOW - HOUR,
        lastActivityAt: NOW - 40 * 60_000,
        route: 'storage_full',
        outcome: 'resolved',
        handedOff: false,
        messages: 3,
        solutions: [{ id: 'check_storage', title: 'T', outcome: 'fixed' }],
      },
    ]);
  });

  test('the same conversation id on two channels is two conversations', async () => {
    const { store } = kind.open();
    await store.recordTurn(snapshot({ channelId: 'webchat' }));
    await store.recordTurn(snapshot({ channelId: 'msteams' }));
    expect((await store.conversations(NOW - DAY, NOW)).map((r) => r.channelId).sort()).toEqual(['msteams', 'webchat']);
  });

  test('once handed to a person, always counted as handed off', async () => {
    const { store } = kind.open();
    await store.recordTurn(snapshot({ handedOff: true, outcome: 'handed_off' }));
    await store.recordTurn(snapshot({ handedOff: false, outcome: null, lastActivityAt: NOW - 1000 }));
    expect((await store.conversations(NOW - DAY, NOW))[0]!.handedOff).toBe(true);
  });

  test('a period selects conversations by last activity, from inclusive, to exclusive', async () => {
    const { store } = kind.open();
    await seed(store);
    expect((await store.conversations(NOW - 7 * DAY, NOW)).map((r) => r.conversationId).sort()).toEqual(['n1', 'n2', 's1', 's2', 's3', 's4', 's5', 'x1', 'x2', 'x3']);
    expect((await store.conversations(NOW - 8 * DAY, NOW - 3 * DAY)).map((r) => r.conversationId).sort()).toEqual(['n1', 'old', 's5', 'x3']);
    expect(await store.conversations(NOW - DAY, NOW - DAY + 1)).toHaveLength(1); // s1, last active exactly at `from`
    expect(await store.conversations(NOW - 2 * DAY, NOW - DAY)).toHaveLength(1); // s2 only: s1 sits exactly at `to`
  });

  test('the to-do list: in the period, newest first, limited', async () => {
    const { store } = kind.open();
    await seed(store);
    const todo = await store.lowConfidence(NOW - 7 * DAY, NOW, 10);
    expect(todo.map((m) => m.text)).toEqual(['what is the weather', 'What is the   weather', 'phone sad cloud']);
    expect(todo[2]).toEqual({ at: NOW - 3 * DAY, channelId: 'webchat', text: 'phone sad cloud', intent: 'software_glitch', route: 'software_glitch', confidence: 0.3 });
    expect(await store.lowConfidence(NOW - 7 * DAY, NOW, 1)).toHaveLength(1);
  });

  test('two identical to-do messages at the same moment are both kept', async () => {
    const { store } = kind.open();
    const m = { at: NOW - HOUR, channelId: 'webchat', text: 'huh', intent: 'none', route: 'none', confidence: 0.5 };
    await store.recordLowConfidence(m);
    await store.recordLowConfidence(m);
    expect(await store.lowConfidence(NOW - DAY, NOW, 10)).toHaveLength(2);
  });

  test('prune deletes conversations and messages older than the cut-off', async () => {
    const { store } = kind.open();
    await seed(store);
    expect(await store.prune(NOW - 7 * DAY)).toBe(1);
    expect((await store.conversations(0, NOW)).map((r) => r.conversationId)).not.toContain('old');
    expect(await store.conversations(0, NOW)).toHaveLength(10);
    expect((await store.lowConfidence(0, NOW, 100)).map((m) => m.text)).not.toContain('too old to show');
  });

  test('another handle (another bot instance or the report) sees the same data', async () => {
    const { store, again } = kind.open();
    if (!again) return; // memory: one process only
    await seed(store);
    await store.flush();
    const other = again();
    expect(await other.conversations(NOW - 7 * DAY, NOW)).toHaveLength(10);
    await other.recordTurn(snapshot({ conversationId: 's1', channelId: 'webchat', lastActivityAt: NOW - 1000 }));
    await other.flush();
    expect((await store.conversations(NOW - 5 * 60_000, NOW)).map((r) => [r.conversationId, r.messages])).toEqual([['s1', 3]]);
  });
});

describe('the analytics store follows the bot storage kind', () => {
  test('sqlite: a file of its own next to the bot state (no lock contention between the two)', async () => {
    const path = join(dir, 'same-dir', 'bot.sqlite');
    expect(analyticsSqlitePath(path)).toBe(join(dir, 'same-dir', 'bot-analytics.sqlite'));
    expect(analyticsSqlitePath('data/state')).toBe('data/state-analytics.sqlite');
    const store = track(await createAnalyticsStore({ kind: 'sqlite', sqlitePath: path }, silentLog));
    await store.recordTurn(snapshot());
    await store.flush();
    const second = track(new SqliteAnalyticsStore({ path: analyticsSqlitePath(path) }));
    expect(await second.conversations(NOW - DAY, NOW)).toHaveLength(1);
  });

  test('redis: keys under <prefix>analytics:, and an unreachable server fails clearly', async () => {
    const store = track(await createAnalyticsStore({ kind: 'redis', sqlitePath: '', redisUrl: redis!.url, keyPrefix: 'kp:' }, silentLog));
    await store.recordTurn(snapshot());
    const raw = new Redis(redis!.url);
    try {
      // The conversation, the index, the dashboard's counters for its hour and its day, and the mark that the
      // start's back-fills of older records (backfillCounters, backfillRatingRefs, in the background) are done:
      // waited for, at most 10 s.
      const hour = Math.floor(snapshot().lastActivityAt / 3_600_000) * 3_600_000;
      const day = Math.floor(hour / 86_400_000) * 86_400_000;
      const marks = ['kp:analytics:n:backfilled', 'kp:analytics:n:rating-refs-backfilled'];
      for (const deadline = Date.now() + 10_000; (await raw.exists(...marks)) < 2 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      expect((await raw.keys('kp:*')).sort()).toEqual([
        'kp:analytics:c:k:msteams/a:1',
        'kp:analytics:conversations',
        'kp:analytics:n:backfilled',
        `kp:analytics:n:d:${day}`,
        `kp:analytics:n:h:${hour}`,
        'kp:analytics:n:rating-refs-backfilled',
      ]);
    } finally {
      await raw.quit();
    }
    await expect(createAnalyticsStore({ kind: 'redis', sqlitePath: '', redisUrl: 'redis://127.0.0.1:1' }, silentLog)).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  test('retention: records older than the retention period are pruned when the store opens', async () => {
    const path = join(dir, 'retention', 'bot.sqlite');
    const writer = track(new SqliteAnalyticsStore({ path: analyticsSqlitePath(path) }));
    await writer.recordTurn(snapshot({ conversationId: 'ancient', lastActivityAt: Date.now() - 400 * DAY, startedAt: Date.now() - 400 * DAY }));
    await writer.recordTurn(snapshot({ conversationId: 'recent', lastActivityAt: Date.now() - DAY, startedAt: Date.now() - DAY }));
    await writer.flush();
    const store = track(await createAnalyticsStore({ kind: 'sqlite', sqlitePath: path, retentionMs: 365 * DAY, pruneIntervalMs: 60_000 }, silentLog));
    expect((await store.conversations(0, Date.now())).map((r) => r.conversationId)).toEqual(['recent']);
  });
});

describe('SQLite: turns are buffered and written in batches', () => {
  const fresh = (): string => join(dir, `batch-${++counter}`, 'bot.sqlite');

  test('buffered turns of one conversation are one row with every message counted', async () => {
    const path = fresh();
    const store = track(new SqliteAnalyticsStore({ path, flushIntervalMs: 60_000 }));
    for (let i = 0; i < 4; i++) await store.recordTurn(snapshot({ lastActivityAt: NOW - HOUR + i * 1000 }));
    const reader = track(new SqliteAnalyticsStore({ path }));
    expect(await reader.conversations(NOW - DAY, NOW)).toEqual([]); // still in the writer's buffer
    await store.flush();
    expect((await reader.conversations(NOW - DAY, NOW)).map((r) => [r.messages, r.lastActivityAt])).toEqual([[4, NOW - HOUR + 3000]]);
  });

  test('the buffer is written on its own after the interval', async () => {
    const path = fresh();
    const store = track(new SqliteAnalyticsStore({ path, flushIntervalMs: 20 }));
    await store.recordTurn(snapshot());
    const reader = track(new SqliteAnalyticsStore({ path }));
    for (let i = 0; i < 100 && (await reader.conversations(NOW - DAY, NOW)).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await reader.conversations(NOW - DAY, NOW)).toHaveLength(1);
  });

  test('close() writes what is buffered', async () => {
    const path = fresh();
    const store = new SqliteAnalyticsStore({ path, flushIntervalMs: 60_000 });
    await store.recordTurn(snapshot());
    await store.close();
    expect(await track(new SqliteAnalyticsStore({ path })).conversations(NOW - DAY, NOW)).toHaveLength(1);
  });

  test('a full buffer is written at once; flushIntervalMs 0 writes every turn', async () => {
    const path = fresh();
    const store = track(new SqliteAnalyticsStore({ path, flushIntervalMs: 60_000, maxBuffered: 2 }));
    const reader = track(new SqliteAnalyticsStore({ path }));
    await store.recordTurn(snapshot({ conversationId: 'a' }));
    expect(await reader.conversations(NOW - DAY, NOW)).toHaveLength(0);
    await store.recordTurn(snapshot({ conversationId: 'b' }));
    expect(await reader.conversations(NOW - DAY, NOW)).toHaveLength(2);
    const direct = track(new SqliteAnalyticsStore({ path, flushIntervalMs: 0 }));
    await direct.recordTurn(snapshot({ conversationId: 'c' }));
    expect(await reader.conversations(NOW - DAY, NOW)).toHaveLength(3);
  });

  test('a failing background write is reported and the store carries on', async () => {
    const path = fresh();
    const errors: Error[] = [];
    const store = track(new SqliteAnalyticsStore({ path, flushIntervalMs: 10, onError: (e) => errors.push(e) }));
    const blocker = new Database(path, { timeout: 0 });
    try {
      blocker.exec('BEGIN IMMEDIATE'); // another writer holds the lock: the batch cannot be written
      await store.recordTurn(snapshot());
      for (let i = 0; i < 100 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(errors[0]?.message).toMatch(/locked|busy/i);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    await store.recordTurn(snapshot({ conversationId: 'after' }));
    expect((await store.conversations(NOW - DAY, NOW)).map((r) => r.conversationId)).toEqual(['after']);
  }, 20_000);
});

/** SQLite-only behaviour: file layout, WAL mode, and the idle sweep at start and on its timer. */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/storage/sqliteStorage';
import { StorageLog } from '../../src/storage/botStore';

const HOUR = 60 * 60 * 1000;
let dir: string;
let n = 0;
const freshPath = (): string => join(dir, `case-${++n}`, 'nested', 'bot.sqlite');
const rowCount = (path: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS c FROM bot_state').get() as { c: number }).c;
  } finally {
    db.close();
  }
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-specific-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => jest.useRealTimers());

test('creates its directory, uses WAL, and has the documented table', async () => {
  const path = freshPath();
  const store = new SqliteStore({ path, sweepIntervalMs: 0 });
  await store.write({ 'msteams/conversations/19:x;messageid=1/': { step: 2 } });
  const db = new Database(path, { readonly: true });
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  const columns = (db.prepare('PRAGMA table_info(bot_state)').all() as { name: string; type: string; pk: number }[]).map((c) => [c.name, c.type, c.pk]);
  expect(columns).toEqual([
    ['key', 'TEXT', 1],
    ['value', 'TEXT', 0],
    ['etag', 'TEXT', 0],
    ['updated_at', 'INTEGER', 0],
  ]);
  const row = db.prepare('SELECT key, value FROM bot_state').get() as { key: string; value: string };
  expect(row).toEqual({ key: 'msteams/conversations/19:x;messageid=1/', value: '{"step":2}' });
  db.close();
  await store.close();
});

test('idle rows are deleted when a store opens', async () => {
  const path = freshPath();
  let clock = Date.now() - 2 * HOUR;
  const earlier = new SqliteStore({ path, idleTtlMs: HOUR, now: () => clock, sweepIntervalMs: 0 });
  await earlier.write({ idle: { v: 1 } });
  clock = Date.now() - HOUR / 2;
  await earlier.write({ recent: { v: 1 } });
  await earlier.close();
  expect(rowCount(path)).toBe(2);

  const logged: object[] = [];
  const log: StorageLog = { info: (o) => logged.push(o), warn: () => undefined, error: () => undefined };
  const reopened = new SqliteStore({ path, idleTtlMs: HOUR, sweepIntervalMs: 0, log });
  expect(rowCount(path)).toBe(1);
  expect(logged).toEqual([{ removed: 1 }]);
  expect(Object.keys(await reopened.read(['idle', 'recent']))).toEqual(['recent']);
  await reopened.close();
});

test('idle rows are deleted by the periodic sweep', async () => {
  jest.useFakeTimers();
  const path = freshPath();
  let clock = 1_000_000_000_000;
  const store = new SqliteStore({ path, idleTtlMs: HOUR, sweepIntervalMs: 10 * 60 * 1000, now: () => clock });
  await store.write({ a: { v: 1 } });
  clock += 2 * HOUR;
  expect(rowCount(path)).toBe(1);
  jest.advanceTimersByTime(10 * 60 * 1000);
  expect(rowCount(path)).toBe(0);
  await store.close();
});

test('a closed store rejects calls instead of touching a closed database', async () => {
  const store = new SqliteStore({ path: freshPath(), sweepIntervalMs: 0 });
  await store.close();
  await expect(store.read(['k'])).rejects.toThrow(/closed/);
  await expect(store.write({ k: { v: 1 } })).rejects.toThrow(/closed/);
});

test("':memory:' works without a directory", async () => {
  const store = new SqliteStore({ path: ':memory:', sweepIntervalMs: 0 });
  await store.write({ k: { v: 1 } });
  expect((await store.read(['k'])).k.v).toBe(1);
  await store.close();
});

test('writes of one event-loop iteration commit together; a conflicting call is refused alone', async () => {
  const path = freshPath();
  const store = new SqliteStore({ path, sweepIntervalMs: 0 });
  await store.write({ shared: { v: 0 } });
  const stale = (await store.read(['shared'])).shared!;
  await store.write({ shared: { ...stale, v: 1 } });
  // Issued together (one iteration): two new items, a stale-eTag write, and a two-item batch.
  const results = await Promise.allSettled([
    store.write({ a: { v: 'a' } }),
    store.write({ shared: { ...stale, v: 2 } }),
    store.write({ b: { v: 'b' }, c: { v: 'c' } }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ name: 'ETagConflictError' });
  const items = await store.read(['a', 'b', 'c', 'shared']);
  expect(Object.keys(items).sort()).toEqual(['a', 'b', 'c', 'shared']);
  expect(items.shared!.v).toBe(1);
  expect(rowCount(path)).toBe(4);
  await store.close();
});

test('close() commits writes still queued', async () => {
  const path = freshPath();
  const store = new SqliteStore({ path, sweepIntervalMs: 0 });
  const written = store.write({ k: { v: 1 } });
  await store.close();
  await written;
  expect(rowCount(path)).toBe(1);
});

/**
 * The Direct Line conversation store on all three backends (memory, SQLite file, real redis-server): append and
 * read from a watermark, the per-conversation caps, idle expiry, idempotent appends by clientActivityID, concurrent
 * appends from two handles keeping one order, and a signing key shared by every handle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DirectLineStore,
  DirectLineStoreLimits,
  MemoryDirectLineStore,
  NewActivity,
} from '../../src/storage/directLineConversationStore';
import { RedisDirectLineStore } from '../../src/storage/redisDirectLineStore';
import { SqliteDirectLineStore } from '../../src/storage/sqliteDirectLineStore';
import { RedisServerHandle, startRedisServer } from '../helpers/redisServer';

function message(text: string, clientActivityID?: string): NewActivity {
  return { type: 'message', text, ...(clientActivityID ? { channelData: { clientActivityID } } : {}) };
}

interface Kind {
  name: string;
  /** Opens a handle onto a fresh namespace; `again` opens a second handle onto the same data (a second instance). */
  open(limits?: Partial<DirectLineStoreLimits>, now?: () => number): { store: DirectLineStore; again(): DirectLineStore };
  /** Whether expiry follows the injected clock (memory, SQLite) or Redis' own clock. */
  clocked: boolean;
}

const dir = mkdtempSync(join(tmpdir(), 'dl-store-'));
let redis: RedisServerHandle;
const opened: DirectLineStore[] = [];
let counter = 0;
const track = <T extends DirectLineStore>(s: T): T => {
  opened.push(s);
  return s;
};

const kinds: Kind[] = [
  {
    name: 'memory',
    clocked: true,
    open: (limits = {}, now) => {
      const store = track(new MemoryDirectLineStore({ ...limits, now }));
      return { store, again: () => store };
    },
  },
  {
    name: 'sqlite',
    clocked: true,
    open: (limits = {}, now) => {
      const path = join(dir, `dl-${++counter}.sqlite`);
      const make = () => track(new SqliteDirectLineStore({ path, sweepIntervalMs: 0, ...limits, now }));
      return { store: make(), again: make };
    },
  },
  {
    name: 'redis',
    clocked: false,
    open: (limits = {}) => {
      const keyPrefix = `t${++counter}:`;
      const make = () => track(new RedisDirectLineStore({ url: redis.url, keyPrefix, ...limits }));
      return { store: make(), again: make };
    },
  },
];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(kinds)('Direct Line store: $name', (kind) => {
  let now = 1_000_000_000_000;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000_000_000;
  });

  test('append gives increasing ids; reading from a watermark returns only newer activities', async () => {
    const { store } = kind.open({}, clock);
    expect((await store.getOrCreate('conv1', 'dl_u', 'en-US')).created).toBe(true);
    expect((await store.getOrCreate('conv1', 'dl_u')).created).toBe(false);
    const ids: string[] = [];
    for (const text of ['a', 'b', 'c']) ids.push((await store.append('conv1', message(text)))!.activity.id);
    expect(ids).toEqual(['conv1|0000001', 'conv1|0000002', 'conv1|0000003']);
    const all = (await store.since('conv1'))!;
    expect(all.activities.map((a) => a.text)).toEqual(['a', 'b', 'c']);
    expect(all.watermark).toBe('3');
    expect((await store.since('conv1', '2'))!.activities.map((a) => a.text)).toEqual(['c']);
    expect((await store.since('conv1', '3'))!.activities).toEqual([]);
    expect(await store.get('conv1')).toMatchObject({ id: 'conv1', userId: 'dl_u', locale: 'en-US' });
  });

  test('keeps at most maxActivitiesPerConversation (oldest dropped, watermarks still increasing) and roughly maxBytes', async () => {
    const { store } = kind.open({ maxActivitiesPerConversation: 3, maxBytesPerConversation: 100_000 }, clock);
    await store.getOrCreate('capped', 'dl_u');
    for (const text of ['a', 'b', 'c', 'd', 'e']) await store.append('capped', message(text));
    const all = (await store.since('capped'))!;
    expect(all.activities.map((a) => a.text)).toEqual(['c', 'd', 'e']);
    expect(all.watermark).toBe('5');
    expect((await store.since('capped', '4'))!.activities.map((a) => a.text)).toEqual(['e']);

    const small = kind.open({ maxActivitiesPerConversation: 100, maxBytesPerConversation: 200 }, clock).store;
    await small.getOrCreate('bytes', 'dl_u');
    for (const text of ['a', 'b', 'c']) await small.append('bytes', message(text.repeat(100)));
    expect((await small.since('bytes'))!.activities.map((a) => String(a.text)[0])).toEqual(['c']);
    await small.append('bytes', message('x'.repeat(1000)));
    expect((await small.since('bytes'))!.activities.map((a) => String(a.text)[0])).toEqual(['x']);
  });

  test('the same clientActivityID is stored once; delivery is remembered', async () => {
    const { store, again } = kind.open({}, clock);
    await store.getOrCreate('idem', 'dl_u');
    const first = (await store.append('idem', message('hello', 'client-1'), 'client-1'))!;
    expect(first).toMatchObject({ duplicate: false, delivered: false });
    const resent = (await again().append('idem', message('hello', 'client-1'), 'client-1'))!;
    expect(resent).toMatchObject({ duplicate: true, delivered: false, seq: first.seq });
    expect(resent.activity.id).toBe(first.activity.id);
    await store.markDelivered('idem', 'client-1');
    expect((await store.append('idem', message('hello', 'client-1'), 'client-1'))!).toMatchObject({ duplicate: true, delivered: true });
    expect((await store.since('idem'))!.activities.map((a) => a.text)).toEqual(['hello']);
  });

  test('concurrent appends from two instances keep one order with no gaps or repeats', async () => {
    const { store, again } = kind.open({}, clock);
    const other = again();
    await store.getOrCreate('busy', 'dl_u');
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? store : other).append('busy', message(`m${i}`))),
    );
    const seqs = results.map((r) => r!.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const read = (await other.since('busy'))!;
    expect(read.activities.map((a) => a.id)).toEqual(seqs.map((s) => `busy|${String(s).padStart(7, '0')}`));
    expect(new Set(read.activities.map((a) => a.text)).size).toBe(40);
  });

  test('replace and delete address an activity by id; unknown conversations give undefined', async () => {
    const { store } = kind.open({}, clock);
    await store.getOrCreate('edit', 'dl_u');
    const one = (await store.append('edit', message('one')))!;
    await store.append('edit', message('two'));
    expect((await store.replace('edit', one.activity.id, message('one, edited')))!.id).toBe(one.activity.id);
    expect((await store.since('edit'))!.activities.map((a) => a.text)).toEqual(['one, edited', 'two']);
    expect(await store.delete('edit', one.activity.id)).toBe(true);
    expect((await store.since('edit'))!.activities.map((a) => a.text)).toEqual(['two']);
    expect(await store.append('nope', message('x'))).toBeUndefined();
    expect(await store.since('nope')).toBeUndefined();
    expect(await store.delete('nope', 'nope|0000001')).toBe(false);
    expect(await store.replace('edit', 'edit|0000099', message('x'))).toBeUndefined();
  });

  test('every handle gets the same signing key, kept in the store', async () => {
    const { store, again } = kind.open({}, clock);
    const key = await store.signingKey();
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(await again().signingKey()).toBe(key);
  });

  test('conversations idle longer than idleMs expire with their activities', async () => {
    if (kind.clocked) {
      const { store } = kind.open({ idleMs: 60_000 }, clock);
      await store.getOrCreate('old', 'dl_u');
      await store.append('old', message('old news'));
      now += 30_000;
      await store.getOrCreate('recent', 'dl_u');
      await store.append('recent', message('fresh'));
      now += 40_000;
      await store.sweep();
      expect(await store.get('old')).toBeUndefined();
      expect(await store.since('old')).toBeUndefined();
      expect((await store.since('recent'))!.activities.map((a) => a.text)).toEqual(['fresh']);
      // An expired conversation that comes back starts afresh, without the old activities.
      expect((await store.getOrCreate('old', 'dl_u')).created).toBe(true);
      expect((await store.since('old'))!.activities).toEqual([]);
      return;
    }
    const { store } = kind.open({ idleMs: 24 * 60 * 60 * 1000 }, clock);
    await store.getOrCreate('ttl', 'dl_u');
    await store.append('ttl', message('x', 'c1'), 'c1');
    const client = (store as RedisDirectLineStore).client;
    const keys = (await client.keys('*dl:*:ttl')).sort();
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      const ttl = await client.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    }
    // And Redis really drops them: a short idle time, then wait until the keys are gone.
    const short = kind.open({ idleMs: 150 }).store;
    await short.getOrCreate('gone', 'dl_u');
    await short.append('gone', message('soon gone'));
    for (let i = 0; i < 100 && (await short.get('gone')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await short.get('gone')).toBeUndefined();
    expect(await short.since('gone')).toBeUndefined();
  });
});

test('memory: the least recently used conversation is dropped beyond maxConversations', async () => {
  const store = track(new MemoryDirectLineStore({ maxConversations: 2 }));
  await store.getOrCreate('a', 'u');
  await store.getOrCreate('b', 'u');
  await store.append('a', message('keeps a recent'));
  await store.getOrCreate('c', 'u');
  expect(store.size).toBe(2);
  expect(await store.get('b')).toBeUndefined();
  expect(await store.get('a')).toBeDefined();
});

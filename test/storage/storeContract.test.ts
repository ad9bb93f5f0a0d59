/**
 * One contract, run against every store (memory, SQLite, Redis): round trips, copies, optimistic concurrency,
 * awkward keys, idle expiry and persistence. The Redis run needs redis-server installed; without it, it fails.
 */
import { MemoryStorage } from 'botbuilder';
import { BotStore, ETagConflictError, isETagConflict } from '../../src/storage/botStore';
import { allKinds, Namespace } from './storeKinds';

const HOUR = 60 * 60 * 1000;

/** A Teams-like conversation key: long, with `:`, `/`, `;`, `@`, `=` and unicode. */
const teamsKey = (suffix: string): string =>
  `msteams/conversations/19:${'3f1c2b7e9d8a4c6b'.repeat(8)}@thread.v2;messageid=1712345678901/` +
  `用户/Zoë 🚀;x=${suffix}/`;

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

describe.each(allKinds().map((k) => [k.name, k] as const))('%s store', (_name, kind) => {
  let ns: Namespace;
  let store: BotStore;

  beforeAll(() => kind.setup());
  afterAll(() => kind.teardown());
  beforeEach(() => {
    ns = kind.namespace();
    store = ns.open();
  });

  test('write, read back, delete', async () => {
    await store.write({ a: { count: 1, nested: { list: [1, 'two', null], flag: true } }, b: { name: 'bee' } });
    const items = await store.read(['a', 'b', 'missing']);
    expect(items.a).toEqual({ count: 1, nested: { list: [1, 'two', null], flag: true }, eTag: expect.any(String) });
    expect(items.b).toEqual({ name: 'bee', eTag: expect.any(String) });
    expect('missing' in items).toBe(false);

    await store.delete(['a', 'missing']);
    const after = await store.read(['a', 'b']);
    expect(Object.keys(after)).toEqual(['b']);
    expect(await store.read([])).toEqual({});
  });

  test('reads are copies: changing a read or written object does not change the store', async () => {
    const written = { profile: { name: 'Ann' }, tags: ['x'] };
    await store.write({ k: written });
    written.profile.name = 'changed after write';
    written.tags.push('y');

    const first = await store.read(['k']);
    first.k.profile.name = 'changed after read';
    first.k.tags.push('z');
    const second = await store.read(['k']);

    expect(second.k).toEqual({ profile: { name: 'Ann' }, tags: ['x'], eTag: expect.any(String) });
    expect(second.k).not.toBe(first.k);
    expect(second.k.profile).not.toBe(first.k.profile);
  });

  test('every write gives a new eTag, and the write does not change the caller object', async () => {
    const item = { v: 1 };
    await store.write({ k: item });
    const e1 = (await store.read(['k'])).k.eTag;
    await store.write({ k: { v: 2 } });
    const e2 = (await store.read(['k'])).k.eTag;
    expect(typeof e1).toBe('string');
    expect(e2).not.toBe(e1);
    expect(item).toEqual({ v: 1 });
  });

  test('a write with the current eTag succeeds; a stale eTag is rejected and changes nothing', async () => {
    await store.write({ k: { v: 1 } });
    const v1 = (await store.read(['k'])).k;
    await store.write({ k: { ...v1, v: 2 } });
    const v2 = (await store.read(['k'])).k;

    const err = await rejection(store.write({ k: { ...v1, v: 99 } }));
    expect(err).toBeInstanceOf(ETagConflictError);
    expect(err.message).toBe('Storage: error writing "k" due to eTag conflict.');
    expect(isETagConflict(err)).toBe(true);
    expect((await store.read(['k'])).k).toEqual(v2);
  });

  test("the conflict message matches botbuilder's MemoryStorage", async () => {
    const reference = new MemoryStorage();
    await reference.write({ k: { v: 1 } });
    const refErr = await rejection(reference.write({ k: { v: 3, eTag: 'not-the-etag' } }));

    await store.write({ k: { v: 1 } });
    const ours = await rejection(store.write({ k: { v: 3, eTag: 'not-the-etag' } }));
    expect(ours.message).toBe(refErr.message);
    expect(isETagConflict(refErr)).toBe(true);
  });

  test("eTag '*' and a missing eTag overwrite unconditionally", async () => {
    await store.write({ k: { v: 1 } });
    await store.write({ k: { v: 2 } });
    await store.write({ k: { v: 3, eTag: '*' } });
    expect((await store.read(['k'])).k.v).toBe(3);
    await store.write({ k: { v: 4, eTag: '' } });
    expect((await store.read(['k'])).k.v).toBe(4);
  });

  test('an eTag on an item that is not stored (new or deleted) writes it, as in botbuilder', async () => {
    await store.write({ k: { v: 1, eTag: 'from-an-old-read' } });
    expect((await store.read(['k'])).k.v).toBe(1);
  });

  test('a batch with one conflicting item writes nothing', async () => {
    await store.write({ a: { v: 1 }, b: { v: 1 } });
    const before = await store.read(['a', 'b']);
    const err = await rejection(store.write({ a: { v: 2 }, b: { v: 2, eTag: 'stale' }, c: { v: 2 } }));
    expect(isETagConflict(err)).toBe(true);
    expect(err.message).toContain('"b"');
    expect(await store.read(['a', 'b', 'c'])).toEqual(before);
  });

  test('two concurrent read-modify-writes from two instances: exactly one wins, the other gets the conflict', async () => {
    const other = ns.open();
    await store.write({ k: { turns: ['start'] } });
    const [mine, theirs] = await Promise.all([store.read(['k']), other.read(['k'])]);
    expect(mine.k.eTag).toBe(theirs.k.eTag);

    const results = await Promise.allSettled([
      store.write({ k: { ...mine.k, turns: [...mine.k.turns, 'mine'] } }),
      other.write({ k: { ...theirs.k, turns: [...theirs.k.turns, 'theirs'] } }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(isETagConflict(lost[0]!.reason)).toBe(true);

    const winner = results[0]!.status === 'fulfilled' ? 'mine' : 'theirs';
    expect((await other.read(['k'])).k.turns).toEqual(['start', winner]);
  });

  test('8 concurrent writers holding the same eTag: 1 succeeds, 7 conflict', async () => {
    const handles = [store, ns.open(), ns.open()];
    await store.write({ k: { v: 0 } });
    const seen = (await store.read(['k'])).k;
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => handles[i % handles.length]!.write({ k: { ...seen, v: i + 1 } })),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled').length;
    const conflicts = results.filter((r) => r.status === 'rejected' && isETagConflict(r.reason)).length;
    expect({ fulfilled, conflicts }).toEqual({ fulfilled: 1, conflicts: 7 });
  });

  test('read-modify-write with retry on conflict loses no update (4 workers x 10 increments)', async () => {
    const handles = [store, ns.open()];
    await store.write({ counter: { n: 0 } });
    const worker = async (s: BotStore): Promise<void> => {
      for (let done = 0; done < 10; ) {
        const { counter } = await s.read(['counter']);
        try {
          await s.write({ counter: { ...counter, n: counter.n + 1 } });
          done++;
        } catch (err) {
          if (!isETagConflict(err)) throw err;
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map((i) => worker(handles[i % 2]!)));
    expect((await store.read(['counter'])).counter.n).toBe(40);
  });

  test('long keys with : / ; and unicode round-trip and stay distinct', async () => {
    const k1 = teamsKey('one');
    const k2 = teamsKey('two'); // same first 200+ characters as k1
    const huge = `${teamsKey('huge')}${'é/'.repeat(2000)}`;
    const short = 'msteams/users/29:1AbC;x=ü/';
    expect(k1.length).toBeGreaterThan(200);
    await store.write({ [k1]: { who: 1 }, [k2]: { who: 2 }, [huge]: { who: 3 }, [short]: { who: 4 } });

    const items = await store.read([k1, k2, huge, short]);
    expect([items[k1].who, items[k2].who, items[huge].who, items[short].who]).toEqual([1, 2, 3, 4]);

    await store.write({ [k1]: { ...items[k1], who: 10 } });
    await expect(store.write({ [k1]: { ...items[k1], who: 11 } })).rejects.toThrow(/eTag conflict/);
    await store.delete([k2]);
    const after = await store.read([k1, k2, huge]);
    expect(after[k1].who).toBe(10);
    expect(k2 in after).toBe(false);
    expect(after[huge].who).toBe(3);
  });

  test('items idle longer than the TTL are expired; fresh ones are kept', async () => {
    let clock = Date.now();
    const s = ns.open({ idleTtlMs: HOUR, now: () => clock });
    const start = clock;
    clock = start - 3 * HOUR; // written long ago
    await s.write({ idle: { v: 'old' }, refreshed: { v: 'old' } });
    clock = start - 30 * 60 * 1000; // written recently
    await s.write({ refreshed: { v: 'new' }, fresh: { v: 'new' } });
    clock = start;

    const items = await s.read(['idle', 'refreshed', 'fresh']);
    expect(Object.keys(items).sort()).toEqual(['fresh', 'refreshed']);
    if (s.expireIdle) expect(await s.expireIdle()).toBe(1);
    const afterSweep = await s.read(['idle', 'refreshed', 'fresh']);
    expect(afterSweep).toEqual({ refreshed: { v: 'new', eTag: expect.any(String) }, fresh: { v: 'new', eTag: expect.any(String) } });
    // A stale eTag from before expiry no longer conflicts with anything: the item is gone.
    await s.write({ idle: { v: 'again', eTag: 'from-before-expiry' } });
    expect((await s.read(['idle'])).idle.v).toBe('again');
  });

  test('invalid calls are rejected before anything is written', async () => {
    await expect(store.write({ ok: { v: 1 }, bad: null })).rejects.toThrow(TypeError);
    expect(await store.read(['ok'])).toEqual({});
    await expect(store.read(undefined as unknown as string[])).rejects.toThrow(/Keys are required/);
  });

  test('data survives close and reopen', async () => {
    const key = teamsKey('persist');
    await store.write({ [key]: { step: 'solution-3' } });
    const eTag = (await store.read([key]))[key].eTag;
    await store.close();
    await store.close(); // idempotent

    const reopened = ns.open();
    const items = await reopened.read([key]);
    expect(items[key]).toEqual({ step: 'solution-3', eTag });
    await reopened.write({ [key]: { ...items[key], step: 'solution-4' } });
    expect((await reopened.read([key]))[key].step).toBe('solution-4');
  });
});

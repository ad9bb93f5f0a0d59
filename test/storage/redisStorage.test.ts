/** Redis-only behaviour: key naming and hashing, prefixes, and native TTL expiry refreshed on each write. */
import { createHash } from 'crypto';
import { RedisStore } from '../../src/storage/redisStorage';
import { MAX_PLAIN_KEY_LENGTH, toRedisKey } from '../../src/storage/redisKeys';
import { redisKind } from './storeKinds';

const HOUR = 60 * 60 * 1000;

describe('toRedisKey', () => {
  test('keys up to 200 characters stay readable', () => {
    const key = 'msteams/conversations/19:abc@thread.v2;messageid=1/';
    expect(toRedisKey('bot:', key)).toBe(`bot:k:${key}`);
    expect(toRedisKey('p:', 'x'.repeat(MAX_PLAIN_KEY_LENGTH))).toBe(`p:k:${'x'.repeat(200)}`);
  });

  test('longer keys keep a readable start and end in the sha256 of the whole key', () => {
    const key = `msteams/conversations/19:${'a'.repeat(300)}@thread.v2;messageid=9/`;
    const sha = createHash('sha256').update(key).digest('hex');
    expect(toRedisKey('bot:', key)).toBe(`bot:h:${key.slice(0, 100)}#${sha}`);
    expect(toRedisKey('bot:', key + 'x')).not.toBe(toRedisKey('bot:', key));
  });

  test('a short key can never equal the hashed form of a long one', () => {
    const long = 'y'.repeat(250);
    const hashedForm = toRedisKey('', long); // "h:yyy…#sha" (167 chars)
    expect(toRedisKey('', hashedForm.slice(2))).not.toBe(hashedForm);
  });

  test('the readable part is cut on a code point, never inside a surrogate pair', () => {
    const key = `${'a'.repeat(99)}${'🚀'.repeat(200)}`;
    const readable = toRedisKey('', key).slice(2).split('#')[0]!;
    expect(readable).toBe(`${'a'.repeat(99)}🚀`);
    expect(Buffer.from(readable, 'utf8').toString('utf8')).toBe(readable);
  });
});

describe('RedisStore on a real redis-server', () => {
  const kind = redisKind();
  beforeAll(() => kind.setup());
  afterAll(() => kind.teardown());

  test('items are hashes under the prefix, holding value, eTag and the full key', async () => {
    const store = new RedisStore({ url: kind.url(), keyPrefix: 'shape:' });
    const long = `msteams/conversations/19:${'b'.repeat(300)};messageid=1/`;
    await store.write({ short: { v: 1 }, [long]: { v: 2 } });
    const raw = kind.raw();
    expect((await raw.keys('shape:*')).sort()).toEqual([store.redisKey(long), 'shape:k:short'].sort());
    expect(store.redisKey(long)).toMatch(/^shape:h:msteams\/conversations\/19:b+#[0-9a-f]{64}$/);
    const hash = await raw.hgetall(store.redisKey(long));
    expect(hash).toEqual({ v: '{"v":2}', e: (await store.read([long]))[long].eTag, k: long });
    await store.close();
  });

  test('stores with different prefixes do not see each other', async () => {
    const a = new RedisStore({ url: kind.url(), keyPrefix: 'tenantA:' });
    const b = new RedisStore({ url: kind.url(), keyPrefix: 'tenantB:' });
    await a.write({ same: { owner: 'a' } });
    expect(await b.read(['same'])).toEqual({});
    await b.write({ same: { owner: 'b' } });
    expect((await a.read(['same'])).same.owner).toBe('a');
    await Promise.all([a.close(), b.close()]);
  });

  test('each write sets the expiry to the idle TTL from that write', async () => {
    let clock = Date.now() - HOUR / 2;
    const store = new RedisStore({ url: kind.url(), keyPrefix: 'ttl:', idleTtlMs: HOUR, now: () => clock });
    await store.write({ k: { v: 1 } });
    const firstTtl = await kind.raw().pttl(store.redisKey('k'));
    expect(firstTtl).toBeGreaterThan(0);
    expect(firstTtl).toBeLessThanOrEqual(HOUR / 2);

    clock = Date.now();
    const { k } = await store.read(['k']);
    await store.write({ k: { ...k, v: 2 } });
    const refreshedTtl = await kind.raw().pttl(store.redisKey('k'));
    expect(refreshedTtl).toBeGreaterThan(HOUR / 2);
    expect(refreshedTtl).toBeLessThanOrEqual(HOUR);
    await store.close();
  });

  test('Redis itself deletes an idle item when its TTL runs out', async () => {
    const store = new RedisStore({ url: kind.url(), keyPrefix: 'native:', idleTtlMs: 200 });
    await store.write({ k: { v: 1 } });
    const key = store.redisKey('k');
    // Poll (bounded) instead of sleeping a fixed time: passes as soon as Redis has expired the key.
    const deadline = Date.now() + 10_000;
    while ((await kind.raw().exists(key)) === 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await kind.raw().exists(key)).toBe(0);
    expect(await store.read(['k'])).toEqual({});
    await store.close();
  });

  test('a store given a client does not close it', async () => {
    const { default: Redis } = await import('ioredis');
    const client = new Redis(kind.url());
    const store = new RedisStore({ client, keyPrefix: 'shared:' });
    await store.write({ k: { v: 1 } });
    await store.close();
    expect(await client.ping()).toBe('PONG');
    await client.quit();
  });
});

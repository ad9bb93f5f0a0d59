/** createStorage / createPubSub pick and open the configured backend, and fail start-up clearly when they cannot. */
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { createPubSub, createStorage, StorageOptions } from '../../src/storage/createStorage';
import { StorageLog } from '../../src/storage/botStore';
import { MemoryStore } from '../../src/storage/memoryStorage';
import { InProcessPubSub, RedisPubSub } from '../../src/storage/pubsub';
import { RedisStore } from '../../src/storage/redisStorage';
import { SqliteStore } from '../../src/storage/sqliteStorage';
import { RedisServerHandle, startRedisServer } from '../helpers/redisServer';

const DAY = 24 * 60 * 60 * 1000;
let dir: string;
let server: RedisServerHandle;
const lines: string[] = [];
const log: StorageLog = {
  info: (o, m) => lines.push(`${m} ${JSON.stringify(o)}`),
  warn: (o, m) => lines.push(`${m} ${JSON.stringify(o)}`),
  error: (o, m) => lines.push(`${m} ${JSON.stringify(o)}`),
};
const base = (over: Partial<StorageOptions>): StorageOptions => ({ kind: 'memory', sqlitePath: join(dir, 'data', 'bot.sqlite'), idleTtlMs: 30 * DAY, ...over });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'create-storage-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('memory', async () => {
  const store = await createStorage(base({ kind: 'memory' }), log);
  expect(store).toBeInstanceOf(MemoryStore);
  await store.close();
});

test('sqlite creates the file and its directory', async () => {
  const sqlitePath = join(dir, 'deep', 'er', 'bot.sqlite');
  const store = await createStorage(base({ kind: 'sqlite', sqlitePath }), log);
  expect(store).toBeInstanceOf(SqliteStore);
  await store.write({ k: { v: 1 } });
  expect(existsSync(sqlitePath)).toBe(true);
  await store.close();
});

test('redis without a URL, or with a bad TTL, is a configuration error', async () => {
  await expect(createStorage(base({ kind: 'redis' }), log)).rejects.toThrow(/REDIS_URL/);
  await expect(createStorage(base({ idleTtlMs: 0 }), log)).rejects.toThrow(/idleTtlMs/);
});

test('an unreachable Redis fails start-up, and the password never reaches the error or the log', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  lines.length = 0;
  const err = await createStorage(base({ kind: 'redis', redisUrl: `redis://:hunter2secret@127.0.0.1:${port}` }), log).then(
    () => new Error('should have failed'),
    (e: Error) => e,
  );
  expect(err.message).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1/);
  expect(err.message).not.toContain('hunter2secret');
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.join('\n')).not.toContain('hunter2secret');
});

describe('with a redis-server', () => {
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server?.stop());

  test('redis connects and uses the key prefix', async () => {
    const store = await createStorage(base({ kind: 'redis', redisUrl: server.url, keyPrefix: 'made:' }), log);
    expect(store).toBeInstanceOf(RedisStore);
    expect((store as RedisStore).redisKey('k')).toBe('made:k:k');
    await store.write({ k: { v: 1 } });
    expect((await store.read(['k'])).k.v).toBe(1);
    await store.close();
  });

  test('createPubSub: Redis for the redis kind, in-process otherwise', async () => {
    const local = createPubSub(base({ kind: 'sqlite' }), log);
    const shared = createPubSub(base({ kind: 'redis', redisUrl: server.url }), log);
    expect(local).toBeInstanceOf(InProcessPubSub);
    expect(shared).toBeInstanceOf(RedisPubSub);
    await Promise.all([local.close(), shared.close()]);
  });
});

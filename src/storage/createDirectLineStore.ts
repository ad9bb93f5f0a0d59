/**
 * The built-in Direct Line's conversation store, of the same kind as the bot's state: SQLite (same file, own
 * tables) by default, Redis when configured (shared by instances), memory in tests.
 */
import { DirectLineStore, DirectLineStoreLimits, MemoryDirectLineStore } from './directLineConversationStore';
import type { ReadinessProbe } from '../health/readiness';
import type { StorageLog } from './botStore';
import type { StorageOptions } from './createStorage';
import { RedisDirectLineStore } from './redisDirectLineStore';
import { SqliteDirectLineStore } from './sqliteDirectLineStore';

export function createDirectLineStore(options: StorageOptions, log: StorageLog, limits: Partial<DirectLineStoreLimits> = {}): DirectLineStore {
  const withTtl = { idleMs: options.idleTtlMs, ...limits };
  switch (options.kind) {
    case 'memory':
      return new MemoryDirectLineStore(withTtl);
    case 'sqlite':
      return new SqliteDirectLineStore({ path: options.sqlitePath, sweepIntervalMs: options.sweepIntervalMs, ...withTtl });
    case 'redis':
      if (!options.redisUrl) throw new Error('storage: kind "redis" needs redisUrl (REDIS_URL)');
      return new RedisDirectLineStore({ url: options.redisUrl, keyPrefix: options.keyPrefix, log, ...withTtl });
    default:
      throw new Error(`storage: unknown kind ${JSON.stringify(options.kind satisfies never)}`);
  }
}

/** The Redis connection of a Redis-backed Direct Line store (shared rate limits use it), else undefined. */
export function redisClientOf(store: DirectLineStore): RedisDirectLineStore['client'] | undefined {
  return store instanceof RedisDirectLineStore ? store.client : undefined;
}

/** For /readyz: a Redis-backed Direct Line store fails while its connection is not ready (it reconnects by itself). */
export function directLineStoreProbe(store: DirectLineStore): ReadinessProbe | undefined {
  if (!(store instanceof RedisDirectLineStore)) return undefined;
  const client = store.client;
  return {
    name: 'redis-directline',
    check: () => {
      if (client.status !== 'ready') throw new Error(`directline redis connection is ${client.status}`);
    },
  };
}

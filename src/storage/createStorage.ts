/**
 * Builds the configured bot store (and the matching pub/sub). The lead maps environment variables to these options:
 * STORAGE=sqlite|memory|redis (REDIS_URL set ⇒ redis), SQLITE_PATH (default data/bot.sqlite), REDIS_URL,
 * STATE_IDLE_TTL_DAYS (default 30) ⇒ idleTtlMs.
 */
import { BotStore, StorageLog } from './botStore';
import { MemoryStore } from './memoryStorage';
import { InProcessPubSub, PubSub, RedisPubSub } from './pubsub';
import { redactRedisUrl, RedisStore, requireRedisUrl, whenRedisAnswers } from './redisStorage';
import { SqliteStore } from './sqliteStorage';

export type StorageKind = 'sqlite' | 'memory' | 'redis';

export interface StorageOptions {
  kind: StorageKind;
  sqlitePath: string;
  redisUrl?: string;
  idleTtlMs: number;
  /** Redis key and channel prefix. Default 'bot:'. */
  keyPrefix?: string;
  /** Sweep interval for sqlite/memory idle expiry. Default 1 hour. */
  sweepIntervalMs?: number;
}

/** Opens the store. For Redis it waits for a PING, so a wrong URL fails start-up instead of the first turn. */
export async function createStorage(options: StorageOptions, log: StorageLog): Promise<BotStore> {
  if (!(options.idleTtlMs > 0)) throw new Error(`storage: idleTtlMs must be positive (got ${options.idleTtlMs})`);
  switch (options.kind) {
    case 'memory':
      log.info({ kind: 'memory', idleTtlMs: options.idleTtlMs }, 'storage: in-memory (state is lost on restart)');
      return new MemoryStore({ idleTtlMs: options.idleTtlMs, sweepIntervalMs: options.sweepIntervalMs });
    case 'sqlite':
      log.info({ kind: 'sqlite', path: options.sqlitePath, idleTtlMs: options.idleTtlMs }, 'storage: sqlite');
      return new SqliteStore({ path: options.sqlitePath, idleTtlMs: options.idleTtlMs, sweepIntervalMs: options.sweepIntervalMs, log });
    case 'redis': {
      const url = requireRedisUrl(options.redisUrl, 'storage');
      const store = await whenRedisAnswers(new RedisStore({ url, keyPrefix: options.keyPrefix, idleTtlMs: options.idleTtlMs, log }), url, 'storage');
      log.info({ kind: 'redis', url: redactRedisUrl(url), idleTtlMs: options.idleTtlMs }, 'storage: redis');
      return store;
    }
    default:
      throw new Error(`storage: unknown kind ${JSON.stringify(options.kind satisfies never)}`);
  }
}

/** Redis pub/sub when the store is Redis (so messages cross processes), otherwise in-process. */
export function createPubSub(options: StorageOptions, log: StorageLog): PubSub {
  if (options.kind === 'redis') return new RedisPubSub({ url: requireRedisUrl(options.redisUrl, 'storage'), keyPrefix: options.keyPrefix, log });
  return new InProcessPubSub(log);
}

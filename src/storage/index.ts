/** Bot state storage and pub/sub: import from here. */
export type { BotStore, StorageLog } from './botStore';
export { silentLog, ETagConflictError, isETagConflict, DEFAULT_IDLE_TTL_MS } from './botStore';
export type { MemoryStoreOptions, MemoryStoreData, MemoryEntry } from './memoryStorage';
export { MemoryStore } from './memoryStorage';
export type { SqliteStoreOptions } from './sqliteStorage';
export { SqliteStore } from './sqliteStorage';
export type { RedisStoreOptions } from './redisStorage';
export { RedisStore, redactRedisUrl } from './redisStorage';
export { toRedisKey } from './redisKeys';
export type { PubSub, MessageHandler, Unsubscribe } from './pubsub';
export { InProcessPubSub, RedisPubSub } from './pubsub';
export type { StorageOptions, StorageKind } from './createStorage';
export { createStorage, createPubSub } from './createStorage';
export { DependencyGuard, StoreUnavailableError, isStoreUnavailable } from './dependencyGuard';
export type { DependencyGuardOptions } from './dependencyGuard';
export { GuardedStore, guardStore } from './guardedStore';
export type { GuardSettings } from './guardedStore';

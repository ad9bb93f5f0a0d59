/** Bot state storage and pub/sub: import from here. */
export type { BotStore } from './botStore';
export { MemoryStore } from './memoryStorage';
export { SqliteStore } from './sqliteStorage';
export { RedisStore } from './redisStorage';
export { InProcessPubSub, RedisPubSub } from './pubsub';
export { createStorage, createPubSub } from './createStorage';
export { GuardedStore, guardStore } from './guardedStore';

/**
 * The table the storage suites run over: one entry per store kind. Each test takes a fresh, empty namespace
 * (new map / new SQLite file / new Redis key prefix) and can open several store handles onto the same data:
 * a second handle is a second connection (SQLite) or a second client (Redis), like a second bot instance.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import Redis from 'ioredis';
import { BotStore } from '../../src/storage/botStore';
import { MemoryStore, MemoryStoreData } from '../../src/storage/memoryStorage';
import { RedisStore } from '../../src/storage/redisStorage';
import { SqliteStore } from '../../src/storage/sqliteStorage';
import { RedisServerHandle, startRedisServer } from '../helpers/redisServer';

export interface OpenOptions {
  idleTtlMs?: number;
  now?: () => number;
}

export interface Namespace {
  /** Opens another handle onto this namespace's data. Handles are closed by the kind's teardown. */
  open(options?: OpenOptions): BotStore;
}

export interface StoreKind {
  name: 'memory' | 'sqlite' | 'redis';
  setup(): Promise<void>;
  teardown(): Promise<void>;
  namespace(): Namespace;
}

let counter = 0;
const unique = (): string => `${process.pid}-${++counter}`;

function trackStores(): { track<T extends BotStore>(s: T): T; closeAll(): Promise<void> } {
  const open: BotStore[] = [];
  return {
    track: (s) => {
      open.push(s);
      return s;
    },
    closeAll: async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    },
  };
}

export function memoryKind(): StoreKind {
  const stores = trackStores();
  return {
    name: 'memory',
    setup: async () => undefined,
    teardown: () => stores.closeAll(),
    namespace: () => {
      const data: MemoryStoreData = new Map();
      return { open: (o = {}) => stores.track(new MemoryStore({ ...o, data, sweepIntervalMs: 0 })) };
    },
  };
}

export function sqliteKind(): StoreKind {
  const stores = trackStores();
  let dir = '';
  return {
    name: 'sqlite',
    setup: async () => {
      dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
    },
    teardown: async () => {
      await stores.closeAll();
      rmSync(dir, { recursive: true, force: true });
    },
    namespace: () => {
      // A nested, not-yet-existing directory: the store must create it.
      const path = join(dir, unique(), 'state', 'bot.sqlite');
      return { open: (o = {}) => stores.track(new SqliteStore({ ...o, path, sweepIntervalMs: 0 })) };
    },
  };
}

export interface RedisKind extends StoreKind {
  /** URL of the test server (valid after setup). */
  url(): string;
  /** A raw client onto the test server, for inspecting keys. */
  raw(): Redis;
}

export function redisKind(): RedisKind {
  const stores = trackStores();
  let server: RedisServerHandle | undefined;
  let raw: Redis | undefined;
  const need = (): RedisServerHandle => {
    if (!server) throw new Error('redis test server is not running (setup failed: see the first error of this suite)');
    return server;
  };
  return {
    name: 'redis',
    setup: async () => {
      server = await startRedisServer();
      raw = new Redis(server.url);
    },
    teardown: async () => {
      await stores.closeAll();
      await raw?.quit();
      await server?.stop();
    },
    url: () => need().url,
    raw: () => {
      if (!raw) throw new Error('redis test server is not running');
      return raw;
    },
    namespace: () => {
      const keyPrefix = `test:${unique()}:`;
      return { open: (o = {}) => stores.track(new RedisStore({ ...o, url: need().url, keyPrefix })) };
    },
  };
}

export const allKinds = (): StoreKind[] => [memoryKind(), sqliteKind(), redisKind()];

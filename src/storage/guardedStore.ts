/**
 * A bot store behind a DependencyGuard: every read, write and delete fails fast with StoreUnavailableError while the
 * backend is down, and guardStore() gives each backend its readiness check (Redis: connected and PING; SQLite: a
 * trial write that is rolled back, which fails on a read-only, full or locked database).
 */
import type { StoreItems } from 'botbuilder';
import type { ReadinessProbe } from '../health/readiness';
import type { BotStore, StorageLog } from './botStore';
import { DependencyGuard, type DependencyGuardOptions } from './dependencyGuard';
import { REDIS_FAULT_OPTIONS, RedisStore } from './redisStorage';
import { SqliteStore } from './sqliteStorage';

export class GuardedStore implements BotStore {
  constructor(
    readonly inner: BotStore,
    readonly guard: DependencyGuard,
  ) {
    if (inner.expireIdle) this.expireIdle = (now?: number) => this.guard.run(() => inner.expireIdle!(now));
  }

  expireIdle?: (now?: number) => Promise<number>;

  read(keys: string[]): Promise<StoreItems> {
    return this.guard.run(() => this.inner.read(keys));
  }

  write(changes: StoreItems): Promise<void> {
    return this.guard.run(() => this.inner.write(changes));
  }

  delete(keys: string[]): Promise<void> {
    return this.guard.run(() => this.inner.delete(keys));
  }

  /** For /readyz: fails while the store cannot serve a turn. */
  probe(): ReadinessProbe {
    return this.guard.probe();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export type GuardSettings = Pick<DependencyGuardOptions, 'timeoutMs' | 'failuresToOpen' | 'halfOpenAfterMs' | 'maxHalfOpenAfterMs' | 'onOpen'>;

/** Wraps a store in a guard with the health check of its kind (memory: always healthy). */
export function guardStore(store: BotStore, log: StorageLog, settings: GuardSettings = {}): GuardedStore {
  if (store instanceof RedisStore) {
    const client = store.client;
    return new GuardedStore(
      store,
      new DependencyGuard({
        name: 'redis',
        // Above ioredis' own commandTimeout, so ioredis (which knows whether the command was sent) fails first.
        timeoutMs: REDIS_FAULT_OPTIONS.commandTimeoutMs + 500,
        ...settings,
        log,
        healthCheck: async () => {
          await client.ping();
        },
        notReadyReason: () => (client.status === 'ready' ? undefined : `redis connection is ${client.status}`),
      }),
    );
  }
  if (store instanceof SqliteStore) {
    // SQLite's faults (full, read-only, locked) are not transient network blips: one opens the circuit, so a
    // locked database (each write waits the 5 s busy timeout with the event loop blocked) costs one turn, not two.
    return new GuardedStore(store, new DependencyGuard({ name: 'sqlite', failuresToOpen: 1, ...settings, log, healthCheck: () => store.checkWritable() }));
  }
  return new GuardedStore(store, new DependencyGuard({ name: 'memory', ...settings, log, healthCheck: () => undefined }));
}

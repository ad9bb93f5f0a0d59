/**
 * In-process store (tests, single-instance development). Same rules as the persistent stores (see botStore.ts):
 * optimistic concurrency, all-or-nothing batches, copies on read, idle expiry. Everything is lost when the process exits.
 */
import type { StoreItems } from 'botbuilder';
import {
  assertKeys,
  BotStore,
  DEFAULT_IDLE_TTL_MS,
  ETagConflictError,
  prepareWrites,
  restoreItem,
} from './botStore';

export interface MemoryStoreOptions {
  /** Items not written for longer than this are expired. Default 30 days. */
  idleTtlMs?: number;
  /** How often to sweep idle items; 0 disables the timer (expireIdle() can still be called). Default 1 hour. */
  sweepIntervalMs?: number;
  /** Clock (ms since epoch); injectable for tests. */
  now?: () => number;
  /** Backing map, to share data between instances (like botbuilder MemoryStorage's `memory` argument). */
  data?: MemoryStoreData;
}

interface MemoryEntry {
  json: string;
  eTag: string;
  updatedAt: number;
}

export type MemoryStoreData = Map<string, MemoryEntry>;

export class MemoryStore implements BotStore {
  private readonly entries: MemoryStoreData;
  private readonly idleTtlMs: number;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    this.entries = options.data ?? new Map();
    this.idleTtlMs = options.idleTtlMs ?? DEFAULT_IDLE_TTL_MS;
    this.now = options.now ?? Date.now;
    const interval = options.sweepIntervalMs ?? 60 * 60 * 1000;
    if (interval > 0) {
      this.timer = setInterval(() => void this.expireIdle(), interval);
      this.timer.unref();
    }
  }

  async read(keys: string[]): Promise<StoreItems> {
    assertKeys(keys, 'reading');
    const cutoff = this.now() - this.idleTtlMs;
    const result: StoreItems = {};
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry && entry.updatedAt >= cutoff) result[key] = restoreItem(entry.json, entry.eTag);
    }
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    const writes = prepareWrites(changes);
    const now = this.now();
    const cutoff = now - this.idleTtlMs;
    // Check the whole batch first, then apply it: nothing is written if any item conflicts.
    for (const w of writes) {
      const current = this.entries.get(w.key);
      if (w.expectedETag !== undefined && current && current.updatedAt >= cutoff && current.eTag !== w.expectedETag) {
        throw new ETagConflictError(w.key);
      }
    }
    for (const w of writes) this.entries.set(w.key, { json: w.json, eTag: w.newETag, updatedAt: now });
  }

  async delete(keys: string[]): Promise<void> {
    assertKeys(keys, 'deleting');
    for (const key of keys) this.entries.delete(key);
  }

  async expireIdle(now: number = this.now()): Promise<number> {
    const cutoff = now - this.idleTtlMs;
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (entry.updatedAt < cutoff) {
        this.entries.delete(key);
        removed++;
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
  }
}

/**
 * Shared contract of the bot's state stores (memory, SQLite, Redis) and the optimistic-concurrency rules they all follow.
 *
 * Rules (botbuilder's, made strict):
 * - every write gives the stored item a new `eTag`;
 * - a write whose item carries an `eTag` other than `'*'` that differs from the stored one is rejected with
 *   {@link ETagConflictError} (same message as botbuilder's MemoryStorage), never last-writer-wins;
 * - `eTag: '*'`, no eTag, or no stored item (never written, deleted or idle-expired) = unconditional write;
 * - a `write()` with several keys is all-or-nothing: one conflict rejects the whole batch and nothing is written;
 * - `read()` returns fresh copies (parsed from JSON); later changes to a written object do not reach the store;
 * - items idle (not written) for longer than the configured TTL are gone: reads no longer see them, and the
 *   stores that need it sweep them with `expireIdle()`.
 */
import { silentLog, type Log } from '../logging/log';
import { randomUUID } from 'crypto';
import type { Storage, StoreItems } from 'botbuilder';

export interface BotStore extends Storage {
  /** Deletes items idle longer than the TTL; returns how many were deleted. Absent where the backend expires natively (Redis). */
  expireIdle?(now?: number): Promise<number>;
  /** After an erasure: nothing deleted is left readable on disk (SQLite: WAL checkpointed and truncated). */
  checkpoint?(): Promise<void>;
  /** Stops timers and closes connections/files the store owns. Idempotent. */
  close(): Promise<void>;
}

/** The part of the one Log type (src/logging/log.ts) the stores use. Never given user data or credentials. */
export type StorageLog = Pick<Log, 'info' | 'warn' | 'error'>;

export { silentLog };

/** Thrown (as a rejected promise) by `write()` when an item's eTag is stale. Message matches botbuilder's MemoryStorage. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/** True for an eTag conflict from any store here, or from botbuilder's MemoryStorage (matched by message). */
export function isETagConflict(err: unknown): boolean {
  return err instanceof ETagConflictError || (err instanceof Error && /due to eTag conflict/.test(err.message));
}

export const DEFAULT_IDLE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** A write prepared for a backend: the item serialized without its eTag, the eTag it must match (if any), and its new eTag. */
export interface PreparedWrite {
  key: string;
  /** JSON of the item without `eTag`. */
  json: string;
  /** The stored eTag this write requires, or undefined for an unconditional write. */
  expectedETag: string | undefined;
  newETag: string;
}

function newETag(): string {
  return randomUUID();
}

export function assertKeys(keys: unknown, op: 'reading' | 'deleting'): asserts keys is string[] {
  if (!Array.isArray(keys)) throw new ReferenceError(`Keys are required when ${op}.`);
  for (const key of keys) {
    if (typeof key !== 'string' || key === '') throw new TypeError(`Storage: keys must be non-empty strings (got ${JSON.stringify(key)}).`);
  }
}

/** Validates and serializes a `write()` batch. Throws on a bad batch before anything is written. */
export function prepareWrites(changes: StoreItems): PreparedWrite[] {
  if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
  return Object.keys(changes).map((key) => {
    if (key === '') throw new TypeError('Storage: keys must be non-empty strings.');
    const item: unknown = changes[key];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new TypeError(`Storage: the item for "${key}" must be an object.`);
    }
    const { eTag, ...rest } = item as Record<string, unknown>;
    const expectedETag = typeof eTag === 'string' && eTag !== '' && eTag !== '*' ? eTag : undefined;
    return { key, json: JSON.stringify(rest), expectedETag, newETag: newETag() };
  });
}

/** Rebuilds a stored item: a fresh object from JSON with its eTag. */
export function restoreItem(json: string, eTag: string): Record<string, unknown> {
  const value = JSON.parse(json) as Record<string, unknown>;
  return { ...value, eTag };
}

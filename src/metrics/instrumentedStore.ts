/**
 * Counts a store's failures for /metrics without changing its behaviour: errors are counted and rethrown; an
 * optimistic-concurrency refusal (ETagConflictError) is counted as an eTag conflict, not as an error.
 */
import type { StoreItems } from 'botbuilder';
import { isETagConflict, type BotStore } from '../storage/botStore';
import type { BotMetrics } from './botMetrics';

export function instrumentStore<T extends BotStore>(store: T, metrics: Pick<BotMetrics, 'storeError' | 'etagConflict'>): T {
  const count = (operation: 'read' | 'write' | 'delete', error: unknown): never => {
    if (operation === 'write' && isETagConflict(error)) metrics.etagConflict();
    else metrics.storeError(operation);
    throw error;
  };
  const wrapped: Record<string, unknown> = {
    read: (keys: string[]): Promise<StoreItems> => store.read(keys).catch((e: unknown) => count('read', e)),
    write: (changes: StoreItems): Promise<void> => store.write(changes).catch((e: unknown) => count('write', e)),
    delete: (keys: string[]): Promise<void> => store.delete(keys).catch((e: unknown) => count('delete', e)),
  };
  // Everything else (close, expireIdle, a Redis client…) is the store's own, called on the store itself.
  return new Proxy(store, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in wrapped) return wrapped[property];
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

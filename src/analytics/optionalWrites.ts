/**
 * Analytics are optional: their writes must never fail or stall a person's turn (issue 27). optionalWrites() wraps
 * a store so that recordTurn, recordLowConfidence and recordRating resolve even when the store fails or is slow
 * (after `timeoutMs`): the failure is logged (without user data) and counted (`onFailure`, → /metrics). A write
 * that timed out may still land later; that is harmless for figures. Reads (the dashboard) are unchanged.
 */
import type { AnalyticsStore } from './types';

export interface OptionalWritesOptions {
  /** Longest a turn waits for an analytics write. Default 500 ms. */
  timeoutMs?: number;
  log: { warn(fields: object, message?: string): void };
  /** Told about each failed or timed-out write (e.g. metrics.optionalFailure('analytics')). */
  onFailure?: () => void;
}

type WriteName = 'recordTurn' | 'recordLowConfidence' | 'recordRating';
const WRITES: readonly WriteName[] = ['recordTurn', 'recordLowConfidence', 'recordRating'];

export function optionalWrites<T extends AnalyticsStore>(store: T, options: OptionalWritesOptions): T {
  const timeoutMs = options.timeoutMs ?? 500;
  const guarded = async (name: WriteName, write: () => Promise<void>): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
    });
    try {
      await Promise.race([write(), timedOut]);
    } catch (err) {
      options.log.warn({ write: name, error: err instanceof Error ? err.message : String(err) }, 'analytics: write failed; the turn goes on');
      options.onFailure?.();
    } finally {
      clearTimeout(timer);
    }
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = (value as (...a: unknown[]) => Promise<void>).bind(target);
      if ((WRITES as readonly (string | symbol)[]).includes(property)) return (...args: unknown[]) => guarded(property as WriteName, () => method(...args));
      return method;
    },
  });
}

/**
 * A small LRU around an ActReader, beside the recognizer's (recognizerCache.ts): replies at a step repeat a lot
 * ("no", "yes it worked", 👍, the buttons), and reading a reply's act (splitting it into parts, features, the model)
 * was ~50 µs of every turn in the CPU profile. The reading depends on the exact text (punctuation and emoji count),
 * so the cache is keyed by it. Callers get their own copy of the reading and its parts.
 */
import { LRUCache } from 'lru-cache';
import type { ActReader, ActReading } from './dialogActs';

export interface ActReaderCacheOptions {
  /** Distinct texts kept (default 5,000). 0 turns the cache off. */
  max?: number;
  /** Texts longer than this are not cached (they are rarely repeated). Default 200 characters. */
  maxTextLength?: number;
}

export class CachedActReader implements ActReader {
  private readonly cache: LRUCache<string, ActReading> | undefined;
  private readonly maxTextLength: number;

  constructor(
    private readonly inner: ActReader,
    options: ActReaderCacheOptions = {},
  ) {
    const max = options.max ?? 5000;
    this.cache = max > 0 ? new LRUCache<string, ActReading>({ max }) : undefined;
    this.maxTextLength = options.maxTextLength ?? 200;
  }

  read(text: string): ActReading {
    if (!this.cache || text.length > this.maxTextLength) return this.inner.read(text);
    let reading = this.cache.get(text);
    if (!reading) {
      reading = this.inner.read(text);
      this.cache.set(text, reading);
    }
    return { ...reading, parts: reading.parts.map((part) => ({ ...part })) };
  }
}

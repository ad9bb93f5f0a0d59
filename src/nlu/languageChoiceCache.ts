/**
 * A small LRU around the LanguageChooser, beside the recognizer's and the act reader's (recognizerCache.ts,
 * actReaderCache.ts): choosing a turn's language reads the text against every language's switch phrases and, for a
 * message of MIN_WORDS+ words, normalises and tokenises it once per language (and may run franc-min). That was the
 * largest part of understanding a repeated message (6% of a first turn's CPU in the profile, more than the cached
 * classification), and people send the same messages again and again. The choice depends only on the text, the stored
 * language and the locale (the vocabularies and grammars are fixed at start-up), so the cache is keyed by all three.
 * Callers get their own copy of the choice.
 */
import { LRUCache } from 'lru-cache';
import type { LanguageChoice, LanguageChoiceInput } from './languageChoice';

export interface LanguageChoiceCacheOptions {
  /** Distinct (text, stored language, locale) kept (default 5,000). 0 turns the cache off. */
  max?: number;
  /** Texts longer than this are not cached (they are rarely repeated). Default 200 characters. */
  maxTextLength?: number;
}

/** What chooses a turn's language (LanguageChooser, or this cache around one). */
export interface TurnLanguageChooser {
  choose(input: LanguageChoiceInput): LanguageChoice;
}

export class CachedLanguageChooser implements TurnLanguageChooser {
  private readonly cache: LRUCache<string, LanguageChoice> | undefined;
  private readonly maxTextLength: number;

  constructor(
    private readonly inner: TurnLanguageChooser,
    options: LanguageChoiceCacheOptions = {},
  ) {
    const max = options.max ?? 5000;
    this.cache = max > 0 ? new LRUCache<string, LanguageChoice>({ max }) : undefined;
    this.maxTextLength = options.maxTextLength ?? 200;
  }

  choose(input: LanguageChoiceInput): LanguageChoice {
    if (!this.cache || input.text.length > this.maxTextLength) return this.inner.choose(input);
    // \u0000 cannot be in a language code or a locale, so the key names one (text, stored, locale) only.
    const key = `${input.stored ?? ''}\u0000${input.locale ?? ''}\u0000${input.text}`;
    let choice = this.cache.get(key);
    if (!choice) {
      choice = this.inner.choose(input);
      this.cache.set(key, choice);
    }
    return { ...choice };
  }

  /** Cached choices (for tests). */
  get size(): number {
    return this.cache?.size ?? 0;
  }
}

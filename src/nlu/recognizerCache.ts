/**
 * A small LRU around a Recognizer: people send the same short messages again and again ("no", "yes it worked",
 * "still failing", the example buttons), and classifying them (ruled-out patterns, features, the model) is the largest
 * piece of a turn's own CPU. The result depends only on the normalised text (ruled-out detection and features both
 * start from normalizeText), so the cache is keyed by it; a hit is the cached result with this message's own `text`.
 * Results are shared read-only copies (callers get a fresh top-level object and arrays).
 * `version` (e.g. the current model object) clears the cache when it changes, so a background retrain is seen at once.
 */
import { LRUCache } from 'lru-cache';
import { normalizeText } from '../text/normalize';
import type { NluResult, Recognizer, TurnLanguage } from './types';

export interface RecognizerCacheOptions {
  /** Distinct normalised texts kept (default 5,000; ~1 KB each). 0 turns the cache off. */
  max?: number;
  /** Texts longer than this are not cached (they are rarely repeated). Default 200 characters. */
  maxTextLength?: number;
  /** Anything that changes when the recognizer's model changes; the cache is emptied when it does. */
  version?: () => unknown;
  /** Told about every classification: its time in seconds and whether it came from the cache. */
  observe?: (seconds: number, cached: boolean) => void;
}

type Cached = Omit<NluResult, 'text'>;

export class CachedRecognizer implements Recognizer {
  private readonly cache: LRUCache<string, Cached> | undefined;
  private readonly maxTextLength: number;
  private seenVersion: unknown;

  constructor(
    private readonly inner: Recognizer,
    private readonly options: RecognizerCacheOptions = {},
  ) {
    const max = options.max ?? 5000;
    this.cache = max > 0 ? new LRUCache<string, Cached>({ max }) : undefined;
    this.maxTextLength = options.maxTextLength ?? 200;
    this.seenVersion = options.version?.();
  }

  /**
   * `turn` (the turn's language decision) is passed on to a classification; a cached result stands for it, as the
   * decision is a function of the text (the chooser judges the text alone) and agrees with the recognizer's own check.
   */
  recognize(text: string, turn?: TurnLanguage): NluResult {
    const started = this.options.observe ? process.hrtime.bigint() : 0n;
    const { result, cached } = this.lookup(text, turn);
    if (this.options.observe) this.options.observe(Number(process.hrtime.bigint() - started) / 1e9, cached);
    return result;
  }

  /** Cached texts (for tests and metrics). */
  get size(): number {
    return this.cache?.size ?? 0;
  }

  private lookup(text: string, turn: TurnLanguage | undefined): { result: NluResult; cached: boolean } {
    if (!this.cache || text.length > this.maxTextLength) return { result: this.inner.recognize(text, turn), cached: false };
    if (this.options.version) {
      const version = this.options.version();
      if (version !== this.seenVersion) {
        this.cache.clear();
        this.seenVersion = version;
      }
    }
    const key = normalizeText(text);
    const hit = key === '' ? undefined : this.cache.get(key);
    if (hit) return { result: copy(hit, text), cached: true };
    const result = this.inner.recognize(text, turn);
    if (key !== '') {
      const { text: _ignored, ...rest } = result;
      this.cache.set(key, copy(rest, undefined));
    }
    return { result, cached: false };
  }
}

function copy(r: Cached, text: string): NluResult;
function copy(r: Cached, text: undefined): Cached;
function copy(r: Cached, text: string | undefined): NluResult | Cached {
  const out = { ...r, ruledOut: [...r.ruledOut], alternatives: r.alternatives.map((a) => ({ ...a })) };
  return text === undefined ? out : { text, ...out };
}

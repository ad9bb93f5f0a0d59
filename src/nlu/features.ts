/**
 * Feature extraction: stemmed word unigrams + bigrams (natural's n-grams, with start/end markers) and character
 * n-grams inside word boundaries ("<iclod>" → "<ic", "icl", …) so that typos still share features with the right word.
 * The Vectorizer turns the feature counts into a TF-IDF vector: sublinear tf × idf, L2-normalised per group
 * (words, characters), the character group scaled by `charWeight`.
 */
import { bigrams } from 'natural/lib/natural/ngrams/ngrams';
import { normalizeText } from '../text/normalize';
import type { SpellCorrector } from './spell';
import { stem, tokenize } from '../text/tokenize';
import type { Language } from '../content/i18n/languages';

export interface FeatureOptions {
  /** Include stemmed word bigrams (with ^ / $ markers), not only unigrams. */
  wordBigrams: boolean;
  /** Character n-gram sizes inside word boundaries, e.g. [3, 5]; null to disable. */
  charNgrams: [number, number] | null;
  /** Scale of the character group relative to the word group (each is L2-normalised first). */
  charWeight: number;
  /** Correct unknown words against the training vocabulary before extracting features. */
  spellCorrect: boolean;
}

/** Chosen by 5-fold cross-validation on the training data (docs/nlu.md). */
export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  wordBigrams: true,
  charNgrams: [2, 4],
  charWeight: 1.5,
  spellCorrect: true,
};

/** Feature groups: index 0 = word features, 1 = character features. */
const WORD_GROUP = 0;
const CHAR_GROUP = 1;

export interface Analysis {
  /** Word tokens after normalisation, contraction expansion and (optional) spelling correction. */
  words: string[];
  stems: string[];
}

export function analyze(text: string, speller?: SpellCorrector, language: Language = 'en'): Analysis {
  const raw = tokenize(normalizeText(text, language), language);
  const words = speller ? raw.map((w) => speller.correct(w)) : raw;
  return { words, stems: words.map((w) => stem(w, language)) };
}

/** Feature name → count. Word features start with "w:" / "b:", character features with "c:". */
export function extractFeatures(analysis: Analysis, options: FeatureOptions): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string): void => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const s of analysis.stems) add(`w:${s}`);
  if (options.wordBigrams && analysis.stems.length > 0) {
    for (const [a, b] of bigrams(analysis.stems, '^', '$')) add(`b:${a} ${b}`);
  }
  if (options.charNgrams) {
    const [min, max] = options.charNgrams;
    for (const word of analysis.words) {
      const padded = `<${word}>`;
      for (let n = min; n <= max; n++) {
        if (padded.length < n) {
          if (n === min) add(`c:${padded}`);
          break;
        }
        for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`);
      }
    }
  }
  return counts;
}

function featureGroup(name: string): number {
  return name.startsWith('c:') ? CHAR_GROUP : WORD_GROUP;
}

/** A sparse vector: parallel arrays of feature indices and values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

/** Maps feature names to indices and TF-IDF weights. Built from training feature counts, or restored from a model. */
export class Vectorizer {
  readonly index: Map<string, number>;
  readonly idf: Float64Array;
  readonly group: Uint8Array;

  constructor(
    names: readonly string[],
    idf: ArrayLike<number>,
    readonly charWeight: number,
  ) {
    this.index = new Map(names.map((n, i) => [n, i]));
    this.idf = Float64Array.from(idf);
    this.group = Uint8Array.from(names, featureGroup);
  }

  /** Builds the vocabulary (every feature seen in training) and smoothed idf = ln((1 + n) / (1 + df)) + 1. */
  static fit(docs: ReadonlyArray<Map<string, number>>, charWeight: number): Vectorizer {
    const df = new Map<string, number>();
    for (const doc of docs) for (const key of doc.keys()) df.set(key, (df.get(key) ?? 0) + 1);
    const names = [...df.keys()].sort();
    const n = docs.length;
    const idf = names.map((name) => Math.log((1 + n) / (1 + df.get(name)!)) + 1);
    return new Vectorizer(names, idf, charWeight);
  }

  get size(): number {
    return this.idf.length;
  }

  names(): string[] {
    const out = new Array<string>(this.index.size);
    for (const [name, i] of this.index) out[i] = name;
    return out;
  }

  /** Known features only; unknown ones are ignored. */
  transform(counts: Map<string, number>): SparseVector {
    const known = new Map<number, number>();
    for (const [name, count] of counts) {
      const i = this.index.get(name);
      if (i !== undefined) known.set(i, count);
    }
    return this.transformIndexed(known);
  }

  /** Like `transform`, for counts already keyed by feature index (every key known). */
  transformIndexed(counts: ReadonlyMap<number, number>): SparseVector {
    const idx: number[] = [];
    const val: number[] = [];
    const norm = [0, 0];
    for (const [i, count] of counts) {
      const v = (1 + Math.log(count)) * this.idf[i];
      idx.push(i);
      val.push(v);
      norm[this.group[i]] += v * v;
    }
    const scale = [norm[0] > 0 ? 1 / Math.sqrt(norm[0]) : 0, norm[1] > 0 ? this.charWeight / Math.sqrt(norm[1]) : 0];
    for (let k = 0; k < idx.length; k++) val[k] *= scale[this.group[idx[k]]];
    return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
  }
}

/**
 * Feature extraction straight to known feature indices, for inference: the character n-grams of a word are looked up
 * once and cached (word → indices), so a long message does not rebuild and look up hundreds of n-gram strings.
 * Same result as `vectorizer.transform(extractFeatures(analysis, options))`.
 */
export class IndexedFeatures {
  private readonly charCache = new Map<string, Int32Array>();
  private static readonly CACHE_LIMIT = 50_000;

  constructor(
    private readonly vectorizer: Vectorizer,
    private readonly options: FeatureOptions,
  ) {}

  vectorize(analysis: Analysis): SparseVector {
    const { index } = this.vectorizer;
    const counts = new Map<number, number>();
    const add = (i: number | undefined): void => {
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    };
    for (const s of analysis.stems) add(index.get(`w:${s}`));
    if (this.options.wordBigrams && analysis.stems.length > 0) {
      for (const [a, b] of bigrams(analysis.stems, '^', '$')) add(index.get(`b:${a} ${b}`));
    }
    if (this.options.charNgrams) for (const word of analysis.words) for (const i of this.charIndices(word)) add(i);
    return this.vectorizer.transformIndexed(counts);
  }

  private charIndices(word: string): Int32Array {
    const cached = this.charCache.get(word);
    if (cached) return cached;
    const grams = extractFeatures({ words: [word], stems: [] }, { ...this.options, wordBigrams: false });
    const out: number[] = [];
    for (const [name, count] of grams) {
      const i = this.vectorizer.index.get(name);
      if (i !== undefined) for (let c = 0; c < count; c++) out.push(i);
    }
    const indices = Int32Array.from(out);
    if (this.charCache.size < IndexedFeatures.CACHE_LIMIT) this.charCache.set(word, indices);
    return indices;
  }
}

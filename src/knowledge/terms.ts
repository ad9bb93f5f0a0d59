/**
 * The words retrieval compares: the project's normalisation and tokeniser (src/nlu), synonyms folded to one word,
 * stop words dropped except the few that tell questions apart ("where" vs "how long", "reset all" vs "reset network"),
 * then Porter stems.
 */
import { words as naturalStopwords } from 'natural/lib/natural/util/stopwords';
import type { Language } from '../content/i18n/languages';
import { normalizeText } from '../text/normalize';
import { stem, tokenize } from '../text/tokenize';

const KEEP = new Set(['all', 'where', 'when', 'why', 'how', 'which', 'take', 'more', 'much', 'many', 'after', 'before', 'out', 'on', 'off', 'without', 'see', 'never', 'get', 'now', 'only', 'long', 'not', 'you', 'yourself']);
const STOP = new Set([...naturalStopwords, 'i', 'me', 'my', 'is', 'am', 'are', 'the', 'a', 'an', 'please', 'just', 'ok', 'okay', 'so', 'hi', 'hey', 'um', 'uh', 'thing', 'there', 'this', 'that', 'it', 'do', 'does', 'did', 'will', 'would', 'can', 'could', 'should'].filter((w) => !KEEP.has(w)));

/** How a language's texts become terms: its normalisation, tokeniser and stemmer, and the words dropped. */
export interface TermLanguage {
  language: Language;
  stop: ReadonlySet<string>;
}

export const ENGLISH_TERMS: TermLanguage = { language: 'en', stop: STOP };

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles synonyms (canonical → variants) into whole-word replacements, longest variant first. */
function synonymRules(synonyms: Readonly<Record<string, readonly string[]>>, language: Language): Array<[RegExp, string]> {
  const rules: Array<[string, string]> = [];
  for (const [canonical, variants] of Object.entries(synonyms)) {
    for (const v of variants) rules.push([normalizeText(v, language), canonical]);
  }
  rules.sort((a, b) => b[0].length - a[0].length);
  return rules.map(([v, c]) => [new RegExp(`(?<![a-z0-9])${escape(v)}(?![a-z0-9])`, 'g'), c]);
}

const cache = new WeakMap<object, Array<[RegExp, string]>>();

/** Normalised, synonym-folded text (before tokenising); also used to find explicit topics. */
export function foldText(text: string, synonyms: Readonly<Record<string, readonly string[]>>, lang: TermLanguage = ENGLISH_TERMS): string {
  let rules = cache.get(synonyms);
  if (!rules) {
    rules = synonymRules(synonyms, lang.language);
    cache.set(synonyms, rules);
  }
  let out = normalizeText(text, lang.language);
  for (const [re, to] of rules) out = out.replace(re, to);
  return out;
}

/** The content words of a text, unstemmed (for word vectors), in order. */
export function contentWordsOf(text: string, lang: TermLanguage = ENGLISH_TERMS): string[] {
  return tokenize(normalizeText(text, lang.language), lang.language).filter((t) => !lang.stop.has(t));
}

/** The stemmed content words of a text, in order (duplicates kept: BM25 counts them). */
export function termsOf(text: string, synonyms: Readonly<Record<string, readonly string[]>>, lang: TermLanguage = ENGLISH_TERMS): string[] {
  return tokenize(foldText(text, synonyms, lang), lang.language)
    .filter((t) => !lang.stop.has(t))
    .map((t) => stem(t, lang.language));
}

/** Single-word synonyms (canonical → variants) as a word → canonical word function ("reboot" → restart). */
export function wordCanon(synonyms: Readonly<Record<string, readonly string[]>>): (word: string) => string {
  const map = new Map<string, string>();
  for (const [canonical, variants] of Object.entries(synonyms)) {
    for (const v of variants) {
      const n = normalizeText(v);
      if (/^[a-z0-9]+$/.test(n)) map.set(n, canonical);
    }
  }
  return (word) => map.get(word) ?? word;
}

/**
 * Is the message in another language than English? franc-min (ESM-only, loaded once with a dynamic import that
 * TypeScript keeps as import()) names the language; a text is only judged when it has at least MIN_LETTERS letters,
 * and a text whose words are mostly English ("hi, my iphone backup keeps failing, icloud says error") is English
 * whatever franc says: franc is unreliable on short or mixed texts, and a wrong "you wrote in Tagalog" is worse
 * than answering in English.
 */
import { words as naturalStopwords } from 'natural/lib/natural/util/stopwords';
import { words as frenchStopwords } from 'natural/lib/natural/util/stopwords_fr';
import { words as italianStopwords } from 'natural/lib/natural/util/stopwords_it';
import { words as portugueseStopwords } from 'natural/lib/natural/util/stopwords_pt';
import { words as spanishStopwords } from 'natural/lib/natural/util/stopwords_es';
import type { IntentData } from '../content/loadIntents';
import { normalizeText } from '../text/normalize';
import { tokenize } from '../text/tokenize';

/** Texts with fewer letters than this are not judged (too short for a language guess; a CJK character counts 3). */
export const MIN_LETTERS = 20;
/** Only the start of a message is judged (characters). */
const JUDGED_CHARS = 240;
/** A text needs at least this many non-English words to be judged foreign. */
const MIN_OTHER_WORDS = 3;
/** A text with at least this share of English words is English. */
const ENGLISH_SHARE = 0.4;
/** The languages franc may answer (ISO 639-3): widely used ones; restricting the set avoids exotic false guesses. */
export const CANDIDATE_LANGUAGES = [
  'eng', 'spa', 'por', 'fra', 'deu', 'ita', 'nld', 'swe', 'dan', 'nob', 'fin', 'pol', 'ces', 'slk', 'hun', 'ron',
  'rus', 'ukr', 'bul', 'srp', 'hrv', 'ell', 'tur', 'arb', 'pes', 'heb', 'hin', 'ben', 'urd', 'tam', 'tel', 'cmn',
  'jpn', 'kor', 'vie', 'tha', 'ind', 'zlm', 'tgl', 'swh',
];

/** Words that say nothing about the language (product names, units). */
export const NEUTRAL = new Set(['icloud', 'iphone', 'ipad', 'ipod', 'apple', 'ios', 'ipados', 'mac', 'macbook', 'wifi', 'gb', 'mb', 'tb', 'id', 'backup', 'ok', 'app', 'whatsapp', 'google']);

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

export type Franc = (text: string, options?: { minLength?: number; only?: string[] }) => string;

/** Loads franc-min once (ESM-only: a real import() that the CommonJS build keeps). */
export async function loadFranc(): Promise<Franc> {
  const load = new Function('m', 'return import(m)') as (m: string) => Promise<{ franc: Franc }>;
  const mod = await load('franc-min');
  return mod.franc;
}

export class LanguageDetector {
  private readonly english: ReadonlySet<string>;

  /** @param englishWords known English words besides the stop words (e.g. the classifier's training vocabulary) */
  constructor(
    private readonly franc: Franc,
    englishWords: Iterable<string> = [],
  ) {
    this.english = new Set([...naturalStopwords, ...englishWords, 'i', "i'm", 'im', "don't", 'dont', "won't", 'wont', "can't", 'cant', "it's", 'its']);
  }

  /**
   * The ISO 639-3 code of a message in another language than English, or undefined (English, or not judged).
   * `francCode`: franc-min's answer for the message when the turn's language chooser already ran it (not run again).
   */
  foreignLanguage(text: string, francCode?: string): string | undefined {
    // A Chinese, Japanese or Korean character carries about as much as a short word: it counts three letters.
    const letters = (text.match(/\p{L}/gu)?.length ?? 0) + 2 * (text.match(CJK)?.length ?? 0);
    if (letters < MIN_LETTERS) return undefined;
    // The first words tell the language; a long post costs no more than a sentence.
    const words = (text.slice(0, JUDGED_CHARS).toLowerCase().match(/[\p{L}']+/gu) ?? []).filter((w) => !NEUTRAL.has(w));
    if (words.length === 0) return undefined;
    // English words are counted the way the classifier reads them ("isn't" → is not); words in other scripts or
    // with accents give no English token at all.
    const latin = words.filter((w) => /^[a-z']+$/.test(w));
    const tokens = tokenize(normalizeText(latin.join(' '))).filter((w) => (w.length > 1 || w === 'i') && !NEUTRAL.has(w));
    const english = tokens.filter((w) => this.english.has(w)).length;
    const total = tokens.length + (words.length - latin.length);
    const other = total - english;
    if (total > 0 && english / total >= ENGLISH_SHARE) return undefined;
    // Two unknown words ("netflix keeps buffering") are not enough to call a message foreign.
    if (other < MIN_OTHER_WORDS && (text.match(CJK)?.length ?? 0) < 4) return undefined;
    // Product names pull franc off ("icloud" reads as Italian): it judges the other words only.
    const code = francCode ?? this.franc(words.join(' '), { minLength: 5, only: CANDIDATE_LANGUAGES });
    if (code === 'eng' || code === 'und') return undefined;
    return ROMANCE.has(code) ? romanceByStopwords(words, code) : code;
  }
}

/**
 * The English words of the training data, sorted: every intent but the plain `none`, which holds phrasings in other
 * languages on purpose (its real sources are English). Saved with the model (meta.englishWords).
 */
export function englishVocabulary(data: Pick<IntentData, 'intents'>): string[] {
  const words = new Set<string>();
  for (const intent of data.intents) {
    const texts = intent.intent === 'none' ? intent.sources.flatMap((s) => s.utterances) : intent.utterances;
    for (const u of texts) for (const w of tokenize(normalizeText(u))) words.add(w);
  }
  return [...words].sort();
}

/**
 * franc confuses the Romance languages on short texts ("mi copia de seguridad falla siempre" → Romanian): among
 * Spanish, Portuguese, Italian and French, the one whose stop words (natural's lists) cover most words wins; franc's
 * answer stands on a tie.
 */
const ROMANCE_STOPWORDS: ReadonlyArray<[string, ReadonlySet<string>]> = [
  ['spa', new Set(spanishStopwords)],
  ['por', new Set(portugueseStopwords)],
  ['ita', new Set(italianStopwords)],
  ['fra', new Set(frenchStopwords)],
];
const ROMANCE = new Set(['spa', 'por', 'ita', 'fra', 'ron', 'cat', 'glg']);

function romanceByStopwords(words: readonly string[], franc: string): string {
  const hits = new Map(ROMANCE_STOPWORDS.map(([code, stop]) => [code, words.filter((w) => stop.has(w)).length]));
  let best = franc;
  for (const [code, n] of hits) if (n > (hits.get(best) ?? 0)) best = code;
  return best;
}

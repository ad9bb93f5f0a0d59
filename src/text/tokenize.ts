/**
 * Tokenising and stemming (natural's RegexpTokenizer + PorterStemmer). Stop words are kept on purpose:
 * negation and contrast words ("not", "but", "without") carry meaning here.
 */
import PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer');
import { RegexpTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer';
import { words as naturalStopwords } from 'natural/lib/natural/util/stopwords';
import { normalizeText } from './normalize';
import { type TextLanguage as Language, stemmerOf } from './languages';

/** Words with an optional apostrophe part: "don't", "i'm", "apple's", "ios", "17". */
const tokenizer = new RegexpTokenizer({ pattern: /[a-z0-9]+(?:'[a-z]+)?/g, gaps: false });

/** Bases whose "'s" means "is" ("it's" → "it is"); for other words "'s" is a possessive and dropped. */
const IS_BASES = new Set(['it', 'that', 'what', 'there', 'here', 'who', 'he', 'she', 'where', 'how', 'when', 'why', 'this', 'everything', 'nothing', 'something']);
const NT_SPECIAL: Readonly<Record<string, string>> = { ca: 'can', wo: 'will', ai: 'is', sha: 'shall' };
const SUFFIX_WORDS: Readonly<Record<string, string>> = { m: 'am', re: 'are', ve: 'have', ll: 'will', d: 'would' };

/** Words of another language (accents folded): an apostrophe separates words ("l'application", "j'ai"). */
const otherTokenizer = new RegexpTokenizer({ pattern: /[a-z0-9]+/g, gaps: false });

/**
 * Splits normalised text into word tokens. English spells out contractions: "don't" → do not, "it's" → it is,
 * "i'm" → i am; other languages split at apostrophes ("l'app" → l app).
 */
export function tokenize(normalized: string, language: Language = 'en'): string[] {
  if (language !== 'en') return otherTokenizer.tokenize(normalized) ?? [];
  const raw = tokenizer.tokenize(normalized) ?? [];
  const out: string[] = [];
  for (const token of raw) {
    const apostrophe = token.indexOf("'");
    if (apostrophe < 0) {
      out.push(token);
      continue;
    }
    const base = token.slice(0, apostrophe);
    const suffix = token.slice(apostrophe + 1);
    if (suffix === 't' && base.endsWith('n')) {
      const stem = base.slice(0, -1);
      out.push(NT_SPECIAL[stem] ?? stem, 'not');
    } else if (suffix === 's') {
      out.push(base);
      if (IS_BASES.has(base)) out.push('is');
    } else if (SUFFIX_WORDS[suffix]) {
      out.push(base, SUFFIX_WORDS[suffix]!);
    } else {
      out.push(base, suffix);
    }
  }
  return out.filter((t) => t.length > 0);
}

const stemCache = new Map<string, string>();
const otherStemCaches = new Map<Language, Map<string, string>>();
const STEM_CACHE_LIMIT = 50_000;

/** Porter stem (the language's), memoised (stemming dominates the per-utterance cost otherwise). Numbers all become "0". */
export function stem(token: string, language: Language = 'en'): string {
  if (language !== 'en') return stemOther(token, language);
  const cached = stemCache.get(token);
  if (cached !== undefined) return cached;
  const stemmed = /^[0-9]+$/.test(token) ? '0' : PorterStemmer.stem(token);
  if (stemCache.size < STEM_CACHE_LIMIT) stemCache.set(token, stemmed);
  return stemmed;
}

function stemOther(token: string, language: Language): string {
  let cache = otherStemCaches.get(language);
  if (!cache) otherStemCaches.set(language, (cache = new Map()));
  const cached = cache.get(token);
  if (cached !== undefined) return cached;
  const stemmed = /^[0-9]+$/.test(token) ? '0' : stemmerOf(language).stem(token);
  if (cache.size < STEM_CACHE_LIMIT) cache.set(token, stemmed);
  return stemmed;
}

/** natural's English stop words plus fillers that carry no topic on their own. */
const FILLERS = new Set([
  ...naturalStopwords,
  ...['not', 'no', 'just', 'even', 'though', 'although', 'however', 'yet', 'either', 'definitely', 'really', 'totally'],
  ...['pretty', 'quite', 'too', 'both', 'ok', 'okay', 'so', 'also', 'plus', 'anyway', 'anyways', 'btw', 'fine', 'sure'],
]);

/**
 * Words of this domain that name no cause: what is left of "icloud has [loads of free space] and still no backup"
 * says only that the backup fails, like backup_failed.
 */
const GENERIC_WORDS = new Set([
  ...['icloud', 'iphone', 'ipad', 'phone', 'device', 'backup', 'backups', 'back', 'backing', 'backed', 'fail', 'fails', 'failed'],
  ...['failing', 'failure', 'work', 'works', 'working', 'worked', 'keep', 'keeps', 'kept', 'again', 'anymore', 'happen', 'happening'],
  ...['complete', 'completed', 'finish', 'finished', 'problem', 'issue', 'help', 'please', 'doing', 'going', 'go', 'goes', 'will', 'time'],
  // "…and it fails with an error every time", "…still says it couldn't": a generic complaint, whatever its wording.
  ...['error', 'errors', 'message', 'messages', 'every', 'each', 'single', 'always', 'still', 'times', 'says', 'say', 'said', 'try', 'tried', 'trying'],
]);

/**
 * Does the text contain a word that could name something — not a stop word, filler or generic backup word?
 * ("it's and , too" → false, "in icloud" → false, "but it keeps asking for my password" → true)
 */
export function hasContentWords(text: string): boolean {
  return tokenize(normalizeText(text)).some((t) => !FILLERS.has(t) && !GENERIC_WORDS.has(t) && !/^[0-9]+$/.test(t));
}

/** hasContentWords for another language: its fillers and generic words come from its grammar (intents/<lang>/grammar.yaml). */
export function hasContentWordsIn(text: string, language: Language, emptyWords: ReadonlySet<string>): boolean {
  if (language === 'en') return hasContentWords(text);
  return tokenize(normalizeText(text, language), language).some((t) => !emptyWords.has(t) && !/^[0-9]+$/.test(t));
}

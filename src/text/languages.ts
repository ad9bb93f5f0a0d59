/**
 * The languages the bot understands, and what each needs besides its data in intents/<lang>/: its stemmer (natural's
 * Porter stemmers) and franc-min's ISO 639-3 code. A new language is its data plus one row of LANGUAGE_TABLE.
 * Codes are ISO 639-1 everywhere in code, state and files (same values as content/i18n's Language).
 */
import PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer');
import PorterStemmerDe = require('natural/lib/natural/stemmers/porter_stemmer_de');
import PorterStemmerEs = require('natural/lib/natural/stemmers/porter_stemmer_es');
import PorterStemmerFr = require('natural/lib/natural/stemmers/porter_stemmer_fr');

/** = content/i18n's Language (text/ is below content/ in the layers; src/nlu/grammar.ts checks they are the same). */
export type TextLanguage = 'en' | 'es' | 'fr' | 'de';

interface TextLanguageRow {
  /** franc-min's code. */
  iso3: string;
  stemmer: { stem(token: string): string };
}

const LANGUAGE_TABLE: Readonly<Record<TextLanguage, TextLanguageRow>> = {
  en: { iso3: 'eng', stemmer: PorterStemmer },
  es: { iso3: 'spa', stemmer: PorterStemmerEs },
  fr: { iso3: 'fra', stemmer: PorterStemmerFr },
  de: { iso3: 'deu', stemmer: PorterStemmerDe },
};

/** franc's ISO 639-3 code → the language, when it is one of these. */
export function languageOfIso3(code: string): TextLanguage | undefined {
  return (Object.keys(LANGUAGE_TABLE) as TextLanguage[]).find((l) => LANGUAGE_TABLE[l].iso3 === code);
}

export function stemmerOf(language: TextLanguage): { stem(token: string): string } {
  return LANGUAGE_TABLE[language].stemmer;
}

const FOLDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ß/g, 'ss'],
  [/œ/g, 'oe'],
  [/æ/g, 'ae'],
  [/ø/g, 'o'],
  [/ł/g, 'l'],
];

/** Accents folded: é → e, ñ → n, ü → u, ç → c, ß → ss, œ → oe (on lower-cased text). */
export function foldAccents(text: string): string {
  let out = text.normalize('NFD').replace(/\p{M}+/gu, '');
  for (const [re, to] of FOLDS) out = out.replace(re, to);
  return out.normalize('NFC');
}

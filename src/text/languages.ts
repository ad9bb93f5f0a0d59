/**
 * The languages the bot understands, and what each needs besides its data in intents/<lang>/: its stemmer (natural's
 * Porter stemmers) and franc-min's ISO 639-3 code. A new language is its data plus one row of LANGUAGE_TABLE.
 * Codes are ISO 639-1 everywhere in code, state and files (same values as content/i18n's Language).
 */
import PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer');
import PorterStemmerDe = require('natural/lib/natural/stemmers/porter_stemmer_de');
import PorterStemmerEs = require('natural/lib/natural/stemmers/porter_stemmer_es');
import PorterStemmerFr = require('natural/lib/natural/stemmers/porter_stemmer_fr');

export type Language = 'en' | 'es' | 'fr' | 'de';

interface LanguageRow {
  /** franc-min's code. */
  iso3: string;
  stemmer: { stem(token: string): string };
}

const LANGUAGE_TABLE: Readonly<Record<Language, LanguageRow>> = {
  en: { iso3: 'eng', stemmer: PorterStemmer },
  es: { iso3: 'spa', stemmer: PorterStemmerEs },
  fr: { iso3: 'fra', stemmer: PorterStemmerFr },
  de: { iso3: 'deu', stemmer: PorterStemmerDe },
};

export const NLU_LANGUAGES = Object.keys(LANGUAGE_TABLE) as Language[];

export function isNluLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(LANGUAGE_TABLE, value);
}

/** franc's ISO 639-3 code → our language, when supported. */
export function languageOfIso3(code: string): Language | undefined {
  return NLU_LANGUAGES.find((l) => LANGUAGE_TABLE[l].iso3 === code);
}

export function iso3Of(language: Language): string {
  return LANGUAGE_TABLE[language].iso3;
}

/** A BCP 47 locale ('es-MX', 'fr', 'de_DE') → its supported language, or undefined. */
export function languageOfLocale(locale: string | undefined): Language | undefined {
  const primary = locale?.trim().toLowerCase().split(/[-_]/)[0];
  return isNluLanguage(primary) ? primary : undefined;
}

export function stemmerOf(language: Language): { stem(token: string): string } {
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

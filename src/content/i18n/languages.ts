/**
 * The languages the bot speaks. English is the reference: the content in dialogs/ is written in English, and every other
 * language is a translation of it (dialogs/i18n/<language>/). Codes are ISO 639-1 everywhere in code, state and files.
 * A new language is a code here plus its data (translations, intents/<language>/).
 */
export const SUPPORTED_LANGUAGES = ['en', 'es', 'fr', 'de'] as const;

export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** The reference language: content is written in it and a missing translation falls back to it. */
export const REFERENCE_LANGUAGE: Language = 'en';

/** The languages that are translations of the reference. */
export const TRANSLATED_LANGUAGES: readonly Language[] = SUPPORTED_LANGUAGES.filter((l) => l !== REFERENCE_LANGUAGE);

/** English names, for logs, reports and the agent console. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', es: 'Spanish', fr: 'French', de: 'German' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/** A BCP 47 tag or bare code ("es-MX", "fr", "DE-at") → its supported language; undefined when unsupported or absent. */
export function languageOfLocale(locale: string | undefined | null): Language | undefined {
  if (typeof locale !== 'string') return undefined;
  const primary = locale.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(primary) ? primary : undefined;
}

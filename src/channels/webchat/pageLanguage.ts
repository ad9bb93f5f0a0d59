/**
 * Which language the support page and the embed speak: a `?locale=` on the page or `data-locale` on the embed's
 * script tag when it names a supported language, else the first of the browser's languages (navigator.languages) that
 * is supported ('es-MX' → es), else English. Also the locale Web Chat gets (its own strings, and `locale` on every
 * activity it sends): the chosen tag when it has a region ('es-MX'), else the language's usual one ('es' → 'es-ES').
 *
 * Plain data and pure functions with no imports at run time: the pages bundle this file (scripts/buildWeb.js
 * BROWSER_SAFE), the server and the tests use it as it is.
 */
import type { Language } from '../../content/i18n/languages';

/** The languages of the page's texts: the same as the bot's (test/web/pageLanguage.test.ts checks). */
export const PAGE_LANGUAGES = ['en', 'es', 'fr', 'de'] as const satisfies readonly Language[];

export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

/** Web Chat's locale for a language named without a region (Web Chat ships en-US, es-ES, fr-FR, de-DE strings). */
const DEFAULT_LOCALES: Readonly<Record<PageLanguage, string>> = { en: 'en-US', es: 'es-ES', fr: 'fr-FR', de: 'de-DE' };

/** A BCP 47 tag as browsers write them: 'es', 'es-MX', 'zh-Hant-TW' (nothing longer than 35 characters). */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}$/;

export interface PageLocale {
  /** The language of the page's own texts. */
  language: PageLanguage;
  /** The locale given to Web Chat and sent on each activity ('es-MX', 'fr-FR'). */
  locale: string;
}

export function isPageLanguage(value: unknown): value is PageLanguage {
  return typeof value === 'string' && (PAGE_LANGUAGES as readonly string[]).includes(value);
}

/** The supported language and locale a tag names ('es-mx' → es, 'es-MX'; 'ES' → es, 'es-ES'), or null. */
export function localeOf(tag: string | null | undefined): PageLocale | null {
  const trimmed = (tag ?? '').trim();
  if (trimmed.length > 35 || !LANGUAGE_TAG.test(trimmed)) return null;
  const [primary, ...rest] = trimmed.replace(/_/g, '-').split('-');
  const language = primary!.toLowerCase();
  if (!isPageLanguage(language)) return null;
  const region = rest.find((part) => /^[A-Za-z]{2}$|^\d{3}$/.test(part));
  return { language, locale: region ? `${language}-${region.toUpperCase()}` : DEFAULT_LOCALES[language] };
}

/**
 * The page's language: the one asked for (`?locale=` / `data-locale`) when supported, else the first supported of the
 * browser's languages, else English.
 */
export function choosePageLocale(requested: string | null | undefined, browserLanguages: readonly string[] = []): PageLocale {
  const asked = localeOf(requested);
  if (asked) return asked;
  for (const tag of browserLanguages) {
    const found = localeOf(tag);
    if (found) return found;
  }
  return { language: 'en', locale: DEFAULT_LOCALES.en };
}

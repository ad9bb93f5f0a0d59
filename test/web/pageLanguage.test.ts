/**
 * The page's and the embed's language choice (src/channels/webchat/pageLanguage.ts, bundled into the pages): the
 * language asked for (?locale= / data-locale) when supported, else the first supported of the browser's languages,
 * else English; and the locale Web Chat gets (the tag's region when it has one, else the language's usual one).
 */
import { choosePageLocale, isPageLanguage, localeOf, PAGE_LANGUAGES } from '../../src/channels/webchat/pageLanguage';
import { SUPPORTED_LANGUAGES } from '../../src/content/i18n/languages';

describe('choosePageLocale', () => {
  it('speaks the languages the bot speaks', () => {
    expect([...PAGE_LANGUAGES]).toEqual([...SUPPORTED_LANGUAGES]);
  });

  it.each([
    [['es-ES', 'en'], { language: 'es', locale: 'es-ES' }],
    [['es-MX'], { language: 'es', locale: 'es-MX' }],
    [['es'], { language: 'es', locale: 'es-ES' }],
    [['fr-CA', 'en-US'], { language: 'fr', locale: 'fr-CA' }],
    [['de'], { language: 'de', locale: 'de-DE' }],
    [['de-AT'], { language: 'de', locale: 'de-AT' }],
    [['en-GB', 'es'], { language: 'en', locale: 'en-GB' }],
    // The first SUPPORTED language wins, not the first language.
    [['pt-BR', 'it', 'fr-FR', 'es'], { language: 'fr', locale: 'fr-FR' }],
    [['ja-JP'], { language: 'en', locale: 'en-US' }],
    [[], { language: 'en', locale: 'en-US' }],
  ])('browser languages %j → %j', (browser, expected) => {
    expect(choosePageLocale(null, browser)).toEqual(expected);
  });

  it('the language asked for (data-locale, ?locale=) comes before the browser\'s', () => {
    expect(choosePageLocale('fr', ['es-ES', 'en'])).toEqual({ language: 'fr', locale: 'fr-FR' });
    expect(choosePageLocale('de-CH', ['en-US'])).toEqual({ language: 'de', locale: 'de-CH' });
    expect(choosePageLocale('ES', ['en-US'])).toEqual({ language: 'es', locale: 'es-ES' });
    expect(choosePageLocale('es_mx', [])).toEqual({ language: 'es', locale: 'es-MX' });
    expect(choosePageLocale('en', ['de-DE'])).toEqual({ language: 'en', locale: 'en-US' });
  });

  it('a language asked for that is not supported, or is not a language tag, is ignored', () => {
    expect(choosePageLocale('it', ['de-DE'])).toEqual({ language: 'de', locale: 'de-DE' });
    expect(choosePageLocale('', ['es-AR'])).toEqual({ language: 'es', locale: 'es-AR' });
    expect(choosePageLocale('<script>', ['fr'])).toEqual({ language: 'fr', locale: 'fr-FR' });
    expect(choosePageLocale('es-' + 'x'.repeat(40), [])).toEqual({ language: 'en', locale: 'en-US' });
    expect(choosePageLocale(undefined, undefined)).toEqual({ language: 'en', locale: 'en-US' });
  });

  it('script subtags are skipped for the region; odd browser entries are skipped', () => {
    expect(localeOf('es-419')).toEqual({ language: 'es', locale: 'es-419' });
    expect(localeOf('de-Latn-DE')).toEqual({ language: 'de', locale: 'de-DE' });
    expect(localeOf('fr-Latn')).toEqual({ language: 'fr', locale: 'fr-FR' });
    expect(choosePageLocale(null, ['*', ' ', 'es-ES'])).toEqual({ language: 'es', locale: 'es-ES' });
    expect(isPageLanguage('es')).toBe(true);
    expect(isPageLanguage('es-ES')).toBe(false);
    expect(isPageLanguage(3)).toBe(false);
  });
});

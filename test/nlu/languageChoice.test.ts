/**
 * Which language a turn is answered in (src/nlu/languageChoice.ts), with franc stubbed (franc-min is ESM-only and
 * Jest runs CommonJS): explicit switch, detection of a supported or unsupported language, stored language, locale;
 * and the TurnUnderstander reading each turn with that language's recognizer (stub recognizers).
 */
import { join } from 'node:path';
import type { Language } from '../../src/content/i18n/languages';
import { TurnUnderstander, type LanguageReaders } from '../../src/dialogs/turnUnderstanding';
import type { Grammar } from '../../src/nlu/grammar';
import { loadGrammar } from '../../src/nlu/grammarFile';
import { LanguageChooser, LanguageIdentifier } from '../../src/nlu/languageChoice';
import type { NluResult, Recognizer } from '../../src/nlu/types';
import { REPO_ROOT } from './helpers';

const INTENTS = join(REPO_ROOT, 'intents');
const grammars = new Map<Language, Grammar>((['en', 'es', 'fr', 'de'] as const).map((l) => [l, loadGrammar(l === 'en' ? INTENTS : join(INTENTS, l), l)]));

/** franc stub: answers by a marker word, else English. */
const franc = (text: string): string => (/\b(?:copia|tengo|funciona)\b/.test(text) ? 'spa' : /\b(?:sauvegarde|marche)\b/.test(text) ? 'fra' : /\b(?:ciao|funziona)\b/.test(text) ? 'ita' : /\b(?:sicherung|funktioniert)\b/.test(text) ? 'deu' : 'eng');
const vocabularies = new Map<Language, ReadonlySet<string>>([
  ['en', new Set(['my', 'backup', 'keeps', 'failing', 'every', 'night', 'it', 'does', 'not', 'work'])],
  ['es', new Set(['mi', 'copia', 'de', 'seguridad', 'no', 'funciona', 'desde', 'ayer', 'tengo', 'espacio'])],
  ['fr', new Set(['ma', 'sauvegarde', 'ne', 'marche', 'plus', 'depuis', 'hier'])],
  ['de', new Set(['meine', 'sicherung', 'funktioniert', 'nicht', 'mehr', 'seit', 'gestern'])],
]);
const chooser = new LanguageChooser(grammars, new LanguageIdentifier(franc, vocabularies));
/** The choice without its judgement (franc's answer, passed on to the recognizer: test/nlu/turnLanguage.test.ts). */
const choose = (input: Parameters<LanguageChooser['choose']>[0]): Omit<ReturnType<LanguageChooser['choose']>, 'judged'> => {
  const { judged: _judged, ...choice } = chooser.choose(input);
  return choice;
};

describe('LanguageChooser', () => {
  it('answers in English by default and in the locale\'s language when the channel sends one', () => {
    expect(choose({ text: 'hi' })).toEqual({ language: 'en', switched: false });
    expect(choose({ text: 'hola', locale: 'es-MX' })).toEqual({ language: 'es', switched: false });
    expect(choose({ text: 'ok', locale: 'de_DE' }).language).toBe('de');
    expect(choose({ text: 'ok', locale: 'pt-BR' }).language).toBe('en');
  });

  it('keeps the stored language over the locale, and for short messages', () => {
    expect(choose({ text: 'ok', stored: 'fr', locale: 'es-ES' })).toEqual({ language: 'fr', switched: false });
    expect(choose({ text: 'no', stored: 'es' })).toEqual({ language: 'es', switched: false });
  });

  it('switches on an explicit request, accents or not, from any language', () => {
    expect(choose({ text: 'English please', stored: 'es' })).toEqual({ language: 'en', switched: true, explicit: true });
    expect(choose({ text: 'en español', stored: 'en' })).toEqual({ language: 'es', switched: true, explicit: true });
    expect(choose({ text: 'En français svp', stored: 'de' }).language).toBe('fr');
    expect(choose({ text: 'auf Deutsch bitte', stored: 'en' }).language).toBe('de');
    // A long message that merely contains the phrase is not a request.
    expect(chooser.explicitSwitch('my iphone was set up in english please help the backup fails every night since monday')).toBeUndefined();
  });

  it('switches when a message of 4+ words is clearly in another understood language', () => {
    expect(choose({ text: 'mi copia de seguridad no funciona desde ayer', stored: 'en' })).toEqual({ language: 'es', switched: true });
    expect(choose({ text: 'meine Sicherung funktioniert nicht mehr', stored: 'en' })).toEqual({ language: 'de', switched: true });
    expect(choose({ text: 'my backup keeps failing every night', stored: 'fr' })).toEqual({ language: 'en', switched: true });
    // The first message sets the language: nothing was switched.
    expect(choose({ text: 'ma sauvegarde ne marche plus depuis hier' })).toEqual({ language: 'fr', switched: false });
  });

  it('keeps the conversation\'s language and names an unsupported one', () => {
    expect(choose({ text: 'ciao il mio backup non funziona', stored: 'es' })).toEqual({ language: 'es', switched: false, otherLanguage: 'ita' });
  });
});

describe('TurnUnderstander with other languages', () => {
  const stub = (language: string): Recognizer => ({
    recognize: (text: string): NluResult => ({ text, intent: `${language}_intent`, confidence: 0.9, route: 'backup_failed', ruledOut: [], alternatives: [] }),
  });
  const readers = (language: Language): LanguageReaders => ({ recognizer: stub(language), questionKind: () => 'none' });
  const understander = new TurnUnderstander(stub('en'), () => 'none', undefined, 1000, {
    chooser,
    languages: new Map((['es', 'fr', 'de'] as const).map((l) => [l, readers(l)])),
    languageOfCode: (code) => ({ spa: 'es', fra: 'fr', deu: 'de' } as Record<string, Language>)[code],
  });
  const read = (text: string, where: { stored?: Language; locale?: string } = {}) => understander.understand({ text, origin: 'typed' }, where)!;

  it('reads each turn with its language\'s recognizer and says when the language changed', () => {
    expect(read('mi copia de seguridad no funciona desde ayer', { stored: 'en' })).toMatchObject({ language: 'es', languageSwitched: true, nlu: { intent: 'es_intent' } });
    expect(read('no', { stored: 'es' })).toMatchObject({ language: 'es', nlu: { intent: 'es_intent' } });
    expect(read('no', { stored: 'es' }).languageSwitched).toBeUndefined();
    expect(read('hallo', { locale: 'de-AT' })).toMatchObject({ language: 'de', nlu: { intent: 'de_intent' } });
    expect(read('my backup keeps failing every night')).toMatchObject({ language: 'en', nlu: { intent: 'en_intent' } });
  });

  it('does not classify a message in an unsupported language (route none, topic other_language)', () => {
    expect(read('ciao il mio backup non funziona', { stored: 'fr' })).toMatchObject({
      language: 'fr', otherLanguage: 'ita', nlu: { route: 'none', topic: 'other_language' },
    });
  });

  it('without languages every turn is English, as before', () => {
    const english = new TurnUnderstander(stub('en'), () => 'none', undefined, 1000);
    expect(english.understand({ text: 'mi copia de seguridad no funciona', origin: 'typed' }, { stored: 'es' })).toMatchObject({ language: 'en', nlu: { intent: 'en_intent' } });
    expect(english.languageFor({ stored: 'es', locale: 'fr' })).toBe('en');
    expect(understander.languageFor({ locale: 'fr-CA' })).toBe('fr');
  });
});

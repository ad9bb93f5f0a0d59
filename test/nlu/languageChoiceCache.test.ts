/**
 * The LRU around the language chooser (src/nlu/languageChoiceCache.ts): a repeated (text, stored language, locale)
 * is chosen once and gives the same choice as the chooser itself; anything that could change the choice is a new key.
 */
import { join } from 'node:path';
import type { Language } from '../../src/content/i18n/languages';
import type { Grammar } from '../../src/nlu/grammar';
import { loadGrammar } from '../../src/nlu/grammarFile';
import { LanguageChooser, LanguageIdentifier, type LanguageChoiceInput } from '../../src/nlu/languageChoice';
import { CachedLanguageChooser } from '../../src/nlu/languageChoiceCache';
import { REPO_ROOT } from './helpers';

const INTENTS = join(REPO_ROOT, 'intents');
const grammars = new Map<Language, Grammar>((['en', 'es'] as const).map((l) => [l, loadGrammar(l === 'en' ? INTENTS : join(INTENTS, l), l)]));
/** franc stub (franc-min is ESM-only): Spanish by a marker word, else English. */
const franc = (text: string): string => (/\b(?:copia|funciona)\b/.test(text) ? 'spa' : 'eng');
const vocabularies = new Map<Language, ReadonlySet<string>>([
  ['en', new Set(['my', 'backup', 'keeps', 'failing', 'every', 'night'])],
  ['es', new Set(['mi', 'copia', 'de', 'seguridad', 'no', 'funciona', 'desde', 'ayer'])],
]);

/** The real chooser, counting its calls. */
function countingChooser(): { chooser: LanguageChooser; calls: LanguageChoiceInput[] } {
  const chooser = new LanguageChooser(grammars, new LanguageIdentifier(franc, vocabularies));
  const calls: LanguageChoiceInput[] = [];
  const choose = chooser.choose.bind(chooser);
  chooser.choose = (input) => {
    calls.push(input);
    return choose(input);
  };
  return { chooser, calls };
}

const INPUTS: LanguageChoiceInput[] = [
  { text: 'my backup keeps failing every night' },
  { text: 'mi copia de seguridad no funciona desde ayer', stored: 'en' },
  { text: 'mi copia de seguridad no funciona desde ayer', stored: 'es' },
  { text: 'en español por favor', stored: 'en' },
  { text: 'no', locale: 'es-MX' },
  { text: 'no' },
];

test('each input gives the chooser\'s own choice, from the cache the second time', () => {
  const plain = new LanguageChooser(grammars, new LanguageIdentifier(franc, vocabularies));
  const { chooser, calls } = countingChooser();
  const cached = new CachedLanguageChooser(chooser);
  for (const input of INPUTS) expect(cached.choose(input)).toEqual(plain.choose(input));
  for (const input of INPUTS) expect(cached.choose(input)).toEqual(plain.choose(input));
  expect(calls).toEqual(INPUTS);
  expect(cached.size).toBe(INPUTS.length);
});

test('the stored language and the locale are part of the key', () => {
  const { chooser } = countingChooser();
  const cached = new CachedLanguageChooser(chooser);
  expect(cached.choose({ text: 'mi copia de seguridad no funciona desde ayer', stored: 'en' }).switched).toBe(true);
  expect(cached.choose({ text: 'mi copia de seguridad no funciona desde ayer', stored: 'es' }).switched).toBe(false);
  expect(cached.choose({ text: 'no', locale: 'es-MX' }).language).toBe('es');
  expect(cached.choose({ text: 'no' }).language).toBe('en');
});

test('a caller changing its choice does not change the next one', () => {
  const { chooser } = countingChooser();
  const cached = new CachedLanguageChooser(chooser);
  const first = cached.choose({ text: 'no' });
  first.language = 'es';
  first.switched = true;
  expect(cached.choose({ text: 'no' })).toEqual({ language: 'en', switched: false });
});

test('long texts and a cache of size 0 go straight to the chooser', () => {
  const { chooser, calls } = countingChooser();
  const long = `${'my backup keeps failing '.repeat(9)}`;
  const cached = new CachedLanguageChooser(chooser);
  cached.choose({ text: long });
  cached.choose({ text: long });
  const off = new CachedLanguageChooser(chooser, { max: 0 });
  off.choose({ text: 'no' });
  off.choose({ text: 'no' });
  expect(calls.map((c) => c.text)).toEqual([long, long, 'no', 'no']);
  expect(cached.size).toBe(0);
});

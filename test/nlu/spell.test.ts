/**
 * Spelling correction with the English lexicon (SCOWL's common words) and a domain vocabulary: generated misspellings
 * (a letter dropped, swapped, doubled, a neighbouring key) of cue and domain words are spelled back; a real English
 * word or a domain word is never "corrected".
 */
import { lexiconFor, SpellCorrector } from '../../src/nlu/spell';
import { isCommonTypo, oneEditVariants, withoutEmphasis } from '../../src/nlu/spellTypos';
import { englishLexicon, lexiconOf } from '../../src/text/englishLexicon';
import { typoVariants } from '../helpers/typos';

const DOMAIN = new Map<string, number>([
  ['icloud', 40], ['iphone', 30], ['ipad', 5], ['wifi', 20], ['backup', 60], ['storage', 30], ['settings', 25],
  ['space', 15], ['restart', 8], ['password', 10], ['network', 12], ['update', 10], ['toggle', 3], ['long', 6], ['log', 2],
]);

/** Cue words the act reader, question detection and ruled-out detection look for, and domain words. */
const WORDS = ['still', 'working', 'worked', 'failing', 'where', 'which', 'should', 'could', 'would', 'before', 'again', 'plenty', 'space',
  'storage', 'backup', 'icloud', 'iphone', 'settings', 'password', 'network', 'restart', 'update', 'wait', 'long', 'fixed', 'thanks',
  'person', 'human', 'cancel', 'already', 'tried', 'skip', 'find'];

describe('SpellCorrector with the English lexicon', () => {
  const speller = new SpellCorrector(DOMAIN, englishLexicon());

  it.each([...DOMAIN.keys()].filter((w) => w.length >= 5))('every generated misspelling of the domain word "%s" is spelled back', (word) => {
    const wrong = typoVariants(word)
      .filter((typo) => !speller.has(typo))
      .map((typo) => `${typo} → ${speller.correct(typo)}`)
      .filter((pair) => !pair.endsWith(` ${word}`));
    expect(wrong).toEqual([]);
  });

  it('generated misspellings of cue words are spelled back (≥ 90%), and never to a non-word', () => {
    const pairs = WORDS.flatMap((word) => typoVariants(word).filter((typo) => !speller.has(typo)).map((typo) => ({ word, typo, corrected: speller.correct(typo) })));
    const back = pairs.filter((p) => p.corrected === p.word).length;
    // The rest are typos two real words are equally close to ("fied": field or fixed); each becomes a real word or stays.
    expect(pairs.filter((p) => p.corrected !== p.typo && !speller.has(p.corrected))).toEqual([]);
    expect(pairs.length).toBeGreaterThan(500);
    expect(back / pairs.length).toBeGreaterThanOrEqual(0.9);
  });

  it('"lomg" is long (a neighbouring key), not log (a stray letter)', () => {
    expect(speller.correct('lomg')).toBe('long');
    expect(speller.correct('sace')).toBe('space');
    expect(speller.correct('strage')).toBe('storage');
    expect(speller.correct('fien')).toBe('fine');
    expect(speller.correct('teh')).toBe('the');
    expect(speller.correct('wfi')).toBe('wifi');
  });

  it('never corrects a real English word or a domain word', () => {
    const lexicon = englishLexicon();
    expect(lexicon.size).toBeGreaterThan(50_000);
    for (const word of ['log', 'lone', 'stage', 'strange', 'sage', 'fie', 'same', 'wait', 'whether', 'weather', 'ok', 'okay']) expect(speller.correct(word)).toBe(word);
    for (const word of DOMAIN.keys()) expect(speller.correct(word)).toBe(word);
    const corrected = ['would', 'could', 'their', 'there', 'its', 'lose', 'loose', 'advice', 'advise', 'quiet', 'quite'].filter((w) => speller.correct(w) !== w);
    expect(corrected).toEqual([]);
  });

  it('letters repeated for emphasis are taken back', () => {
    expect(speller.correct('pleeease')).toBe('please');
    expect(speller.correct('sooo')).toBe('so');
    expect(speller.correct('stilll')).toBe('still');
  });

  it('leaves alone what it cannot place: names, far-off and foreign words', () => {
    for (const word of ['whatsapp', 'qwxz', 'gracias', 'onedrive']) expect(speller.correct(word)).toBe(word);
  });

  it('has no lexicon outside English (domain words only, as before)', () => {
    expect(lexiconFor('es')).toBeUndefined();
    expect(new SpellCorrector(new Map([['copia', 3]]), lexiconFor('es')).correct('copai')).toBe('copia');
  });
});

describe('typo kinds', () => {
  it('tells common typos from rare ones', () => {
    expect(isCommonTypo('lomg', 'long')).toBe(true); // m beside n
    expect(isCommonTypo('lomg', 'log')).toBe(false); // a stray m, no neighbour of o or g
    expect(isCommonTypo('bacckup', 'backup')).toBe(true); // doubled
    expect(isCommonTypo('bakup', 'backup')).toBe(true); // dropped
    expect(isCommonTypo('stroage', 'storage')).toBe(true); // swapped
    expect(isCommonTypo('sace', 'same')).toBe(false); // c and m are far apart
  });

  it('one-edit variants hold every kind of edit', () => {
    const v = oneEditVariants('lomg');
    for (const w of ['long', 'log', 'olmg', 'lomgs', 'lmg']) expect(v.has(w)).toBe(true);
    expect(v.has('lomg')).toBe(false);
  });

  it('emphasis: only when the plain word is known', () => {
    const known = (w: string): boolean => lexiconOf(new Map([['so', 1], ['still', 1]])).level(w) !== undefined;
    expect(withoutEmphasis('sooo', known)).toBe('so');
    expect(withoutEmphasis('zzzz', known)).toBeUndefined();
    expect(withoutEmphasis('so', known)).toBeUndefined();
  });
});

describe('one-edit variants keeping the first letter', () => {
  it('has no edit of the first letter but the swap of the first two', () => {
    const v = oneEditVariants('lomg', true);
    expect(v.has('olmg')).toBe(true);
    expect(v.has('long')).toBe(true);
    expect([...v].filter((w) => w[0] !== 'l' && w !== 'olmg')).toEqual([]);
  });
});

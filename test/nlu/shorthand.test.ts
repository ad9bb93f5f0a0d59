/**
 * Chat shorthand as data (intents/shorthand.yaml, src/text/shorthand.ts): validated at load with errors naming the
 * file and the line, expanded by normalizeText as whole words only, English only.
 */
import { normalizeText } from '../../src/text/normalize';
import { expandShorthand, loadShorthand, parseShorthand } from '../../src/text/shorthand';

describe('intents/shorthand.yaml', () => {
  it('loads: every entry valid, the common forms present', () => {
    const { entries } = loadShorthand();
    expect(entries.size).toBeGreaterThan(100);
    for (const [short, meaning] of [['b4', 'before'], ['hw', 'how'], ['u', 'you'], ['pls', 'please'], ['thx', 'thanks'], ['rn', 'right now'], ['idk', "i don't know"], ['bc', 'because'], ['cuz', 'because'], ['wat', 'what'], ['abt', 'about'], ['tmrw', 'tomorrow'], ['smth', 'something']] as const) {
      expect([short, entries.get(short)]).toEqual([short, meaning]);
    }
  });

  it.each([
    ['B4: before\n', 'x.yaml:1: "B4": a key is one lower-case token'],
    ['ok: fine\nb4: Before\n', 'x.yaml:2: "b4": its meaning must be lower-case words'],
    ['b4: before\nthx: thanks\nb4: before\n', 'x.yaml:3: "b4": given twice'],
    ['hw: how\nhow: hw\n', 'x.yaml: "how": its meaning has the short form "hw"'],
    ['- b4\n', 'x.yaml: must be a mapping'],
    ['b4: [before]\n', 'x.yaml:1: "b4": its meaning must be lower-case words'],
  ])('a bad file %j stops loading: %s', (text, message) => {
    expect(() => parseShorthand(text, 'x.yaml')).toThrow(message);
  });

  it('matches whole words only, longest form first', () => {
    const shorthand = parseShorthand('u: you\nw/: with\nw/o: without\nbc: because\n', 'x.yaml');
    expect(expandShorthand('can u help w/o wifi bc w/ it', shorthand)).toBe('can you help without wifi because with it');
    for (const untouched of ['up', 'url', 'abc', "u'd", 'u-turn', 'bcc', 'you']) expect(expandShorthand(untouched, shorthand)).toBe(untouched);
  });
});

describe('normalizeText spells shorthand out', () => {
  it.each([
    ['hw long do i wait b4 turning it on again', 'how long do i wait before turning it on again'],
    ['Thx!! u r a star', 'thanks!! you are a star'],
    ['idk wat happened, pls help rn', "i don't know what happened, please help right now"],
    ['it failed bc my storage is full tbh', 'it failed because my storage is full to be honest'],
    ['cuz my wifi is bad', 'because my wifi is bad'],
    ['will do it tmrw', 'will do it tomorrow'],
    ['give it a sec, brb', 'give it a sec, brb'],
  ])('%j → %j', (typed, expected) => {
    expect(normalizeText(typed)).toBe(expected);
  });

  it('leaves other languages alone', () => {
    expect(normalizeText('u r', 'es')).toBe('u r');
    expect(normalizeText('pls', 'de')).toBe('pls');
  });
});

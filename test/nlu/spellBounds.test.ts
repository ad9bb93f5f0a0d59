import { SpellCorrector } from '../../src/nlu/spell';

describe('SpellCorrector on hostile input', () => {
  const speller = new SpellCorrector(new Map([['icloud', 5], ['backup', 9], ['storage', 3]]));

  test('still corrects near misses', () => {
    expect(speller.correct('iclod')).toBe('icloud');
    expect(speller.correct('bakup')).toBe('backup');
  });

  test('a word far longer than any dictionary word is returned unchanged without searching', () => {
    const huge = 'a'.repeat(5000);
    // Counting work, not time: the deletion index is never probed for a word that no dictionary word can reach.
    const probe = jest.spyOn(Map.prototype, 'get');
    expect(speller.correct(huge)).toBe(huge);
    const lookups = probe.mock.calls.length;
    probe.mockRestore();
    expect(lookups).toBe(0);
  });
});

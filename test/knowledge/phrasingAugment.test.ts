/**
 * The phrasing classifier's training copies (phrasingAugment.ts): generated noise of the kinds people type — a
 * keyboard slip, vowels dropped as in texting, function words dropped — deterministic, never a word list (the shipped
 * classifier does not use them yet: docs/knowledge.md, "Branch kbrank"); and misspelt, texted questions keep their
 * entry first.
 */
import { loadDialogContent } from '../../src/content/loadContent';
import { loadKnowledgeIndex } from '../../src/knowledge';
import { noisyCopies } from '../../src/knowledge/phrasingAugment';
import { ENGLISH_TERMS } from '../../src/knowledge/terms';

const text = 'how do i check how much icloud storage i have left';

describe('noisyCopies', () => {
  test('deterministic: the same text gives the same copies', () => {
    expect(noisyCopies(text, 3, 'en', ENGLISH_TERMS.stop)).toEqual(noisyCopies(text, 3, 'en', ENGLISH_TERMS.stop));
  });

  test('copies differ from the text and keep most of it; only function words are dropped', () => {
    const words = text.split(' ');
    const copies = noisyCopies(text, 20, 'en', ENGLISH_TERMS.stop);
    expect(copies).toHaveLength(20);
    expect(copies.filter((c) => c !== text).length).toBeGreaterThanOrEqual(15);
    for (const copy of copies) {
      const kept = copy.split(' ');
      // Every content word is still there, maybe misspelt: as many words as the text's content words at least.
      expect(kept.length).toBeGreaterThanOrEqual(words.filter((w) => !ENGLISH_TERMS.stop.has(w)).length);
    }
  });

  test('no copies asked: none made', () => {
    expect(noisyCopies(text, 0, 'en', ENGLISH_TERMS.stop)).toEqual([]);
  });
});

describe('typos and texting forms keep their entry first', () => {
  const index = loadKnowledgeIndex('dialogs', loadDialogContent('dialogs'));
  test.each([
    ['hw do i chek how much icloud spce i hav', 'storage_how_to_check'],
    ['hw lomg dose a bakup take', 'backup_how_long'],
  ])('"%s" → %s ranked first', (question, entry) => {
    expect(index.retrieve(question).candidates[0]?.entry.id).toBe(entry);
  });
});

/**
 * Run-on replies with the trained act model (npm run train), table-driven both ways: replies of two acts typed
 * without punctuation are read as both acts in order, and one-act replies are not cut — also with generated
 * misspellings of a word (a letter dropped, swapped or doubled) and with an emoji added.
 */
import type { DialogAct } from '../../src/content/loadActs';
import { loadActClassifier } from '../../src/nlu/dialogActs';
import { withTypos } from '../helpers/typos';

const acts = loadActClassifier({ actsDir: 'intents/acts', modelPath: 'models/act-model.json' });
const read = (text: string): string[] => acts.read(text).parts.map((p) => p.act);

/** [reply, a word to misspell, an emoji to add at the end, its acts]. */
const TWO: ReadonlyArray<readonly [string, string, string, readonly DialogAct[]]> = [
  ['yes it worked how do i make it back up every night', 'night', '🙏', ['fixed', 'question']],
  ['im signing out now will i lose my photos', 'photos', '😬', ['doing_it', 'question']],
  ['ok trying that now how long should i wait', 'wait', '⏳', ['doing_it', 'question']],
  ['still no luck should i call apple', 'apple', '😩', ['not_fixed', 'question']],
  ['it worked how do i see what got backed up', 'backed', '🎉', ['fixed', 'question']],
  ['still failing can i talk to someone real pls', 'someone', '😡', ['not_fixed', 'human']],
  ['give me a min where is the settings app again', 'settings', '🙏', ['doing_it', 'question']],
];

const ONE: ReadonlyArray<readonly [string, string, string, DialogAct]> = [
  ['no i dont think so', 'think', '😕', 'not_fixed'],
  ['if i sign out will my photos go away', 'photos', '😬', 'question'],
  ['how do i know if it finished or not', 'finished', '🤔', 'question'],
  ['wait will this delete my photos', 'delete', '😬', 'question'],
  ['yes it finally worked thank you so much', 'finally', '🙏', 'fixed'],
  ['no it still says the backup could not be completed', 'completed', '😩', 'not_fixed'],
  ['ok give me a few minutes im on it', 'minutes', '👍', 'doing_it'],
  ['i cant find where that setting is on my ipad', 'setting', '🤷', 'cant_do'],
  ['i already tried that yesterday and it didnt help', 'yesterday', '🙄', 'already_tried'],
];

const variants = (text: string, word: string, emoji: string): string[] => [text, ...withTypos(text, word), `${text} ${emoji}`];

describe('run-on replies with the trained act model', () => {
  describe.each(TWO)('%s', (text, word, emoji, expected) => {
    test.each(variants(text, word, emoji))('%s → both acts, in order', (variant) => {
      expect(read(variant)).toEqual(expected);
    });
  });

  describe.each(ONE)('%s', (text, word, emoji, expected) => {
    test.each(variants(text, word, emoji))('%s → one act', (variant) => {
      expect(read(variant)).toEqual([expected]);
    });
  });
});

/**
 * runOnSplit (src/nlu/actSegmentation.ts) with a stub act ranking, table-driven: where a run-on reply is cut into two
 * acts, and where it must stay one (a question runs to its end, a condition is one question, small talk is no side,
 * a cut between two answers to "did it work?" is no second act, fragments of fewer than three words are no side).
 */
import type { DialogAct } from '../../src/content/loadActs';
import { runOnSplit } from '../../src/nlu/actSegmentation';
import { ENGLISH_GRAMMAR } from '../../src/nlu/englishGrammar';

/** A stub ranking: the act of the first phrase found in the text, at its confidence (unsure when two acts' phrases are found). */
const PHRASES: ReadonlyArray<readonly [RegExp, DialogAct, number]> = [
  [/^(?:will|does|do|how|what|why|where|is|can|should)\b/, 'question', 0.95],
  [/\bworked\b|\bgood now\b/, 'fixed', 0.97],
  [/\bstill failing\b|\bdidnt work\b|\bno luck\b/, 'not_fixed', 0.98],
  [/\bdoing it\b|\btrying\b|\bsigning out\b/, 'doing_it', 0.93],
  [/\bget me a\b|\bagent\b/, 'human', 0.99],
  [/\bthanks\b/, 'small_talk', 0.99],
  [/\balready\b/, 'already_tried', 0.95],
  [/\bdid the trick\b/, 'fixed', 0.95],
  [/^that$/, 'already_tried', 0.85],
];
const rank = (text: string): Array<{ act: DialogAct; confidence: number }> => {
  const t = text.toLowerCase();
  const hits = PHRASES.filter(([re]) => re.test(t));
  const hit = hits[0];
  if (!hit) return [{ act: 'off_topic', confidence: 0.3 }];
  return [{ act: hit[1], confidence: new Set(hits.map((h) => h[1])).size > 1 ? 0.5 : hit[2] }];
};

const SPLITS: ReadonlyArray<readonly [string, string, string]> = [
  ['yes it worked how do i make it back up every night', 'yes it worked', 'how do i make it back up every night'],
  ['im signing out now will i lose my photos', 'im signing out now', 'will i lose my photos'],
  ['still failing what else could it be', 'still failing', 'what else could it be'],
  ['ok doing it now does it delete anything', 'ok doing it now', 'does it delete anything'],
  ['no it didnt work get me an agent', 'no it didnt work', 'get me an agent'],
];
const ONE: ReadonlyArray<readonly [string, string]> = [
  ['if i sign out will my photos go away', 'a condition and its question are one question'],
  ['how do i know if it worked', 'a reply that starts as a question runs to its end'],
  ['wait will this delete my photos', '"wait" before a question is a filler'],
  ['hold on does this erase anything', '"hold on" before a question is a filler'],
  ['no clue what that means', 'an embedded wh-clause has no auxiliary after its wh-word'],
  ['didnt work do it again', '"do it" is an imperative, not a question'],
  ['it worked thanks so much for that', 'small talk is never a side'],
  ['already did that still failing sadly', 'two answers to "did it work?" are no second act'],
  ['that did the trick cheers', 'a question start the classifier reads as an answer ("did the trick": fixed) was an auxiliary in a statement'],
  ['worked', 'too short'],
];

describe('runOnSplit: run-on replies cut into two acts', () => {
  test.each(SPLITS)('%s → [%s] + [%s]', (text, left, right) => {
    expect(runOnSplit(text, rank, ENGLISH_GRAMMAR)).toEqual([left, right]);
  });

  test.each(ONE)('%s stays one part (%s)', (text) => {
    expect(runOnSplit(text, rank, ENGLISH_GRAMMAR)).toBeUndefined();
  });

  test('a language without runOn grammar is never cut', () => {
    expect(runOnSplit(SPLITS[0]![0], rank, { ...ENGLISH_GRAMMAR, runOn: undefined })).toBeUndefined();
  });
});

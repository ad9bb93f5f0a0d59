/**
 * "Did I help?" answered in words: interpretRating reads 👍, 👎 or not a rating (no model involved); newProblemDetector
 * says when a message skips the survey instead.
 */
import { join } from 'node:path';
import type { DialogAct } from '../../src/content/loadActs';
import { loadDialogContent } from '../../src/content/loadContent';
import { interpretRating, newProblemDetector } from '../../src/dialogs/csatDialog';
import type { TurnUnderstanding } from '../../src/dialogs/turnUnderstanding';

describe('interpretRating', () => {
  test.each(['👍', 'yes', 'it was great', 'Great, thanks!', 'very helpful', 'yep', 'thank you'])('"%s" → 👍', (text) => {
    expect(interpretRating(text)).toBe('up');
  });
  test.each(['👎', 'no', 'not really', 'Nope.', "it didn't help", 'useless', 'not helpful at all'])('"%s" → 👎', (text) => {
    expect(interpretRating(text)).toBe('down');
  });
  test.each(['how do I delete old backups?', 'my photos are not uploading since yesterday and the backup stopped at 40 percent', 'hello'])('"%s" is not a rating', (text) => {
    expect(interpretRating(text)).toBeUndefined();
  });
  test.each([
    ['5 stars', 'up'],
    ['4/5', 'up'],
    ['10/10 would recommend', 'up'],
    ['8 out of 10', 'up'],
    ['4.5 stars', 'up'],
    ['⭐⭐⭐⭐⭐', 'up'],
    ['1 star', 'down'],
    ['2/5', 'down'],
    ['⭐', 'down'],
    ['5/10', 'down'],
  ])('a score "%s" → %s (👍 above half the scale)', (text, score) => {
    expect(interpretRating(text)).toBe(score);
  });
  test.each(['5 stars?', '12/5', 'i have 5 devices'])('"%s" is no score', (text) => {
    expect(interpretRating(text)).toBeUndefined();
  });
});

describe('newProblemDetector: what skips "Did I help?"', () => {
  const content = loadDialogContent(join(__dirname, 'fixtures'));
  const isNew = newProblemDetector(content, 0.6);
  const understanding = (text: string, intent: string, acts: DialogAct[], confidence = 0.9): TurnUnderstanding => ({
    input: { text, origin: 'typed' },
    text,
    nlu: { text, intent, route: intent, confidence: 0.82, ruledOut: [], alternatives: [] },
    act: { act: acts[0] ?? 'unknown', confidence, parts: acts.map((act) => ({ act, confidence, question: 0, text })), best: acts[0] ?? 'small_talk' },
    questionKind: 'none',
    ruledOut: [],
    language: 'en',
  });
  test('"not really, it just sent me to apple" (intent person 0.82, no act human) is a rating with its reason, not a call for a person', () => {
    expect(isNew(understanding('not really, it just sent me to apple', 'human_agent', ['new_symptom_or_cause']))).toBe(false);
  });
  test('a call for a person the act reader agrees with skips the survey', () => {
    expect(isNew(understanding('get me a human', 'human_agent', ['human']))).toBe(true);
  });
  test('an unsure act reading of a person does not outweigh a rating: "not really, it just sent me to apple" (act human 0.48)', () => {
    expect(isNew(understanding('not really, it just sent me to apple', 'human_agent', ['human'], 0.48))).toBe(false);
  });
  test('an unsure act reading of a message that is no rating leaves the call for a person to the intent', () => {
    expect(isNew(understanding('can someone from support look at this', 'human_agent', ['human'], 0.48))).toBe(true);
    expect(isNew(understanding('can someone from support look at this', 'human_agent', [], 0.3))).toBe(true);
  });
  test('a sure call for a person skips the survey even after a rating word: "no, get me a human"', () => {
    expect(isNew(understanding('no, get me a human', 'human_agent', ['human'], 0.95))).toBe(true);
  });
});

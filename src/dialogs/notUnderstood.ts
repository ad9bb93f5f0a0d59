/**
 * What the bot says when it did not understand a reply: a targeted check ("I'm not sure I got that right, so let me
 * ask again", then the same question with its buttons) when the act reader leans to an answer of the question, the
 * generic "didn't understand" (with what can be typed) otherwise.
 */
import type { DialogAct } from '../content/loadActs';
import type { Prompts } from '../content/schema';
import type { Interpretation } from './interpretation';

/** Acts that answer "did it work?": a reply leaning to one of them gets the question again, not "didn't understand". */
const CHECKED_ACTS: ReadonlySet<DialogAct> = new Set(['fixed', 'not_fixed', 'doing_it', 'already_tried', 'new_symptom_or_cause']);

export function notUnderstoodPrompt(meaning: Extract<Interpretation, { kind: 'unknown' }>, prompts: Pick<Prompts, 'notUnderstood' | 'checkUnderstood'>): string {
  return meaning.likely && CHECKED_ACTS.has(meaning.likely) ? prompts.checkUnderstood : prompts.notUnderstood;
}

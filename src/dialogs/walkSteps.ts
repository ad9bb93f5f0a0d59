/**
 * A step of the current solution named by its number ("can you explain step 2", "whats step 1 again", "the second
 * step?", "paso 2", "étape 2", "Schritt 2"): the walk shows that step of the solution the person is on and keeps it —
 * never another solution's step, never the step-by-step mode from step 1. The word for "step" is read from the content
 * (the word the language's `stepOf` prompt puts before `{index}`: "Step {index} of {total}" → step), so a translation
 * brings its own; the number is a digit in every language, or an English number word (one…ten, first…tenth).
 */
import type { DialogContent } from '../content/loadContent';
import type { Command } from './commands';
import type { Interpretation } from './interpretation';
import type { WalkState } from './walkCommands';

const CARDINALS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/** Lower case, accents folded ("Étape" → etape), so "etape 2" typed without accents matches the content's "Étape". */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function escaped(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The word the stepOf prompt puts before {index} ("Step {index} of {total}: {text}" → "step"); undefined when none. */
export function stepWordOf(stepOf: string): string | undefined {
  const before = stepOf.split('{index}')[0];
  const word = before?.trim().split(/\s+/).pop();
  return word && /\p{L}/u.test(word) ? folded(word) : undefined;
}

/**
 * A number as typed: "2", "2nd", "second", and after the step word also "two" (1-based); undefined for anything else.
 * A cardinal before the word is no step's number ("one step at a time").
 */
function numberOf(token: string, cardinals: boolean): number | undefined {
  const digits = /^(\d{1,2})(?:st|nd|rd|th|º|ª|e|er|re|eme|\.)?$/.exec(token.replace(/\.$/, ''));
  if (digits) return Number(digits[1]);
  const cardinal = cardinals ? CARDINALS.indexOf(token) : -1;
  if (cardinal >= 0) return cardinal + 1;
  const ordinal = ORDINALS.indexOf(token);
  return ordinal >= 0 ? ordinal + 1 : undefined;
}

/**
 * The one step number `text` names after or before the content's word for "step" ("step 2", "step #2", "step two",
 * "2nd step", "the second step"), 1-based, whatever the solution's length; undefined when it names none, or when the
 * text holds other numbers too ("i did step 1 and 2 but…" reports progress, it asks for no one step).
 */
export function stepNumberNamed(text: string, stepOf: string): number | undefined {
  const word = stepWordOf(stepOf);
  if (!word) return undefined;
  const w = escaped(word);
  const t = folded(text);
  const after = new RegExp(`(?:^|[^\\p{L}])${w}\\s*(?:#|no\\.?|number|nr\\.?|n°)?\\s*([\\p{L}\\d.ºª]+)`, 'u').exec(t);
  const before = new RegExp(`([\\p{L}\\d.ºª]+)\\s+${w}(?:[^\\p{L}]|$)`, 'u').exec(t);
  const n = (after && numberOf(after[1]!, true)) ?? (before && numberOf(before[1]!, false));
  const numbers = t.split(/[^\p{L}\d]+/u).filter((token) => /\d/.test(token) || ORDINALS.includes(token));
  return n && numbers.length <= 1 ? n : undefined;
}

/** The 0-based index of the step `text` names (stepNumberNamed), when the solution has that step; undefined otherwise. */
export function namedStep(text: string, stepOf: string, steps: number): number | undefined {
  const n = stepNumberNamed(text, stepOf);
  return n !== undefined && n >= 1 && n <= steps ? n - 1 : undefined;
}

/**
 * Readings that a named step answers better than the walk would otherwise: a question about that step, "I don't get
 * it" / "stuck on it" (cantDo: after the knowledge base's confident help, when it has one), a request to repeat,
 * explain or walk through it, or a reply not understood. An answer (yes, no, skip, already tried, a new cause) stands:
 * "step 2 worked!" is a yes.
 */
export function asksForStep(meaning: Interpretation): boolean {
  if (meaning.kind === 'command') return ['repeat', 'walk_through', 'help', 'where_was_i'].includes(meaning.command);
  return ['question', 'cantDo', 'unknown', 'smallTalk', 'offTopic'].includes(meaning.kind);
}

/**
 * "i don't get step 2" is the intent classifier's help, a global command: while the walk (`state`) asks about a
 * solution that has the step named, the walk explains that step instead (TroubleshootDialog's onNamedStep), so the
 * command is set aside (undefined); any other command stands.
 */
export function stepOverHelp(command: Command | undefined, state: WalkState | undefined, text: string, speech: DialogContent): Command | undefined {
  if (command !== 'help' || !state || (state.phase !== 'ask' && state.phase !== 'step')) return command;
  const solution = speech.solution(state.plan[state.index]!);
  return solution && namedStep(text, speech.prompts.stepOf, solution.steps.length) !== undefined ? undefined : command;
}

/**
 * Step by step, a reading that moves to the next step ("done", 👍, "ok", "did that"): unless its words say the backup
 * works now ("it worked", "backup works now": ReplyInterpreter.saysSuccess), which closes the walk happily.
 */
export function movesToNextStep(meaning: Interpretation): boolean {
  return (meaning.kind === 'command' && meaning.command === 'affirm') || meaning.kind === 'acknowledgement' || meaning.kind === 'alreadyTried';
}

/**
 * Where a run-on reply holds a second act (issue 23): "yes it worked how do i make it back up every night",
 * "im signing out now will i lose my photos", "no it didnt work get me an agent" — one line, no punctuation, no "but".
 * The sentence and clause words of the grammar (replyParts) find no boundary there, so each part they leave is
 * searched for one more cut, scored by the act classifier itself:
 *
 *   1. a question starting inside the reply (the grammar's `runOn.question`: a wh-word, or an auxiliary with its
 *      subject, "will i", "does it"): the earliest such point where the words before it are confidently one answer
 *      act (fixed, not fixed, doing it, …, not a question) and the words from it confidently another act;
 *   2. otherwise, when the whole part is no sure act (below SURE_WHOLE), the cut between any two words (each side at
 *      least MIN_SIDE_WORDS words) whose two sides are each a sure, different act and whose probability product beats
 *      the whole part's reading as one act, the second side a request that leaves the step (a person, stop, skip:
 *      "no it didnt work get me an agent").
 *
 * A part that itself starts as a question ("if i sign out will my photos go", "how do i know if it finished") or with a
 * subordinate clause is never cut: a question runs to its end. Small talk is never one side ("it worked thank you").
 * Thresholds measured on the development sets (docs/nlu.md, "Run-on replies").
 */
import type { DialogAct } from '../content/loadActs';
import { type Grammar, normalizeFor } from './grammar';
import { questionKind } from './isQuestion';

/** A side of a cut must be at least this likely to be its act. */
const SURE_SIDE = 0.8;
/** The side that starts as a question (the grammar says so already): the classifier's lean is enough. */
const QUESTION_SIDE = 0.5;
/** A cut that is not a question's start: each side at least this likely, and the whole part below it. */
const SURE_FREE_SIDE = 0.9;
const SURE_WHOLE = 0.9;
/** Words on each side of a cut that is not a question's start ("my phone | wont let me" is no two acts). */
const MIN_SIDE_WORDS = 3;
/** Longer parts are not searched word by word (the cost is two readings per candidate cut). */
const MAX_WORDS = 24;

/**
 * What the second side of a cut that is not a question's start may be: a request that leaves the step (a person, stop,
 * skip), as after a comma (dialogActs.ts answerThenLeaving). Not another answer to "did it work?" ("freed up space
 * already | still not backing up"), nor a fragment read as a symptom or "can't do" ("asking me for a password | I don't
 * know": a relative clause).
 */
const SECOND_ACTS: ReadonlySet<DialogAct> = new Set(['human', 'cancel', 'skip']);

/** What the side that starts as a question may be read as: a question, or a request put as one ("can i skip this"). */
const ASKING_ACTS: ReadonlySet<DialogAct> = new Set(['question', ...SECOND_ACTS]);

interface Scored {
  act: DialogAct;
  confidence: number;
}

/** The act classifier's ranking of a text (best first). */
export type RankActs = (text: string) => ReadonlyArray<Scored>;

/** The best cut of a run-on part into two acts' texts, or undefined (one act). */
export function runOnSplit(part: string, rank: RankActs, grammar: Grammar): [string, string] | undefined {
  const runOn = grammar.runOn;
  if (!runOn) return undefined;
  const words = part.trim().split(/\s+/);
  if (words.length < 3 || words.length > MAX_WORDS) return undefined;
  const normalized = normalizeFor(grammar, part);
  if (runOn.dependent.test(normalized) || questionKind(part, grammar) === 'asks') return undefined;
  return questionCut(words, rank, grammar) ?? freeCut(words, rank);
}

/** 1. The earliest start of a question after a sure answer act. */
function questionCut(words: readonly string[], rank: RankActs, grammar: Grammar): [string, string] | undefined {
  for (let at = 1; at < words.length - 1; at += 1) {
    const right = words.slice(at).join(' ');
    if (!grammar.runOn!.question.test(normalizeFor(grammar, right))) continue;
    const left = words.slice(0, at).join(' ');
    const [l, r] = [rank(left)[0]!, rank(withoutClosingEmoji(right))[0]!];
    const answers = l.act !== 'question' && l.act !== 'small_talk' && l.confidence >= SURE_SIDE;
    // The first question start decides: the question runs from there to the end — when the classifier reads it as
    // something a question can say (a question, or a request: skip, a person, stop). Read as an answer to "did it
    // work?" ("that | did the trick": fixed), the grammar's question start was an auxiliary in a statement.
    const asks = ASKING_ACTS.has(r.act) && r.act !== l.act && r.confidence >= QUESTION_SIDE;
    return answers && asks ? [left, right] : undefined;
  }
  return undefined;
}

/**
 * The question read from its words: emoji closing a run-on reply colour the whole reply ("it worked how do i see what
 * got backed up 🎉": 🎉 read with the question made it a second "fixed").
 */
function withoutClosingEmoji(text: string): string {
  return text.replace(/(?:\s|\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|\u200D)+$/u, '') || text;
}

/** 2. The best cut anywhere, when the part is no sure act as a whole. */
function freeCut(words: readonly string[], rank: RankActs): [string, string] | undefined {
  if (words.length < 2 * MIN_SIDE_WORDS) return undefined;
  const whole = rank(words.join(' '))[0]!;
  if (whole.confidence >= SURE_WHOLE) return undefined;
  let best: { score: number; cut: [string, string] } | undefined;
  for (let at = MIN_SIDE_WORDS; at <= words.length - MIN_SIDE_WORDS; at += 1) {
    const cut: [string, string] = [words.slice(0, at).join(' '), words.slice(at).join(' ')];
    const [l, r] = cut.map((side) => rank(side)[0]!) as [Scored, Scored];
    if (l.act === r.act || l.act === 'small_talk' || !SECOND_ACTS.has(r.act)) continue;
    if (l.confidence < SURE_FREE_SIDE || r.confidence < SURE_FREE_SIDE) continue;
    const score = l.confidence * r.confidence;
    if (score > whole.confidence && (!best || score > best.score)) best = { score, cut };
  }
  return best?.cut;
}

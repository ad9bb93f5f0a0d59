/**
 * What a reply means at a point where the bot waits for an answer (the reply interpreter's output, which the walk
 * acts on), and the dialog act(s) each meaning amounts to (for `npm run eval`).
 */
import type { Language } from '../content/i18n/languages';
import type { DialogAct } from '../content/loadActs';
import type { ReplyPatterns } from '../content/loadReplies';
import type { Command } from './commands';

/** What a person's message means at a point where the bot is waiting for an answer. */
export type Interpretation =
  | { kind: 'command'; command: Command }
  /** "ok", "just a sec", "I cleared some space, running it again": progress, not an answer to "did it work?". */
  | { kind: 'acknowledgement' }
  /** A question: answered from the knowledge base (or honestly not), never taken as yes/no. */
  | { kind: 'question' }
  /** "I can't find it", "it's greyed out": the step's help from the knowledge base, then the same step. */
  | { kind: 'cantDo' }
  /** "Already tried that": the next solution, acknowledged. */
  | { kind: 'alreadyTried' }
  /** A new cause: offer to switch to it (afterNotFixed: "no, and now…" — the current solution did not fix it). */
  | { kind: 'newCause'; cause: string; afterNotFixed?: boolean }
  /** "my wifi is fine by the way": says a cause is not the problem (nlu.ruledOut); the walk drops it, same step. */
  | { kind: 'ruledOut' }
  /** "thanks", "lol", "are you there?": the small-talk reply when the classifier knows one, then the same step. */
  | { kind: 'smallTalk' }
  /** Another app's backup, another device…: the topic's redirect (as at the start) or the honest fallback, then the same step. */
  | { kind: 'offTopic' }
  /** Two acts in one reply ("yes it worked, but how do I stop it happening again?"): both, in the order said. */
  | { kind: 'both'; answer: Interpretation; question: string; questionFirst: boolean }
  /**
   * Not understood. `likely`: the act the act classifier leans to although it is not sure enough to act on it (the
   * dialog then checks with the person instead of saying it did not understand: notUnderstoodPrompt).
   */
  | { kind: 'unknown'; likely?: DialogAct };

export interface InterpretContext {
  /** The cause the current solution addresses (a complaint about the same cause means "still failing"). */
  currentCauses: readonly string[];
  /** The walk's route. */
  route?: string;
  /** The solution the person is on. */
  solutionId?: string;
  /** The language of the reply (default: the understanding's). */
  language?: Language;
}

/** The yes / no / acknowledgement / success words of a language (intents/<lang>/replies.yaml; English: intents/replies.yaml). */
export type ReplyWordsFor = (language: Language) => ReplyPatterns;

export interface InterpreterThresholds {
  /** Minimum confidence for a conversation-control intent (yes, no, skip…) to count inside a dialog. */
  confidence: number;
  /** Minimum confidence to answer a follow-up question (a wrong answer is worse than asking again). */
  answer: number;
}

/**
 * The dialog act(s) a reading amounts to, for `npm run eval` (the rules-only reading and the act classifier's are
 * scored on the same held-out replies). `answered`: whether the knowledge base would answer the text confidently
 * (an unknown reply is then answered as a question at a step).
 */
export function actsOf(reading: Interpretation, answered: boolean): Array<DialogAct | 'unknown'> {
  switch (reading.kind) {
    case 'command':
      return [COMMAND_ACTS[reading.command]];
    case 'acknowledgement':
      return ['doing_it'];
    case 'question':
      return ['question'];
    case 'cantDo':
      return ['cant_do'];
    case 'alreadyTried':
      return ['already_tried'];
    case 'ruledOut':
      return ['new_symptom_or_cause'];
    case 'newCause':
      return reading.afterNotFixed ? ['not_fixed', 'new_symptom_or_cause'] : ['new_symptom_or_cause'];
    case 'smallTalk':
      return ['small_talk'];
    case 'offTopic':
      return ['off_topic'];
    case 'both': {
      const first = actsOf(reading.answer, false);
      return reading.questionFirst ? ['question', ...first] : [...first, 'question'];
    }
    case 'unknown':
      return [answered ? 'question' : 'unknown'];
  }
}

/** What each command does at a step, as a dialog act. */
const COMMAND_ACTS: Readonly<Record<Command, DialogAct>> = {
  affirm: 'fixed',
  deny: 'not_fixed',
  skip: 'skip',
  repeat: 'cant_do',
  go_back: 'correction',
  where_was_i: 'question',
  walk_through: 'cant_do',
  help: 'cant_do',
  cancel: 'cancel',
  start_over: 'cancel',
  human_agent: 'human',
  greeting: 'small_talk',
  thanks: 'small_talk',
};

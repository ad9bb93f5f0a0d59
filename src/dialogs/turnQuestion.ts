import type { TurnContext } from 'botbuilder';

/** A question the knowledge base could not answer confidently this turn (fallback or "did you mean"). */
export interface UnansweredQuestion {
  text: string;
  /** 'fallback' (no reliable answer) or 'did_you_mean' (two close answers). */
  outcome: 'fallback' | 'did_you_mean';
  /** The best entry found, if any. */
  bestEntry?: string;
  confidence: number;
}

const KEY = Symbol('unansweredQuestion');

export function markUnansweredQuestion(context: TurnContext, question: UnansweredQuestion): void {
  context.turnState.set(KEY, question);
}

/** For the operators' to-do list (analytics). */
export function peekUnansweredQuestion(context: TurnContext): UnansweredQuestion | undefined {
  return context.turnState.get(KEY) as UnansweredQuestion | undefined;
}

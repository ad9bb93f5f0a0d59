import type { TurnContext } from 'botbuilder';
import type { NluResult } from '../nlu/types';

/** The message's NLU result is computed once per turn by the main dialog and shared through turn state. */
const NLU_KEY = Symbol('nluResult');

export function setTurnNlu(context: TurnContext, result: NluResult): void {
  context.turnState.set(NLU_KEY, result);
}

/** The turn's NLU result, if the message was understood this turn (not for events, empty or over-long messages). */
export function peekTurnNlu(context: TurnContext): NluResult | undefined {
  return context.turnState.get(NLU_KEY) as NluResult | undefined;
}

export function getTurnNlu(context: TurnContext): NluResult {
  const result = peekTurnNlu(context);
  if (!result) throw new Error('No NLU result for this turn: the main dialog must recognize the message first');
  return result;
}

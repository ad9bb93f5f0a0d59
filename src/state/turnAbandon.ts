/**
 * A turn whose client has gone (it gave up waiting, or disconnected) must not be applied later (issue 27): the
 * person will send the message again, and a late save of the first attempt would make the second one skip a step.
 * The HTTP route gives the turn an AbortSignal that fires when its request is abandoned; the conversation state
 * refuses to save for an abandoned turn.
 */
import type { TurnContext } from 'botbuilder';

const ABANDON_SIGNAL = Symbol('turnAbandonSignal');

export class TurnAbandonedError extends Error {
  constructor() {
    super('The client gave up on this turn before it was saved; nothing of it was saved');
    this.name = 'TurnAbandonedError';
  }
}

/** Ties the turn to `signal` (aborted = the client is gone). */
export function setAbandonSignal(context: TurnContext, signal: AbortSignal): void {
  context.turnState.set(ABANDON_SIGNAL, signal);
}

/** Throws TurnAbandonedError when the turn's client is gone. */
export function throwIfAbandoned(context: TurnContext): void {
  const signal = context.turnState.get(ABANDON_SIGNAL) as AbortSignal | undefined;
  if (signal?.aborted) throw new TurnAbandonedError();
}

export function isTurnAbandoned(error: unknown): error is TurnAbandonedError {
  return error instanceof TurnAbandonedError;
}

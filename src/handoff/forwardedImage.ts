/**
 * An image the person sent during a hand-off, handed from the screenshot middleware (which read it) to the desk (which
 * keeps it for the agent) in the turn's state only: outside a hand-off nothing sets it, and it is gone with the turn.
 */
import type { TurnContext } from 'botbuilder';
import type { KeptImage } from './handoffImages';

const FORWARDED_IMAGE = Symbol('handoff.forwardedImage');

/** Marks the turn's image as one for the agent (call only when the conversation is in a hand-off). */
export function forwardImageToAgent(context: TurnContext, image: KeptImage): void {
  context.turnState.set(FORWARDED_IMAGE, image);
}

export function forwardedImageOf(context: TurnContext): KeptImage | undefined {
  return context.turnState.get(FORWARDED_IMAGE) as KeptImage | undefined;
}

import type { TurnContext } from 'botbuilder';

/**
 * What the dialogs need from the hand-off to a person (the dialogs own this interface; src/handoff implements it,
 * src/index.ts wires it in, so the dialogs never import the hand-off).
 */
export interface HumanHandoff {
  /** Puts the person in the agents' queue; false when no agent can take it (the dialogs then carry on). */
  start(context: TurnContext, reason: string): Promise<boolean>;
}

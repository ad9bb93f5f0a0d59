import type { TurnContext } from 'botbuilder';
import type { SessionState } from './session';
import type { TurnUnderstanding } from './turnUnderstanding';

/**
 * Plug-ins around every turn (hand-off relay, analytics), so features add behaviour without changing the bot.
 * `beforeTurn` runs for every activity after the transcript is recorded; returning true means the turn was fully
 * handled (e.g. the message was relayed to a human agent) and the dialogs do not run. `afterTurn` runs after state
 * is saved. Both get the turn's understanding (undefined for events and empty or over-long messages): the message is
 * read once, before the hooks, and never classified again by them.
 */
export interface TurnHooks {
  beforeTurn?(context: TurnContext, session: SessionState, understanding?: TurnUnderstanding): Promise<boolean>;
  afterTurn?(context: TurnContext, session: SessionState, understanding?: TurnUnderstanding): Promise<void>;
}

import type { TurnContext } from 'botbuilder';
import type { SessionState } from './session';

/**
 * Plug-ins around every turn (hand-off relay, analytics), so features add behaviour without changing the bot.
 * `beforeTurn` runs for every activity after the transcript is recorded; returning true means the turn was fully
 * handled (e.g. the message was relayed to a human agent) and the dialogs do not run. `afterTurn` runs after state
 * is saved.
 */
export interface TurnHooks {
  beforeTurn?(context: TurnContext, session: SessionState): Promise<boolean>;
  afterTurn?(context: TurnContext, session: SessionState): Promise<void>;
}

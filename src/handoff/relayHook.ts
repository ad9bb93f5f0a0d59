/**
 * The turn hook that keeps the bot quiet while a person is with (or waiting for) a human: their messages go to the
 * hand-off desk instead of the dialogs, and `handoff.status` events from an external agent hub are handled here.
 */
import { ActivityTypes, TurnContext } from 'botbuilder';
import type { TurnHooks } from '../dialogs/turnHooks';
import type { HandoffDesk } from './handoffDesk';

const HANDOFF_STATUS_EVENT = 'handoff.status';

export function handoffRelayHook(desk: HandoffDesk): TurnHooks {
  return {
    async beforeTurn(context, session, understanding) {
      const activity = context.activity;
      if (activity.type === ActivityTypes.Event && activity.name === HANDOFF_STATUS_EVENT) {
        await desk.onHubStatus(context, activity.value);
        return true;
      }
      // Only conversations that ever asked for a person can be in a hand-off: the others cost no storage read.
      if (activity.type !== ActivityTypes.Message || !session.handoff) return false;
      TurnContext.removeRecipientMention(activity);
      return desk.onPersonMessage(context, understanding);
    },
  };
}

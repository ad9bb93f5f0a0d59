/**
 * The analytics turn hook: after each user message's turn (state already saved) it upserts the conversation's
 * snapshot, and puts the message on the training to-do list when the classifier was unsure or said `none`.
 * Analytics never break a turn: a failing store is logged and the person still gets their answer.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { TurnHooks } from '../dialogs/turnHooks';
import type { SessionState } from '../dialogs/session';
import type { TurnUnderstanding } from '../dialogs/turnUnderstanding';
import { peekUnansweredQuestion } from '../dialogs/turnQuestion';
import { isLowConfidence, toLowConfidenceMessage, toUnansweredQuestionMessage, type LowConfidenceRule } from './lowConfidence';
import { snapshotOf } from './snapshot';
import { conversationDigest } from '../privacy/personalData';
import { annotateSpan } from '../telemetry/spans';
import type { AnalyticsStore } from './types';

export interface AnalyticsHookOptions {
  store: AnalyticsStore;
  lowConfidence: LowConfidenceRule;
  log?: { warn(fields: object, message?: string): void };
  now?: () => number;
}

export function analyticsHooks(options: AnalyticsHookOptions): TurnHooks {
  const { store, lowConfidence } = options;
  const now = options.now ?? Date.now;
  return {
    async afterTurn(context: TurnContext, session: SessionState, understanding?: TurnUnderstanding): Promise<void> {
      const activity = context.activity;
      const conversationId = activity.conversation?.id;
      if (activity.type !== ActivityTypes.Message || !conversationId) return;
      // The turn's span (when tracing is on) gets where the conversation went and how it ended: ids, never text.
      annotateSpan({ 'bot.route': session.route ?? 'none', 'bot.outcome': session.outcome ?? 'none' });
      try {
        const at = now();
        await store.recordTurn(snapshotOf(activity.channelId, conversationId, session, at));
        const nlu = understanding?.nlu;
        const question = peekUnansweredQuestion(context);
        // The to-do text keeps a digest of its conversation (not the id), so erasing the conversation finds it.
        const conversationRef = conversationDigest({ channelId: activity.channelId, conversationId });
        if (question) await store.recordLowConfidence({ ...toUnansweredQuestionMessage(question, activity.channelId, at), conversationRef });
        else if (nlu && isLowConfidence(nlu, lowConfidence)) await store.recordLowConfidence({ ...toLowConfidenceMessage(nlu, activity.channelId, at), conversationRef });
      } catch (err) {
        options.log?.warn({ error: err instanceof Error ? err.message : String(err), channelId: activity.channelId }, 'analytics: could not record the turn');
      }
    },
  };
}

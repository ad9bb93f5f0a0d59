/**
 * A person's `typing` activity on the built-in Direct Line: given to the bot (during a hand-off their agent sees
 * "… is typing", src/handoff/typingRelay.ts) but never stored in the conversation — kept, typing would push the
 * messages out of its retained history (DirectLineStoreLimits) and fill the store with nothing worth keeping.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelAccount } from 'botbuilder';
import type { Response } from 'restify';
import { sendError, sendJson } from '../../http/http';
import { errorFields, type Log } from '../../logging/log';
import type { StoredActivity } from '../../storage/directLineConversationStore';
import { TooManyPendingTurnsError, type BotBridge } from './botBridge';
import type { ConversationHub } from './conversationHub';
import { activityForBot } from './userActivity';

export interface TypingDeliveryDeps {
  hub: Pick<ConversationHub, 'get'>;
  bridge: Pick<BotBridge, 'send'>;
  botAccount: ChannelAccount;
  log: Log;
}

export async function deliverTypingToBot(
  deps: TypingDeliveryDeps,
  res: Response,
  typing: { conversationId: string; activity: Omit<StoredActivity, 'id'>; serviceUrl: string },
): Promise<void> {
  const { conversationId, activity, serviceUrl } = typing;
  if (!(await deps.hub.get(conversationId))) return sendError(res, 404, 'NotFound', 'Conversation not found');
  const id = `${conversationId}|live-${randomUUID()}`;
  try {
    await deps.bridge.send(activityForBot({ ...activity, id }, serviceUrl, deps.botAccount));
    sendJson(res, 200, { id });
  } catch (error) {
    if (error instanceof TooManyPendingTurnsError) return sendError(res, 429, 'TooManyRequests', 'Please wait for the bot to answer before sending more');
    deps.log.warn({ err: errorFields(error), conversationId }, 'Direct Line: typing could not be given to the bot');
    sendError(res, 502, 'BotError', 'The bot could not process the activity');
  }
}

/**
 * Validation and clean-up of activities posted by Direct Line clients: only known fields are kept, the sender is
 * the user the token belongs to, and ids/timestamps are the server's.
 */
import { entityProblem } from '../activityShape';
import type { Activity, ChannelAccount } from 'botbuilder';
import { isPlainObject } from '../../util/isPlainObject';
import type { StoredActivity } from '../../storage/directLineConversationStore';

export const CHANNEL_ID = 'webchat';
const ACCEPTED_TYPES = new Set(['message', 'event', 'typing']);
const COPIED_FIELDS = ['text', 'textFormat', 'locale', 'localTimestamp', 'localTimezone', 'value', 'name', 'channelData', 'entities', 'replyToId'] as const;

export type UserActivityCheck = { ok: true; activity: Omit<StoredActivity, 'id'> } | { ok: false; message: string };

export function userActivityFrom(body: unknown, conversationId: string, userId: string, timestamp: Date): UserActivityCheck {
  if (!isPlainObject(body)) return { ok: false, message: 'Body must be an activity object' };
  if (typeof body.type !== 'string' || !ACCEPTED_TYPES.has(body.type)) {
    return { ok: false, message: `Activity type must be one of: ${[...ACCEPTED_TYPES].join(', ')}` };
  }
  if (body.text !== undefined && typeof body.text !== 'string') return { ok: false, message: 'text must be a string' };
  if (body.channelData !== undefined && !isPlainObject(body.channelData)) return { ok: false, message: 'channelData must be an object' };
  if (body.entities !== undefined && !Array.isArray(body.entities)) return { ok: false, message: 'entities must be an array' };
  for (const entity of (body.entities as unknown[] | undefined) ?? []) {
    const problem = isPlainObject(entity) ? entityProblem(entity) : 'every entity must be an object';
    if (problem) return { ok: false, message: problem };
  }
  if (body.attachments !== undefined && !(Array.isArray(body.attachments) && body.attachments.length === 0)) {
    return { ok: false, message: 'Attachments are not supported' };
  }

  const from = isPlainObject(body.from) ? body.from : {};
  const name = typeof from.name === 'string' && from.name.length <= 100 ? from.name : undefined;
  // ChannelAccount types name as required, but Direct Line senders often have none.
  const sender = { id: userId, role: 'user', ...(name ? { name } : {}) } as ChannelAccount;

  const activity: Omit<StoredActivity, 'id'> = {
    type: body.type,
    channelId: CHANNEL_ID,
    conversation: { id: conversationId } as Activity['conversation'],
    from: sender,
    timestamp: timestamp as Activity['timestamp'],
  };
  const target = activity as Record<string, unknown>;
  for (const field of COPIED_FIELDS) {
    if (body[field] !== undefined) target[field] = body[field];
  }
  return { ok: true, activity };
}

/** The copy the bot receives: the stored activity plus routing fields clients never see. */
export function activityForBot(stored: Omit<StoredActivity, 'id'> & { id?: string }, serviceUrl: string, bot: ChannelAccount): Activity {
  const copy = structuredClone(stored) as Activity;
  copy.serviceUrl = serviceUrl;
  copy.recipient = { ...bot };
  copy.channelId = CHANNEL_ID;
  return copy;
}

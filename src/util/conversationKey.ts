import type { Activity } from 'botbuilder';

/** The one key of a conversation across the bot (turn locks, hand-off, analytics): `${channelId}/${conversationId}`. */
export function conversationKey(c: { channelId?: string; conversationId?: string }): string {
  return `${c.channelId ?? ''}/${c.conversationId ?? ''}`;
}

/** conversationKey of the conversation an activity belongs to. */
export function conversationKeyOf(activity: Partial<Activity>): string {
  return conversationKey({ channelId: activity.channelId, conversationId: activity.conversation?.id });
}

/**
 * The built-in Direct Line's store as a PersonalDataStore: it holds the conversations of one channel ('directline'),
 * each with its activities (masked at rest: src/channels/directline/emulator.ts masks what people type before it is
 * stored) and the person's Direct Line user id.
 */
import type { ConversationRef, PersonalDataStore, RemovedCounts, UserRef } from '../privacy/personalData';
import type { DirectLineStore } from './directLineConversationStore';

export class DirectLinePersonalData implements PersonalDataStore {
  constructor(
    private readonly store: DirectLineStore,
    /** The channel id the built-in Direct Line gives its activities. */
    private readonly channelId: string,
  ) {}

  async eraseConversation(ref: ConversationRef): Promise<RemovedCounts> {
    if (ref.channelId !== this.channelId) return {};
    const { conversations, activities } = await this.store.eraseConversation(ref.conversationId);
    return { 'directLine.conversations': conversations, 'directLine.activities': activities };
  }

  async exportConversation(ref: ConversationRef): Promise<Record<string, unknown>> {
    if (ref.channelId !== this.channelId) return {};
    const found = await this.store.exportConversation(ref.conversationId);
    return found ? { conversation: found.info, activities: found.activities } : {};
  }

  async conversationsOfUser(user: UserRef): Promise<string[]> {
    return user.channelId === this.channelId ? this.store.conversationsOfUser(user.userId) : [];
  }

  async compact(): Promise<void> {
    await this.store.checkpoint?.();
  }
}

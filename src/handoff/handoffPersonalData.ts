/**
 * The hand-off records as a PersonalDataStore: each request holds the (masked) transcript up to the hand-off, the
 * live messages with the agent, and the conversation reference; they live in the bot's store (see
 * handoffRepository.ts for the keys) and expire with it.
 */
import type { ConversationRef, PersonalDataStore, RemovedCounts } from '../privacy/personalData';
import { conversationKey } from '../util/conversationKey';
import type { HandoffRepository } from './handoffRepository';

export class HandoffPersonalData implements PersonalDataStore {
  constructor(private readonly repo: HandoffRepository) {}

  async eraseConversation(ref: ConversationRef): Promise<RemovedCounts> {
    return { 'handoff.requests': await this.repo.eraseConversation(conversationKey(ref)) };
  }

  async exportConversation(ref: ConversationRef): Promise<Record<string, unknown>> {
    const requests = await this.repo.requestsOf(conversationKey(ref));
    return requests.length > 0 ? { requests } : {};
  }
}

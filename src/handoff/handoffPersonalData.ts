/**
 * The hand-off records as a PersonalDataStore: each request holds the (masked) transcript up to the hand-off, the
 * live messages with the agent, the conversation reference, and the images sent to the agent while it is open; they live in the bot's store (see
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
    if (requests.length === 0) return {};
    // Images are kept only while their hand-off is open (base64, as kept).
    const images = (await Promise.all(requests.map(async (r) => (await this.repo.images.exportOf(r.id)).map((image) => ({ requestId: r.id, ...image }))))).flat();
    return images.length > 0 ? { requests, images } : { requests };
  }
}

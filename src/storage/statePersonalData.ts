/**
 * The bot's conversation state (botbuilder ConversationState: the dialog stack and the session record with its masked
 * transcript) as a PersonalDataStore: one item per conversation, under botbuilder's key
 * `<channelId>/conversations/<conversationId>/`, in whichever BotStore the bot uses (memory, SQLite, Redis).
 */
import type { ConversationRef, PersonalDataStore, RemovedCounts } from '../privacy/personalData';
import type { BotStore } from './botStore';

/** botbuilder's ConversationState storage key (no namespace). */
function conversationStateKey(ref: ConversationRef): string {
  return `${ref.channelId}/conversations/${ref.conversationId}/`;
}

export class ConversationStatePersonalData implements PersonalDataStore {
  constructor(private readonly store: BotStore) {}

  async eraseConversation(ref: ConversationRef): Promise<RemovedCounts> {
    const key = conversationStateKey(ref);
    const found = Object.keys(await this.store.read([key])).length;
    await this.store.delete([key]);
    return { state: found };
  }

  async exportConversation(ref: ConversationRef): Promise<Record<string, unknown>> {
    const key = conversationStateKey(ref);
    const item = (await this.store.read([key]))[key] as Record<string, unknown> | undefined;
    if (!item) return {};
    const { eTag: _eTag, ...state } = item;
    return { conversationState: state };
  }

  async compact(): Promise<void> {
    await this.store.checkpoint?.();
  }
}

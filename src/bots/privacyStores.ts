/**
 * Every store the running configuration uses that keeps something about a person, as PersonalDataStores for
 * PrivacyService (src/privacy/privacyService.ts). The same list serves the running bot (admin routes, the chat) and
 * `npm run privacy` (src/cli/privacy.ts). Order matters only for readability of exports.
 */
import type { AnalyticsStore } from '../analytics/types';
import { HandoffPersonalData } from '../handoff/handoffPersonalData';
import { HandoffRepository } from '../handoff/handoffRepository';
import type { NamedStore } from '../privacy/privacyService';
import type { BotStore } from '../storage/botStore';
import type { DirectLineStore } from '../storage/directLineConversationStore';
import { DirectLinePersonalData } from '../storage/directLinePersonalData';
import { ConversationStatePersonalData } from '../storage/statePersonalData';
import type { UserConversationIndex } from '../storage/userConversationIndex';

export interface PrivacyStoreDeps {
  /** The bot's store: conversation state, hand-off records, the user index (and agents' sign-in sessions, which hold no person's data). */
  storage: BotStore;
  analytics: AnalyticsStore;
  /** The built-in Direct Line's store and the channel id it gives its conversations ('webchat'). */
  directLine?: { store: DirectLineStore; channelId: string };
  userIndex: UserConversationIndex;
}

export function privacyStores(deps: PrivacyStoreDeps): NamedStore[] {
  return [
    { name: 'state', store: new ConversationStatePersonalData(deps.storage) },
    ...(deps.directLine ? [{ name: 'directLine', store: new DirectLinePersonalData(deps.directLine.store, deps.directLine.channelId) }] : []),
    { name: 'analytics', store: deps.analytics },
    { name: 'handoff', store: new HandoffPersonalData(new HandoffRepository(deps.storage)) },
    // Last: erasing a conversation from the index needs nothing else, and a user's conversations are found first.
    { name: 'userIndex', store: deps.userIndex },
  ];
}

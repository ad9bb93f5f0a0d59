import { ConversationState, calculateChangeHash, type Storage, type StoreItem, type TurnContext } from 'botbuilder';

interface CachedState {
  state: StoreItem;
  hash: string;
}

/**
 * ConversationState that saves with the eTag it read, so a store with optimistic concurrency rejects a stale write
 * instead of letting the last writer win (botbuilder's BotState.saveChanges always writes with eTag "*").
 * A conflict surfaces as the store's ETagConflictError; the bot tells the person to send the message again.
 */
export class OptimisticConversationState extends ConversationState {
  constructor(storage: Storage, namespace = '') {
    super(storage, namespace);
  }

  /** botbuilder keeps its turn-state cache key private; the base class's own load() and get() use the same one. */
  private cacheKey(): symbol | string {
    return (this as unknown as { stateKey: symbol | string }).stateKey;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const key = this.getStorageKey(context);
    if (!key) throw new Error('OptimisticConversationState: the activity has no channelId or conversation id');
    const cached = context.turnState.get(this.cacheKey()) as CachedState | undefined;
    if (!cached || (!force && cached.hash === calculateChangeHash(cached.state))) return;
    // The eTag read with the state (absent for a new conversation, which makes the first write unconditional).
    await this.storage.write({ [key]: { ...cached.state } });
    // The store gave the item a new eTag: forget the cache so any later access this turn reads it back.
    context.turnState.delete(this.cacheKey());
  }
}

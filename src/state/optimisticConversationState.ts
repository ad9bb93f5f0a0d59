import { ConversationState, type Storage, type StoreItem, type TurnContext } from 'botbuilder';
import { throwIfAbandoned } from './turnAbandon';

interface CachedState {
  state: StoreItem;
  hash: string;
}

/**
 * ConversationState that saves with the eTag it read, so a store with optimistic concurrency rejects a stale write
 * instead of letting the last writer win (botbuilder's BotState.saveChanges always writes with eTag "*").
 * A conflict surfaces as the store's ETagConflictError; the bot tells the person to send the message again.
 *
 * It also skips botbuilder's change fingerprint (a stable stringify + sha256 of the whole state on every load and
 * save, ~140 µs a turn in the benchmark profile): every turn of this bot changes the state (lastActivityAt), so a state
 * that was loaded is always written back.
 */
export class OptimisticConversationState extends ConversationState {
  constructor(storage: Storage, namespace = '') {
    super(storage, namespace);
  }

  private storageKeyOf(context: TurnContext): string {
    const key = this.getStorageKey(context);
    if (!key) throw new Error('OptimisticConversationState: the activity has no channelId or conversation id');
    return key;
  }

  /** botbuilder keeps its turn-state cache key private; the base class's own load() and get() use the same one. */
  private cacheKey(): symbol | string {
    return (this as unknown as { stateKey: symbol | string }).stateKey;
  }

  override async load(context: TurnContext, force = false): Promise<StoreItem> {
    const cached = context.turnState.get(this.cacheKey()) as CachedState | undefined;
    if (!force && cached?.state) return cached.state;
    const key = this.storageKeyOf(context);
    const items = await this.storage.read([key]);
    const state: StoreItem = items[key] ?? {};
    context.turnState.set(this.cacheKey(), { state, hash: '' } satisfies CachedState);
    return state;
  }

  /** Writes the state if it was loaded this turn (with `force`, even an empty one). */
  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const key = this.storageKeyOf(context);
    const cached = context.turnState.get(this.cacheKey()) as CachedState | undefined;
    if (!cached && !force) return;
    // The client gave up on this turn: it will send its message again, so this turn must not be applied.
    throwIfAbandoned(context);
    // The eTag read with the state (absent for a new conversation, which makes the first write unconditional).
    await this.storage.write({ [key]: { ...(cached?.state ?? {}) } });
    // The store gave the item a new eTag: forget the cache so any later access this turn reads it back.
    context.turnState.delete(this.cacheKey());
  }
}

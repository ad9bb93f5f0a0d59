/**
 * The Direct Line conversations as the routes see them: the store (memory, SQLite or Redis) plus live delivery.
 * Every append or replace is published on the pub/sub channel `dl:<conversationId>`; a stream (on whichever
 * instance holds the page's WebSocket) subscribes to that channel, so a bot reply written by instance A reaches a
 * page connected to instance B. Pub/sub is at-most-once: a stream that misses a message gets it on its next
 * reconnect from the store (Web Chat reconnects with its watermark).
 */
import { randomUUID } from 'node:crypto';
import type { PubSub, Unsubscribe } from '../../storage/pubsub';
import type { ActivityGroup, AppendResult, ConversationInfo, DirectLineStore, NewActivity, StoredActivity } from '../../storage/directLineConversationStore';

/** What a stream receives: an activity group, with the watermark position of its activity (`seq`), or a replacement. */
export interface LiveMessage extends ActivityGroup {
  seq: number;
  replaced?: boolean;
  /** Shown live, never stored (typing): it has no watermark position of its own. */
  ephemeral?: boolean;
}

export class ConversationHub {
  constructor(
    readonly store: DirectLineStore,
    private readonly pubsub: PubSub,
  ) {}

  get(conversationId: string): Promise<ConversationInfo | undefined> {
    return this.store.get(conversationId);
  }

  getOrCreate(conversationId: string, userId: string, locale?: string): Promise<{ info: ConversationInfo; created: boolean }> {
    return this.store.getOrCreate(conversationId, userId, locale);
  }

  since(conversationId: string, watermark?: string): Promise<ActivityGroup | undefined> {
    return this.store.since(conversationId, watermark);
  }

  async append(conversationId: string, activity: NewActivity, clientActivityId?: string): Promise<AppendResult | undefined> {
    const result = await this.store.append(conversationId, activity, clientActivityId);
    if (result && !result.duplicate) {
      await this.publish(conversationId, { activities: [result.activity], watermark: String(result.seq), seq: result.seq });
    }
    return result;
  }

  async replace(conversationId: string, activityId: string, activity: NewActivity): Promise<StoredActivity | undefined> {
    const stored = await this.store.replace(conversationId, activityId, activity);
    if (stored) await this.publish(conversationId, { activities: [stored], watermark: '', seq: 0, replaced: true });
    return stored;
  }

  /**
   * Pushes an activity to the conversation's open streams without storing it (typing: kept, it would push the
   * messages out of the conversation's retained history). Undefined when the conversation is unknown.
   */
  async publishEphemeral(conversationId: string, activity: NewActivity): Promise<StoredActivity | undefined> {
    if (!(await this.store.get(conversationId))) return undefined;
    const live = { ...activity, id: `${conversationId}|live-${randomUUID()}` } as StoredActivity;
    await this.publish(conversationId, { activities: [live], watermark: '', seq: 0, ephemeral: true });
    return live;
  }

  delete(conversationId: string, activityId: string): Promise<boolean> {
    return this.store.delete(conversationId, activityId);
  }

  markDelivered(conversationId: string, clientActivityId: string): Promise<void> {
    return this.store.markDelivered(conversationId, clientActivityId);
  }

  subscribe(conversationId: string, onMessage: (message: LiveMessage) => void): Promise<Unsubscribe> {
    return this.pubsub.subscribe(channelOf(conversationId), (message) => onMessage(message as unknown as LiveMessage));
  }

  private async publish(conversationId: string, message: LiveMessage): Promise<void> {
    try {
      await this.pubsub.publish(channelOf(conversationId), message);
    } catch {
      // Stored already; a stream that missed it gets it when it reconnects with its watermark.
    }
  }
}

function channelOf(conversationId: string): string {
  return `dl:${conversationId}`;
}

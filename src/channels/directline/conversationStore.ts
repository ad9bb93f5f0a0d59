/**
 * In-memory Direct Line conversations: an activity log per conversation (capped; oldest dropped first), watermarks,
 * live subscribers (WebSocket streams), idle expiry and a cap on the number of conversations (least recently used
 * evicted first). Single process only; a shared store would implement the same methods.
 */
import type { Activity } from 'botbuilder';

export type StoredActivity = Partial<Activity> & { id: string; type: string };

export interface ActivityGroup {
  activities: StoredActivity[];
  /** Watermark of the newest activity the reader now has; pass it back to get only newer ones. */
  watermark: string;
}

export interface ConversationInfo {
  id: string;
  userId: string;
  locale?: string;
  createdAt: number;
}

export interface ConversationSubscriber {
  onActivities(group: ActivityGroup): void;
  /** The conversation was expired or evicted, or the store closed. */
  onEnd(): void;
}

export interface ConversationStoreOptions {
  maxActivitiesPerConversation: number;
  /** Approximate JSON size kept per conversation; oldest activities are dropped beyond it (the newest is always kept). */
  maxBytesPerConversation: number;
  idleMs: number;
  maxConversations: number;
  now: () => number;
}

interface Entry {
  info: ConversationInfo;
  /** Oldest first. `seq` is the activity's watermark position; `bytes` its JSON size. */
  log: Array<{ seq: number; activity: StoredActivity; bytes: number }>;
  bytes: number;
  nextSeq: number;
  lastUsed: number;
  subscribers: Set<ConversationSubscriber>;
}

export class ConversationStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: ConversationStoreOptions) {}

  get size(): number {
    return this.entries.size;
  }

  get(conversationId: string): ConversationInfo | undefined {
    return this.touch(conversationId)?.info;
  }

  /** Returns the conversation, creating it when missing (`created` tells which). */
  getOrCreate(conversationId: string, userId: string, locale?: string): { info: ConversationInfo; created: boolean } {
    const existing = this.touch(conversationId);
    if (existing) return { info: existing.info, created: false };
    while (this.entries.size >= this.options.maxConversations) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.end(oldest.value);
    }
    const now = this.options.now();
    const entry: Entry = {
      info: { id: conversationId, userId, locale, createdAt: now },
      log: [],
      bytes: 0,
      nextSeq: 1,
      lastUsed: now,
      subscribers: new Set(),
    };
    this.entries.set(conversationId, entry);
    return { info: entry.info, created: true };
  }

  /** Appends an activity, giving it an id; returns the stored copy, or undefined if the conversation is unknown. */
  append(conversationId: string, activity: Omit<StoredActivity, 'id'>): StoredActivity | undefined {
    const entry = this.touch(conversationId);
    if (!entry) return undefined;
    const seq = entry.nextSeq++;
    const stored: StoredActivity = { ...activity, id: `${conversationId}|${String(seq).padStart(7, '0')}` };
    const bytes = JSON.stringify(stored).length;
    entry.log.push({ seq, activity: stored, bytes });
    entry.bytes += bytes;
    while (
      entry.log.length > 1 &&
      (entry.log.length > this.options.maxActivitiesPerConversation || entry.bytes > this.options.maxBytesPerConversation)
    ) {
      entry.bytes -= entry.log.shift()!.bytes;
    }
    this.publish(entry, { activities: [stored], watermark: String(seq) });
    return stored;
  }

  /** Activities newer than `watermark` (all retained ones when it is missing or invalid). */
  since(conversationId: string, watermark?: string): ActivityGroup | undefined {
    const entry = this.touch(conversationId);
    if (!entry) return undefined;
    const after = watermark !== undefined && /^\d+$/.test(watermark) ? Number(watermark) : 0;
    const activities = entry.log.filter((item) => item.seq > after).map((item) => item.activity);
    return { activities, watermark: String(entry.nextSeq - 1) };
  }

  /** Replaces an activity (same id) and publishes the new version. */
  replace(conversationId: string, activityId: string, activity: Omit<StoredActivity, 'id'>): StoredActivity | undefined {
    const entry = this.touch(conversationId);
    const index = entry?.log.findIndex((item) => item.activity.id === activityId) ?? -1;
    if (!entry || index < 0) return undefined;
    const stored: StoredActivity = { ...activity, id: activityId };
    const item = entry.log[index]!;
    const bytes = JSON.stringify(stored).length;
    entry.bytes += bytes - item.bytes;
    item.activity = stored;
    item.bytes = bytes;
    this.publish(entry, { activities: [stored], watermark: String(entry.nextSeq - 1) });
    return stored;
  }

  delete(conversationId: string, activityId: string): boolean {
    const entry = this.touch(conversationId);
    const index = entry?.log.findIndex((item) => item.activity.id === activityId) ?? -1;
    if (!entry || index < 0) return false;
    entry.bytes -= entry.log.splice(index, 1)[0]!.bytes;
    return true;
  }

  subscribe(conversationId: string, subscriber: ConversationSubscriber): (() => void) | undefined {
    const entry = this.touch(conversationId);
    if (!entry) return undefined;
    entry.subscribers.add(subscriber);
    return () => {
      entry.subscribers.delete(subscriber);
    };
  }

  /** Ends conversations idle for longer than idleMs. Returns how many. */
  sweep(): number {
    const cutoff = this.options.now() - this.options.idleMs;
    let ended = 0;
    // Map order is least recently used first, so stop at the first recent one.
    for (const [id, entry] of this.entries) {
      if (entry.lastUsed > cutoff) break;
      this.end(id);
      ended++;
    }
    return ended;
  }

  /** Ends every conversation (server shutdown). */
  clear(): void {
    for (const id of [...this.entries.keys()]) this.end(id);
  }

  private touch(conversationId: string): Entry | undefined {
    const entry = this.entries.get(conversationId);
    if (!entry) return undefined;
    entry.lastUsed = this.options.now();
    this.entries.delete(conversationId);
    this.entries.set(conversationId, entry);
    return entry;
  }

  private end(conversationId: string): void {
    const entry = this.entries.get(conversationId);
    if (!entry) return;
    this.entries.delete(conversationId);
    for (const subscriber of entry.subscribers) subscriber.onEnd();
    entry.subscribers.clear();
  }

  private publish(entry: Entry, group: ActivityGroup): void {
    for (const subscriber of entry.subscribers) subscriber.onActivities(group);
  }
}

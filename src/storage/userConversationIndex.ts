/**
 * Which conversations a person had, so `erase --user` and `export --user` find them all: in the bot's store (so it
 * expires like the conversations, after STATE_IDLE_TTL_DAYS without a write), two small documents whose keys are
 * SHA-256 digests of the references:
 *   privacy/users/<digest of channelId/userId>               { conversations: { <conversationId>: lastSeenMs } }
 *   privacy/conversations/<digest of channelId/conversationId> { users: [<user digest>] }   (to erase a conversation's entry)
 * A turn records its pair at most once an hour per process (remember()), so the index costs no write on most turns;
 * entries older than the idle TTL are dropped whenever a document is written. remember() reads both documents in one
 * read() and writes them in one write() (all-or-nothing with their eTags; a conflict re-reads both): a conversation's
 * first turn costs the store two calls and one savepoint, not four and two (bench/storeTurnCost.ts).
 */
import { createHash } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { ConversationRef, PersonalDataStore, RemovedCounts, UserRef } from '../privacy/personalData';
import { isETagConflict } from './botStore';

interface UserDoc {
  conversations: Record<string, number>;
}
interface ConversationDoc {
  users: string[];
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 40);
const userDigest = (ref: UserRef): string => digest(`${ref.channelId}/${ref.userId}`);
const userKey = (userDigestValue: string): string => `privacy/users/${userDigestValue}`;
const conversationKey = (ref: ConversationRef): string => `privacy/conversations/${digest(`${ref.channelId}/${ref.conversationId}`)}`;

/** A change to one document (its new value, or undefined to leave it), made with others in one read and one write. */
interface KeyedChange {
  key: string;
  apply(current: object | undefined): object | undefined;
}
const changeOf = <T extends object>(key: string, change: (current: T | undefined) => T | undefined): KeyedChange => ({
  key,
  apply: (current) => change(current as T | undefined),
});

/** Pairs recorded recently in this process are not written again for this long. */
const REMEMBER_EVERY_MS = 60 * 60 * 1000;
const MAX_REMEMBERED = 10_000;

export interface UserConversationIndexOptions {
  /** STATE_IDLE_TTL_DAYS: conversations not seen for this long drop out of a person's entry. */
  idleTtlMs: number;
  now?: () => number;
}

export class UserConversationIndex implements PersonalDataStore {
  private readonly now: () => number;
  private readonly recent = new Map<string, number>();

  constructor(
    private readonly storage: Storage,
    private readonly options: UserConversationIndexOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Records that the person had this conversation (skipped when this process did so within the hour). */
  async remember(user: UserRef, conversationId: string): Promise<void> {
    const pair = `${user.channelId}\n${user.userId}\n${conversationId}`;
    const now = this.now();
    const last = this.recent.get(pair);
    if (last !== undefined && now - last < REMEMBER_EVERY_MS) return;
    const u = userDigest(user);
    await this.updateTogether([
      changeOf<UserDoc>(userKey(u), (doc) => ({ conversations: { ...this.fresh(doc?.conversations ?? {}, now), [conversationId]: now } })),
      changeOf<ConversationDoc>(conversationKey({ channelId: user.channelId, conversationId }), (doc) =>
        doc?.users.includes(u) ? undefined : { users: [...(doc?.users ?? []), u] },
      ),
    ]);
    this.recent.delete(pair);
    this.recent.set(pair, now);
    if (this.recent.size > MAX_REMEMBERED) this.recent.delete(this.recent.keys().next().value!);
  }

  async conversationsOfUser(user: UserRef): Promise<string[]> {
    const doc = await this.read<UserDoc>(userKey(userDigest(user)));
    return Object.keys(this.fresh(doc?.value?.conversations ?? {}, this.now()));
  }

  async exportConversation(): Promise<Record<string, unknown>> {
    return {};
  }

  /** Takes the conversation out of every person's entry, and deletes its own document. */
  async eraseConversation(ref: ConversationRef): Promise<RemovedCounts> {
    const key = conversationKey(ref);
    const doc = await this.read<ConversationDoc>(key);
    let removed = 0;
    for (const u of doc?.value?.users ?? []) {
      await this.update<UserDoc>(userKey(u), (entry) => {
        if (!entry || !(ref.conversationId in entry.conversations)) return undefined;
        const conversations = { ...entry.conversations };
        delete conversations[ref.conversationId];
        removed++;
        return { conversations };
      });
    }
    if (doc) await this.storage.delete([key]);
    this.forgetRecent((pair) => pair.startsWith(`${ref.channelId}\n`) && pair.endsWith(`\n${ref.conversationId}`));
    return doc ? { userIndex: removed + 1 } : {};
  }

  /** Deletes the person's entry (their conversations were erased one by one before). */
  async eraseUser(user: UserRef): Promise<RemovedCounts> {
    const key = userKey(userDigest(user));
    const found = (await this.read<UserDoc>(key)) !== undefined;
    await this.storage.delete([key]);
    this.forgetRecent((pair) => pair.startsWith(`${user.channelId}\n${user.userId}\n`));
    return found ? { userIndex: 1 } : {};
  }

  private fresh(conversations: Record<string, number>, now: number): Record<string, number> {
    return Object.fromEntries(Object.entries(conversations).filter(([, at]) => now - at < this.options.idleTtlMs));
  }

  private forgetRecent(matches: (pair: string) => boolean): void {
    for (const pair of [...this.recent.keys()]) if (matches(pair)) this.recent.delete(pair);
  }

  private async read<T>(key: string): Promise<{ value: T; eTag?: string } | undefined> {
    const item = (await this.storage.read([key]))[key] as (T & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { eTag, ...value } = item;
    return { value: value as T, eTag };
  }

  /**
   * Several documents changed together: one read() of them all, one write() of those that changed, each with the eTag
   * it was read with. A write() is all-or-nothing, so a conflict on any (another instance) re-reads all and tries again.
   */
  private async updateTogether(changes: readonly KeyedChange[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const items = await this.storage.read(changes.map((c) => c.key));
      const writes: StoreItems = {};
      for (const { key, apply } of changes) {
        const { eTag, ...current } = (items[key] ?? {}) as { eTag?: string };
        const next = apply(items[key] ? current : undefined);
        if (next !== undefined) writes[key] = eTag ? { ...next, eTag } : { ...next };
      }
      if (Object.keys(writes).length === 0) return;
      try {
        await this.storage.write(writes);
        return;
      } catch (error) {
        if (!isETagConflict(error) || attempt >= 10) throw error;
      }
    }
  }

  /** Read → change → write with the read's eTag; a conflict (another instance) re-reads and tries again. */
  private async update<T extends object>(key: string, change: (current: T | undefined) => T | undefined): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.read<T>(key);
      const next = change(current?.value);
      if (next === undefined) return;
      try {
        await this.storage.write({ [key]: current?.eTag ? { ...next, eTag: current.eTag } : { ...next } });
        return;
      } catch (error) {
        if (!isETagConflict(error) || attempt >= 10) throw error;
      }
    }
  }
}

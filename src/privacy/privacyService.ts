/**
 * Access and erasure requests (GDPR art. 15 and 17) over every store the running configuration uses: the stores
 * come in as PersonalDataStore (each owns its own erase and export); this only composes them, finds a person's
 * conversations, and writes the erasure log (who asked, which reference, the counts — never content).
 */
import {
  addCounts,
  conversationRefText,
  userRefText,
  type ConversationRef,
  type ErasureLog,
  type PersonalDataStore,
  type RemovedCounts,
  type UserRef,
} from './personalData';

export interface NamedStore {
  /** Where its data goes in an export ("state", "directLine", "analytics", "handoff", "userIndex"). */
  name: string;
  store: PersonalDataStore;
}

export interface ErasureResult {
  scope: 'conversation' | 'user';
  ref: string;
  conversations: number;
  removed: RemovedCounts;
}

/** The documented export shape (docs/privacy.md). */
export interface PersonalDataExport {
  format: 'icloud-backup-help.personal-data';
  version: 1;
  exportedAt: string;
  subject: { kind: 'user'; channelId: string; userId: string } | { kind: 'conversation'; channelId: string; conversationId: string };
  conversations: Array<{ channelId: string; conversationId: string; data: Record<string, Record<string, unknown>> }>;
}

export class PrivacyService {
  constructor(
    private readonly stores: readonly NamedStore[],
    private readonly log: ErasureLog,
    private readonly now: () => number = Date.now,
  ) {}

  /** The person's conversations, as every store that can tell knows them. */
  async conversationsOfUser(user: UserRef): Promise<ConversationRef[]> {
    const ids = new Set<string>();
    for (const { store } of this.stores) for (const id of (await store.conversationsOfUser?.(user)) ?? []) ids.add(id);
    return [...ids].sort().map((conversationId) => ({ channelId: user.channelId, conversationId }));
  }

  async eraseConversation(ref: ConversationRef, by: string): Promise<ErasureResult> {
    const removed = await this.eraseOne(ref);
    await this.compact();
    return this.logged({ scope: 'conversation', ref: conversationRefText(ref), conversations: 1, removed }, by);
  }

  async eraseUser(user: UserRef, by: string): Promise<ErasureResult> {
    const conversations = await this.conversationsOfUser(user);
    const removed: RemovedCounts = {};
    for (const ref of conversations) addCounts(removed, await this.eraseOne(ref));
    for (const { store } of this.stores) if (store.eraseUser) addCounts(removed, await store.eraseUser(user));
    await this.compact();
    return this.logged({ scope: 'user', ref: userRefText(user), conversations: conversations.length, removed }, by);
  }

  async exportUser(user: UserRef): Promise<PersonalDataExport> {
    const conversations = await this.conversationsOfUser(user);
    return {
      ...this.header(),
      subject: { kind: 'user', ...user },
      conversations: await Promise.all(conversations.map((ref) => this.exportOne(ref))),
    };
  }

  async exportConversation(ref: ConversationRef): Promise<PersonalDataExport> {
    return { ...this.header(), subject: { kind: 'conversation', ...ref }, conversations: [await this.exportOne(ref)] };
  }

  erasures(limit = 100): ReturnType<ErasureLog['list']> {
    return this.log.list(limit);
  }

  private header(): Pick<PersonalDataExport, 'format' | 'version' | 'exportedAt'> {
    return { format: 'icloud-backup-help.personal-data', version: 1, exportedAt: new Date(this.now()).toISOString() };
  }

  private async exportOne(ref: ConversationRef): Promise<PersonalDataExport['conversations'][number]> {
    const data: Record<string, Record<string, unknown>> = {};
    for (const { name, store } of this.stores) {
      const part = await store.exportConversation(ref);
      if (Object.keys(part).length > 0) data[name] = part;
    }
    return { ...ref, data };
  }

  private async eraseOne(ref: ConversationRef): Promise<RemovedCounts> {
    const removed: RemovedCounts = {};
    for (const { store } of this.stores) addCounts(removed, await store.eraseConversation(ref));
    return removed;
  }

  private async compact(): Promise<void> {
    for (const { store } of this.stores) await store.compact?.();
  }

  private async logged(result: ErasureResult, by: string): Promise<ErasureResult> {
    await this.log.record({ at: new Date(this.now()).toISOString(), by, scope: result.scope, ref: result.ref, removed: result.removed });
    return result;
  }
}

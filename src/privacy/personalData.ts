/**
 * The erasure contract: every place that keeps something about a person implements PersonalDataStore, so each store
 * owns its own erase and export, and PrivacyService (privacyService.ts) composes them. A conversation is named as
 * `<channelId>/<conversationId>` and a person as `<channelId>/<userId>`, as the channel gives them.
 */
import { createHash } from 'node:crypto';

export interface ConversationRef {
  channelId: string;
  conversationId: string;
}

export interface UserRef {
  channelId: string;
  userId: string;
}

/** What an erasure removed, by kind ("state", "directLine.activities", "analytics.csat", …). */
export type RemovedCounts = Record<string, number>;

export interface PersonalDataStore {
  /** Erases everything kept about the conversation; returns the counts by kind (zeros may be left out). */
  eraseConversation(ref: ConversationRef): Promise<RemovedCounts>;
  /** Everything kept about the conversation, as JSON (undefined when nothing is). Keyed in the export by the returned `kind`. */
  exportConversation(ref: ConversationRef): Promise<Record<string, unknown>>;
  /** Conversation ids this store knows to be the person's (the user index, Direct Line's user of a conversation). */
  conversationsOfUser?(ref: UserRef): Promise<string[]>;
  /** Erases what is kept per person rather than per conversation. */
  eraseUser?(ref: UserRef): Promise<RemovedCounts>;
  /** After erasing: makes sure nothing erased is left readable on disk (SQLite: the WAL checkpointed and truncated). */
  compact?(): Promise<void>;
}

/** One line of the erasure log: never content, only the reference as given and the counts. */
export interface ErasureEntry {
  /** ISO time. */
  at: string;
  /** "admin:<id or key>", "cli:<os user>", or "the person, in chat". */
  by: string;
  scope: 'conversation' | 'user';
  /** The reference as given: `<channelId>/<conversationId>` or `<channelId>/<userId>`. */
  ref: string;
  removed: RemovedCounts;
}

export interface ErasureLog {
  record(entry: ErasureEntry): Promise<void>;
  /** Newest first. */
  list(limit: number): Promise<ErasureEntry[]>;
  close(): Promise<void>;
}

export class RefError extends Error {}

/** `<channelId>/<conversationId>` (the id may itself contain '/'). */
export function parseConversationRef(text: unknown): ConversationRef {
  const [channelId, rest] = splitRef(text, 'conversation');
  return { channelId, conversationId: rest };
}

/** `<channelId>/<userId>`. */
export function parseUserRef(text: unknown): UserRef {
  const [channelId, rest] = splitRef(text, 'user');
  return { channelId, userId: rest };
}

function splitRef(text: unknown, what: string): [string, string] {
  const value = typeof text === 'string' ? text.trim() : '';
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1 || value.length > 1000) {
    throw new RefError(`a ${what} is given as <channelId>/<${what}Id> (e.g. directline/abc123), got ${JSON.stringify(typeof text === 'string' ? text.slice(0, 80) : text)}`);
  }
  return [value.slice(0, slash), value.slice(slash + 1)];
}

export function conversationRefText(ref: ConversationRef): string {
  return `${ref.channelId}/${ref.conversationId}`;
}

export function userRefText(ref: UserRef): string {
  return `${ref.channelId}/${ref.userId}`;
}

/**
 * A one-way reference to a conversation, for records that must be found again at erasure time but should not
 * carry the id itself (the analytics to-do list and CSAT rows): 40 hex characters of SHA-256.
 */
export function conversationDigest(ref: ConversationRef): string {
  return createHash('sha256').update(conversationRefText(ref)).digest('hex').slice(0, 40);
}

/** Adds counts into a total. */
export function addCounts(total: RemovedCounts, more: RemovedCounts): RemovedCounts {
  for (const [kind, n] of Object.entries(more)) if (n > 0) total[kind] = (total[kind] ?? 0) + n;
  return total;
}

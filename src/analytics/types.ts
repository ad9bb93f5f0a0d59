/**
 * What the analytics keep about each conversation, and the store contract (memory, SQLite, Redis).
 * No user text is kept except the training to-do list, which is masked with privacy/redact before it is stored.
 */
import type { CsatRecord } from '../dialogs/csatDialog';
import type { ConversationOutcome, SolutionOutcome } from '../dialogs/session';
import type { ConversationRef, RemovedCounts } from '../privacy/personalData';

export interface SolutionAttempt {
  id: string;
  title: string;
  outcome: SolutionOutcome;
}

/** A conversation as of its latest user message (written once per turn). */
export interface ConversationSnapshot {
  channelId: string;
  conversationId: string;
  /** ms since epoch */
  startedAt: number;
  /** ms since epoch of the latest user message. */
  lastActivityAt: number;
  /** The latest troubleshooting route, or null when no walk was started. */
  route: string | null;
  /** The final outcome the dialogs recorded, or null while none (in progress, or abandoned). */
  outcome: ConversationOutcome | null;
  /** A hand-off to a person was requested at some point. */
  handedOff: boolean;
  solutions: SolutionAttempt[];
}

/** A stored conversation: the latest snapshot and how many user messages it had. */
export interface ConversationRecord extends ConversationSnapshot {
  messages: number;
}

/** A message the classifier was unsure about or sent to `none`: the training data's to-do list. */
export interface LowConfidenceMessage {
  /** ms since epoch */
  at: number;
  channelId: string;
  /** Masked with redact(), and shortened. */
  text: string;
  intent: string;
  route: string;
  confidence: number;
  /** conversationDigest() of the conversation it came from (not its id), so an erasure finds it. */
  conversationRef?: string;
}

/** A person's answer to "Did I help?" / "Did Sam help?" (CSAT), as the survey records it (comment already masked). */
export type CsatRating = CsatRecord;

export interface AnalyticsStore {
  /** Records one user message's turn: upserts the conversation and counts the message. The hot path: one write. */
  recordTurn(snapshot: ConversationSnapshot): Promise<void>;
  recordLowConfidence(message: LowConfidenceMessage): Promise<void>;
  /** Conversations whose last activity is in [from, to). */
  conversations(from: number, to: number): Promise<ConversationRecord[]>;
  /** Low-confidence messages in [from, to), newest first, at most `limit`. */
  lowConfidence(from: number, to: number, limit: number): Promise<LowConfidenceMessage[]>;
  /** Records (or, with the same id, updates) a CSAT rating. */
  recordRating(rating: CsatRating): Promise<void>;
  /** CSAT ratings answered in [from, to), oldest first. */
  ratings(from: number, to: number): Promise<CsatRating[]>;
  /** Writes turns a store buffers (SQLite batches them; see sqliteAnalyticsStore.ts). Queries do this themselves. */
  flush(): Promise<void>;
  /** Deletes conversations last active, and messages recorded, before `before`; returns how many conversations went. */
  prune(before: number): Promise<number>;
  /** Erases the conversation's record, its to-do texts and its CSAT ratings (privacy requests; see src/privacy). */
  eraseConversation(ref: ConversationRef): Promise<RemovedCounts>;
  /** The conversation's record, to-do texts and ratings. */
  exportConversation(ref: ConversationRef): Promise<Record<string, unknown>>;
  /** After an erasure: nothing deleted is left readable on disk (SQLite: WAL checkpointed and truncated). */
  compact?(): Promise<void>;
  close(): Promise<void>;
  /** Writes many records at once, as if each conversation's `messages` turns had been recorded (the seeding tool). */
  importBatch(batch: AnalyticsBatch): Promise<void>;
  /**
   * The dashboard's counters (see counters.ts): buckets of `grain` starting in [from, to), non-zero counters only.
   * A store may return fields other than conversation counts (["c", …]) summed over the range, at their earliest
   * bucket (ratings: latest).
   */
  counters(grain: CounterGrain, from: number, to: number): Promise<CounterRow[]>;
  /** The newest `limit` CSAT ratings with a comment answered in [from, to), newest first. */
  ratingComments(from: number, to: number, limit: number): Promise<CsatRating[]>;
  /**
   * conversations(from, to) a page at a time (oldest first, at most `pageSize` each), each conversation's CSAT ratings
   * answered in [from, to) beside it: for the CSV export, which streams instead of holding a whole period.
   */
  exportPages(from: number, to: number, pageSize: number, withRatings?: boolean): AsyncIterable<ExportPage>;
}

/** A page of the CSV export: conversations, and the ratings of those conversations. */
export interface ExportPage {
  records: ConversationRecord[];
  ratings: CsatRating[];
}

/** Records written in one go by AnalyticsStore.importBatch. */
export interface AnalyticsBatch {
  conversations: readonly ConversationRecord[];
  ratings: readonly CsatRating[];
  lowConfidence: readonly LowConfidenceMessage[];
}

/** How long one counter bucket is: an hour or a UTC day. */
export type CounterGrain = 'hour' | 'day';

/** One counter of one bucket: `field` names what is counted (see counters.ts), `n` how many. */
export interface CounterRow {
  /** Start of the bucket (ms since epoch, a multiple of the grain). */
  start: number;
  field: string;
  n: number;
}

/** How a conversation ended, computed at query time. `active` = no outcome yet and not idle long enough to count as abandoned. */
export type ConversationStatus = 'resolved' | 'escalated' | 'handed_off' | 'cancelled' | 'abandoned' | 'active';

/** The route id of conversations that never entered a troubleshooting walk. */
export const NO_ROUTE = '';

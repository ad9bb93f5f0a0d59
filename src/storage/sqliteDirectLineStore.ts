/**
 * Direct Line conversations in SQLite (the bot's default store; same file as its state, own tables), so an open
 * page continues after a restart. Contract: DirectLineStore (src/storage/directLineConversationStore.ts).
 *
 *   dl_conversations(id, user_id, locale, created_at, updated_at, next_seq, bytes)
 *   dl_activities(conversation_id, seq, body, bytes, client_id, delivered)   -- body: activity JSON
 *   dl_meta(key, value)                                                       -- the token signing key
 *
 * An append is one IMMEDIATE transaction (next seq, insert, trim beyond the caps), so several processes on one file
 * keep the order. Conversations idle longer than idleMs are deleted with their activities by sweep().
 */
import type Database from 'better-sqlite3';
import {
  activityIdFor,
  ActivityGroup,
  AppendResult,
  ConversationInfo,
  DEFAULT_DIRECT_LINE_LIMITS,
  definedOnly,
  DirectLineStore,
  DirectLineStoreLimits,
  NewActivity,
  newSigningKey,
  parseWatermark,
  seqOf,
  StoredActivity,
} from './directLineConversationStore';
import { checkpointTruncate, openSqlite } from './openSqlite';

export interface SqliteDirectLineStoreOptions extends Partial<DirectLineStoreLimits> {
  path: string;
  now?: () => number;
  /** How often sweep() runs on a timer; 0 = never (default 1 hour). */
  sweepIntervalMs?: number;
}

interface ConversationRow {
  id: string;
  user_id: string;
  locale: string | null;
  created_at: number;
  updated_at: number;
  next_seq: number;
  bytes: number;
}

/** The tables (created when missing): conversations, their activities (deduplicated by client id), and a key/value meta table (the signing key). */
const SCHEMA = `
      CREATE TABLE IF NOT EXISTS dl_conversations (
        id TEXT PRIMARY KEY NOT NULL,
        user_id TEXT NOT NULL,
        locale TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        next_seq INTEGER NOT NULL,
        bytes INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS dl_conversations_updated_at ON dl_conversations(updated_at);
      CREATE INDEX IF NOT EXISTS dl_conversations_user_id ON dl_conversations(user_id);
      CREATE TABLE IF NOT EXISTS dl_activities (
        conversation_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        body TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        client_id TEXT,
        delivered INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (conversation_id, seq)
      );
      CREATE UNIQUE INDEX IF NOT EXISTS dl_activities_client_id ON dl_activities(conversation_id, client_id) WHERE client_id IS NOT NULL;
      CREATE TABLE IF NOT EXISTS dl_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
`;

export class SqliteDirectLineStore implements DirectLineStore {
  private readonly db: Database.Database;
  private readonly limits: DirectLineStoreLimits;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly appendTx: (conversationId: string, activity: NewActivity, clientId: string | undefined) => AppendResult | undefined;
  private closed = false;

  constructor(options: SqliteDirectLineStoreOptions) {
    this.limits = { ...DEFAULT_DIRECT_LINE_LIMITS, ...definedOnly(options) };
    this.now = options.now ?? Date.now;
    this.db = openSqlite(options.path);
    this.db.exec(SCHEMA);
    this.appendTx = this.appendTransaction();

    const interval = options.sweepIntervalMs ?? 60 * 60 * 1000;
    if (interval > 0) {
      this.timer = setInterval(() => void this.sweep(), interval);
      this.timer.unref();
    }
  }

  /** The append transaction: deduplicates by client id, numbers the activity, trims the conversation to its limits. */
  private appendTransaction(): typeof this.appendTx {
    const selectConversation = this.db.prepare<[string, number], ConversationRow>('SELECT * FROM dl_conversations WHERE id = ? AND updated_at > ?');
    const byClientId = this.db.prepare<[string, string], { seq: number; body: string; delivered: number }>(
      'SELECT seq, body, delivered FROM dl_activities WHERE conversation_id = ? AND client_id = ?',
    );
    const bumpSeq = this.db.prepare<[number, number, string], { next_seq: number; bytes: number }>(
      'UPDATE dl_conversations SET next_seq = next_seq + 1, bytes = bytes + ?, updated_at = ? WHERE id = ? RETURNING next_seq, bytes',
    );
    const insert = this.db.prepare('INSERT INTO dl_activities (conversation_id, seq, body, bytes, client_id) VALUES (?, ?, ?, ?, ?)');
    const oldest = this.db.prepare<[string], { seq: number; bytes: number }>('SELECT seq, bytes FROM dl_activities WHERE conversation_id = ? ORDER BY seq');
    const count = this.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM dl_activities WHERE conversation_id = ?');
    const trim = this.db.prepare('DELETE FROM dl_activities WHERE conversation_id = ? AND seq <= ?');
    const setBytes = this.db.prepare('UPDATE dl_conversations SET bytes = ? WHERE id = ?');
    const limits = this.limits;
    /** Drops the oldest activities while the conversation is over its limits (always keeping the newest). */
    const trimToLimits = (conversationId: string, totalBytes: number): void => {
      const n = count.get(conversationId)!.n;
      if (n > limits.maxActivitiesPerConversation || totalBytes > limits.maxBytesPerConversation) {
        let remaining = n;
        let bytes = totalBytes;
        let cut = 0;
        for (const row of oldest.iterate(conversationId)) {
          if (remaining <= 1 || (remaining <= limits.maxActivitiesPerConversation && bytes <= limits.maxBytesPerConversation)) break;
          cut = row.seq;
          remaining--;
          bytes -= row.bytes;
        }
        if (cut > 0) {
          trim.run(conversationId, cut);
          setBytes.run(bytes, conversationId);
        }
      }
    };

    return this.db.transaction((conversationId: string, activity: NewActivity, clientId: string | undefined): AppendResult | undefined => {
      const now = this.now();
      if (!selectConversation.get(conversationId, now - this.limits.idleMs)) return undefined;
      if (clientId) {
        const seen = byClientId.get(conversationId, clientId);
        if (seen) return { activity: JSON.parse(seen.body) as StoredActivity, seq: seen.seq, duplicate: true, delivered: seen.delivered === 1 };
      }
      const peek = selectConversation.get(conversationId, 0)!;
      const seq = peek.next_seq;
      const stored: StoredActivity = { ...activity, id: activityIdFor(conversationId, seq) };
      const body = JSON.stringify(stored);
      const after = bumpSeq.get(body.length, now, conversationId)!;
      insert.run(conversationId, seq, body, body.length, clientId ?? null);
      trimToLimits(conversationId, after.bytes);
      return { activity: JSON.parse(body) as StoredActivity, seq, duplicate: false, delivered: false };
    }).immediate as unknown as typeof this.appendTx;
  }

  async get(conversationId: string): Promise<ConversationInfo | undefined> {
    const row = this.db
      .prepare<[string, number], ConversationRow>('SELECT * FROM dl_conversations WHERE id = ? AND updated_at > ?')
      .get(conversationId, this.now() - this.limits.idleMs);
    return row ? infoOf(row) : undefined;
  }

  async getOrCreate(conversationId: string, userId: string, locale?: string): Promise<{ info: ConversationInfo; created: boolean }> {
    const now = this.now();
    const created = this.db.transaction(() => {
      const existing = this.db
        .prepare<[string], ConversationRow>('SELECT * FROM dl_conversations WHERE id = ?')
        .get(conversationId);
      if (existing && existing.updated_at > now - this.limits.idleMs) return { info: infoOf(existing), created: false };
      // Missing, or expired but not swept yet: start it afresh.
      this.db.prepare('DELETE FROM dl_activities WHERE conversation_id = ?').run(conversationId);
      this.db
        .prepare(
          `INSERT INTO dl_conversations (id, user_id, locale, created_at, updated_at, next_seq, bytes) VALUES (?, ?, ?, ?, ?, 1, 0)
           ON CONFLICT(id) DO UPDATE SET user_id = excluded.user_id, locale = excluded.locale, created_at = excluded.created_at,
             updated_at = excluded.updated_at, next_seq = 1, bytes = 0`,
        )
        .run(conversationId, userId, locale ?? null, now, now);
      return { info: { id: conversationId, userId, ...(locale ? { locale } : {}), createdAt: now }, created: true };
    }).immediate();
    return created;
  }

  async append(conversationId: string, activity: NewActivity, clientActivityId?: string): Promise<AppendResult | undefined> {
    return this.appendTx(conversationId, activity, clientActivityId);
  }

  async markDelivered(conversationId: string, clientActivityId: string): Promise<void> {
    this.db.prepare('UPDATE dl_activities SET delivered = 1 WHERE conversation_id = ? AND client_id = ?').run(conversationId, clientActivityId);
  }

  async since(conversationId: string, watermark?: string): Promise<ActivityGroup | undefined> {
    const read = this.db.transaction(() => {
      const conversation = this.db
        .prepare<[string, number], ConversationRow>('SELECT * FROM dl_conversations WHERE id = ? AND updated_at > ?')
        .get(conversationId, this.now() - this.limits.idleMs);
      if (!conversation) return undefined;
      const rows = this.db
        .prepare<[string, number], { body: string }>('SELECT body FROM dl_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq')
        .all(conversationId, parseWatermark(watermark));
      return { activities: rows.map((r) => JSON.parse(r.body) as StoredActivity), watermark: String(conversation.next_seq - 1) };
    });
    return read();
  }

  async replace(conversationId: string, activityId: string, activity: NewActivity): Promise<StoredActivity | undefined> {
    const seq = seqOf(activityId);
    if (seq === undefined) return undefined;
    const stored: StoredActivity = { ...activity, id: activityId };
    const body = JSON.stringify(stored);
    const changed = this.db.prepare('UPDATE dl_activities SET body = ?, bytes = ? WHERE conversation_id = ? AND seq = ?').run(body, body.length, conversationId, seq);
    return changed.changes > 0 ? (JSON.parse(body) as StoredActivity) : undefined;
  }

  async delete(conversationId: string, activityId: string): Promise<boolean> {
    const seq = seqOf(activityId);
    if (seq === undefined) return false;
    return this.db.prepare('DELETE FROM dl_activities WHERE conversation_id = ? AND seq = ?').run(conversationId, seq).changes > 0;
  }

  async sweep(): Promise<number> {
    if (this.closed) return 0;
    const cutoff = this.now() - this.limits.idleMs;
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM dl_activities WHERE conversation_id IN (SELECT id FROM dl_conversations WHERE updated_at <= ?)').run(cutoff);
      return this.db.prepare('DELETE FROM dl_conversations WHERE updated_at <= ?').run(cutoff).changes;
    }).immediate();
  }

  async eraseConversation(conversationId: string): Promise<{ conversations: number; activities: number }> {
    return this.db.transaction(() => {
      const activities = this.db.prepare('DELETE FROM dl_activities WHERE conversation_id = ?').run(conversationId).changes;
      const conversations = this.db.prepare('DELETE FROM dl_conversations WHERE id = ?').run(conversationId).changes;
      return { conversations, activities };
    }).immediate();
  }

  async exportConversation(conversationId: string): Promise<{ info: ConversationInfo; activities: StoredActivity[] } | undefined> {
    const row = this.db.prepare<[string], ConversationRow>('SELECT * FROM dl_conversations WHERE id = ?').get(conversationId);
    if (!row) return undefined;
    const rows = this.db.prepare<[string], { body: string }>('SELECT body FROM dl_activities WHERE conversation_id = ? ORDER BY seq').all(conversationId);
    return { info: infoOf(row), activities: rows.map((r) => JSON.parse(r.body) as StoredActivity) };
  }

  async conversationsOfUser(userId: string): Promise<string[]> {
    return this.db.prepare<[string], { id: string }>('SELECT id FROM dl_conversations WHERE user_id = ?').all(userId).map((r) => r.id);
  }

  async checkpoint(): Promise<void> {
    if (!this.closed) checkpointTruncate(this.db);
  }

  async signingKey(): Promise<string> {
    this.db.prepare("INSERT OR IGNORE INTO dl_meta (key, value) VALUES ('signing_key', ?)").run(newSigningKey());
    return this.db.prepare<[], { value: string }>("SELECT value FROM dl_meta WHERE key = 'signing_key'").get()!.value;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.db.close();
  }
}

function infoOf(row: ConversationRow): ConversationInfo {
  return { id: row.id, userId: row.user_id, ...(row.locale ? { locale: row.locale } : {}), createdAt: row.created_at };
}

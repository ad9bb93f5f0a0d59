/**
 * Analytics in the bot's SQLite file (its own connection and tables, next to bot_state):
 *   analytics_conversations: one row per conversation (WITHOUT ROWID, keyed by channel/conversation);
 *   analytics_low_confidence: the masked training to-do list.
 * Solutions are kept as a JSON array of {id, title, outcome}. Queries select by last activity (indexed).
 *
 * The hot path: a turn only puts its snapshot in a small buffer (latest snapshot per conversation, turns counted);
 * the buffer is written every `flushIntervalMs` (default 250 ms) in one transaction with one prepared upsert per
 * conversation. A commit per turn cost ~90 µs of CPU (about a tenth of a whole turn); batched it costs a few µs.
 * Queries and close() write the buffer first; another process (the report) sees a turn within the interval.
 * A crash loses at most that interval of analytics — never the conversation itself.
 *
 * analytics_counters holds the dashboard's counters (counters.ts) per hour and per UTC day: the batch reads each
 * conversation's stored row (a primary-key lookup), and adds the difference between its old and new contribution, so
 * the counters always match the rows. A file written before the counters existed is counted once when opened.
 */
import type Database from 'better-sqlite3';
import { checkpointTruncate, openSqlite } from '../storage/openSqlite';
import { conversationDigest, type ConversationRef, type RemovedCounts } from '../privacy/personalData';
import { exportShape } from './memoryAnalyticsStore';
import type { ConversationOutcome } from '../dialogs/session';
import { conversationKey } from '../util/conversationKey';
import { mergeTurn } from './snapshot';
import { bucketStart, conversationContribution, CounterDeltas, GRAIN_MS, ratingContribution } from './counters';
import type { AnalyticsBatch, AnalyticsStore, ExportPage, ConversationRecord, ConversationSnapshot, CounterGrain, CounterRow, CsatRating, LowConfidenceMessage, SolutionAttempt } from './types';

export interface SqliteAnalyticsStoreOptions {
  /** The database file (its directory is created), or ':memory:'. */
  path: string;
  /** How often buffered turns are written (ms). 0 writes every turn at once. Default 250. */
  flushIntervalMs?: number;
  /** Buffered conversations that trigger an immediate write. Default 500. */
  maxBuffered?: number;
  /** Told when a background write fails (the batch is dropped, the bot carries on). */
  onError?: (error: Error) => void;
}

/** The buffered turns of one conversation: its latest snapshot (mergeTurn), `messages` = turns since the last flush. */
type Pending = ConversationRecord;

interface ConversationRow {
  channel_id: string;
  conversation_id: string;
  started_at: number;
  last_activity_at: number;
  route: string | null;
  outcome: string | null;
  handed_off: number;
  messages: number;
  solutions: string;
}

interface LowConfidenceRow {
  at: number;
  channel_id: string;
  text: string;
  intent: string;
  route: string;
  confidence: number;
  conv_ref?: string | null;
}

type UpsertParams = {
  key: string;
  channel: string;
  conversation: string;
  started: number;
  last: number;
  route: string | null;
  outcome: string | null;
  handedOff: number;
  turns: number;
  solutions: string;
};

export class SqliteAnalyticsStore implements AnalyticsStore {
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement<UpsertParams, unknown>;
  private readonly insertLowConfidence: Database.Statement<LowConfidenceRow, unknown>;
  private readonly selectConversations: Database.Statement<[number, number], ConversationRow>;
  private readonly selectLowConfidence: Database.Statement<[number, number, number], LowConfidenceRow>;
  private readonly pruneConversations: Database.Statement<[number], unknown>;
  private readonly pruneLowConfidence: Database.Statement<[number], unknown>;
  private readonly writeBatch: (batch: Pending[]) => void;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly maxBuffered: number;
  private readonly onError: (error: Error) => void;
  private readonly upsertRating: Database.Statement<{ id: string; at: number; json: string; ref: string }, unknown>;
  private readonly selectRatings: Database.Statement<[number, number], { json: string }>;
  private readonly pruneRatings: Database.Statement<[number], unknown>;
  private pending = new Map<string, Pending>();
  private closed = false;
  private readonly selectConversation: Database.Statement<[string], ConversationRow>;
  private readonly selectRating: Database.Statement<[string], { json: string }>;
  private readonly upsertCounter: Database.Statement<[string, number, string, number], unknown>;
  private readonly selectCounters: Database.Statement<[string, number, number], CounterRow>;
  private readonly selectComments: Database.Statement<[number, number, number], { json: string }>;
  private readonly writeRatings: (ratings: readonly CsatRating[]) => void;
  private readonly selectPage: Database.Statement<{ last: number; key: string; to: number; limit: number }, ConversationRow & { key: string }>;
  private readonly selectRatingsOf: Database.Statement<[string, string, number, number], { json: string }>;

  constructor(options: SqliteAnalyticsStoreOptions) {
    this.db = openSqlite(options.path);
    const countersExisted = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'analytics_counters'").get() !== undefined;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS analytics_conversations (
        key TEXT PRIMARY KEY NOT NULL,
        channel_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        last_activity_at INTEGER NOT NULL,
        route TEXT,
        outcome TEXT,
        handed_off INTEGER NOT NULL DEFAULT 0,
        messages INTEGER NOT NULL DEFAULT 0,
        solutions TEXT NOT NULL DEFAULT '[]'
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS analytics_conversations_last_activity ON analytics_conversations(last_activity_at);
      CREATE TABLE IF NOT EXISTS analytics_low_confidence (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        channel_id TEXT NOT NULL,
        text TEXT NOT NULL,
        intent TEXT NOT NULL,
        route TEXT NOT NULL,
        confidence REAL NOT NULL
      );
      CREATE INDEX IF NOT EXISTS analytics_low_confidence_at ON analytics_low_confidence(at);
      CREATE TABLE IF NOT EXISTS analytics_csat (
        id TEXT PRIMARY KEY NOT NULL,
        at INTEGER NOT NULL,
        json TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS analytics_csat_at ON analytics_csat(at);
      CREATE INDEX IF NOT EXISTS analytics_csat_conversation ON analytics_csat(json_extract(json, '$.channelId'), json_extract(json, '$.conversationId'));
      CREATE TABLE IF NOT EXISTS analytics_counters (
        grain TEXT NOT NULL,
        start INTEGER NOT NULL,
        field TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (grain, start, field)
      ) WITHOUT ROWID;
    `);
    this.addConversationRefColumns();
    this.selectConversation = this.db.prepare(
      'SELECT channel_id, conversation_id, started_at, last_activity_at, route, outcome, handed_off, messages, solutions FROM analytics_conversations WHERE key = ?',
    );
    this.selectRating = this.db.prepare('SELECT json FROM analytics_csat WHERE id = ?');
    // The export's pages: after the last (last activity, key) seen, along the index on last activity. The plain range
    // on last_activity_at is what lets SQLite seek to the page instead of scanning from the period's start.
    this.selectPage = this.db.prepare(`
      SELECT key, channel_id, conversation_id, started_at, last_activity_at, route, outcome, handed_off, messages, solutions
      FROM analytics_conversations WHERE last_activity_at >= @last AND last_activity_at < @to AND (last_activity_at > @last OR key > @key)
      ORDER BY last_activity_at, key LIMIT @limit
    `);
    this.selectRatingsOf = this.db.prepare(
      "SELECT json FROM analytics_csat WHERE json_extract(json, '$.channelId') = ? AND json_extract(json, '$.conversationId') = ? AND at >= ? AND at < ? ORDER BY at, id",
    );
    this.upsertCounter = this.db.prepare('INSERT INTO analytics_counters (grain, start, field, n) VALUES (?, ?, ?, ?) ON CONFLICT(grain, start, field) DO UPDATE SET n = n + excluded.n');
    // Conversation counts per bucket (the timeline needs them); every other field summed over the range, at its
    // earliest bucket (latest for ratings: the agent's latest name wins), which is all summarizeStore.ts uses.
    this.selectCounters = this.db.prepare(`
      SELECT CASE WHEN field LIKE '["c",%' THEN start WHEN field LIKE '["r",%' THEN MAX(start) ELSE MIN(start) END AS start, field, SUM(n) AS n
      FROM analytics_counters WHERE grain = ? AND start >= ? AND start < ?
      GROUP BY field, CASE WHEN field LIKE '["c",%' THEN start ELSE 0 END HAVING SUM(n) != 0
    `);
    // Newest first along the index on `at`; the ratings with a comment are a small share, so the scan stops early.
    this.selectComments = this.db.prepare(
      "SELECT json FROM analytics_csat WHERE at >= ? AND at < ? AND json_extract(json, '$.comment') <> '' ORDER BY at DESC LIMIT ?",
    );
    // CSAT ratings are rare (one per walk or hand-off): written at once, one row each, the rating as JSON.
    this.upsertRating = this.db.prepare('INSERT INTO analytics_csat (id, at, json, conv_ref) VALUES (@id, @at, @json, @ref) ON CONFLICT(id) DO UPDATE SET at = excluded.at, json = excluded.json');
    this.selectRatings = this.db.prepare('SELECT json FROM analytics_csat WHERE at >= ? AND at < ? ORDER BY at');
    this.pruneRatings = this.db.prepare('DELETE FROM analytics_csat WHERE at < ?');
    this.upsert = this.db.prepare(`
      INSERT INTO analytics_conversations (key, channel_id, conversation_id, started_at, last_activity_at, route, outcome, handed_off, messages, solutions)
      VALUES (@key, @channel, @conversation, @started, @last, @route, @outcome, @handedOff, @turns, @solutions)
      ON CONFLICT(key) DO UPDATE SET
        started_at = MIN(started_at, excluded.started_at),
        last_activity_at = excluded.last_activity_at,
        route = excluded.route,
        outcome = excluded.outcome,
        handed_off = MAX(handed_off, excluded.handed_off),
        messages = messages + excluded.messages,
        solutions = excluded.solutions
    `);
    this.insertLowConfidence = this.db.prepare(
      'INSERT INTO analytics_low_confidence (at, channel_id, text, intent, route, confidence, conv_ref) VALUES (@at, @channel_id, @text, @intent, @route, @confidence, @conv_ref)',
    );
    this.selectConversations = this.db.prepare(`
      SELECT channel_id, conversation_id, started_at, last_activity_at, route, outcome, handed_off, messages, solutions
      FROM analytics_conversations WHERE last_activity_at >= ? AND last_activity_at < ? ORDER BY last_activity_at
    `);
    this.selectLowConfidence = this.db.prepare(
      'SELECT at, channel_id, text, intent, route, confidence FROM analytics_low_confidence WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?',
    );
    this.pruneConversations = this.db.prepare('DELETE FROM analytics_conversations WHERE last_activity_at < ?');
    this.pruneLowConfidence = this.db.prepare('DELETE FROM analytics_low_confidence WHERE at < ?');
    const batch = this.db.transaction((items: Pending[]) => {
      const deltas = new CounterDeltas();
      for (const s of items) {
        const key = conversationKey(s);
        const old = this.selectConversation.get(key);
        const previous = old ? toRecord(old) : undefined;
        deltas.add(previous && conversationContribution(previous), -1);
        deltas.add(
          conversationContribution({
            ...s,
            handedOff: s.handedOff || (previous?.handedOff ?? false),
            messages: s.messages + (previous?.messages ?? 0),
          }),
        );
        this.upsert.run({
          key: conversationKey(s),
          channel: s.channelId,
          conversation: s.conversationId,
          started: s.startedAt,
          last: s.lastActivityAt,
          route: s.route,
          outcome: s.outcome,
          handedOff: s.handedOff ? 1 : 0,
          turns: s.messages,
          solutions: JSON.stringify(s.solutions),
        });
      }
      this.applyCounters(deltas);
    });
    this.writeBatch = (items) => batch.immediate(items);
    const ratingsBatch = this.db.transaction((ratings: readonly CsatRating[]) => {
      const deltas = new CounterDeltas();
      for (const rating of ratings) {
        const old = this.selectRating.get(rating.id);
        deltas.add(old && ratingContribution(JSON.parse(old.json) as CsatRating), -1);
        deltas.add(ratingContribution(rating));
        this.upsertRating.run({ id: rating.id, at: rating.at, json: JSON.stringify(rating), ref: conversationDigest(rating) });
      }
      this.applyCounters(deltas);
    });
    this.writeRatings = (ratings) => ratingsBatch.immediate(ratings);
    if (!countersExisted) this.countExistingRecords();
    this.maxBuffered = options.maxBuffered ?? 500;
    this.onError = options.onError ?? (() => undefined);
    const interval = options.flushIntervalMs ?? 250;
    if (interval > 0) {
      this.timer = setInterval(() => this.flushQuietly(), interval);
      this.timer.unref();
    } else {
      this.maxBuffered = 1;
    }
  }

  async recordTurn(s: ConversationSnapshot): Promise<void> {
    this.assertOpen();
    const key = conversationKey(s);
    // The latest snapshot wins; the turns in between are counted (the upsert adds them to the stored row).
    this.pending.set(key, mergeTurn(this.pending.get(key), s));
    if (this.pending.size >= this.maxBuffered) this.flushNow();
  }

  async flush(): Promise<void> {
    this.assertOpen();
    this.flushNow();
  }

  /** Writes the buffered turns now (one transaction). Throws if the write fails; the batch is then dropped. */
  private flushNow(): void {
    if (this.pending.size === 0 || this.closed) return;
    const items = [...this.pending.values()];
    this.pending = new Map();
    this.writeBatch(items);
  }

  private flushQuietly(): void {
    try {
      this.flushNow();
    } catch (err) {
      this.onError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  async recordRating(rating: CsatRating): Promise<void> {
    this.assertOpen();
    this.writeRatings([rating]);
  }

  async importBatch(batch: AnalyticsBatch): Promise<void> {
    this.assertOpen();
    this.flushNow();
    this.db.transaction(() => {
      this.writeBatch(batch.conversations.map((c) => ({ ...c, solutions: c.solutions.map((s) => ({ ...s })) })));
      this.writeRatings(batch.ratings);
      for (const m of batch.lowConfidence) this.insertLowConfidence.run({ at: m.at, channel_id: m.channelId, text: m.text, intent: m.intent, route: m.route, confidence: m.confidence, conv_ref: m.conversationRef ?? null });
    }).immediate();
  }

  async counters(grain: CounterGrain, from: number, to: number): Promise<CounterRow[]> {
    this.assertOpen();
    this.flushNow();
    return this.selectCounters.all(grain, from, to);
  }

  async ratingComments(from: number, to: number, limit: number): Promise<CsatRating[]> {
    this.assertOpen();
    // Twice the limit, then ties at the same millisecond in the order ratings() gives them (by id).
    return this.selectComments
      .all(from, to, limit * 2)
      .map((row) => JSON.parse(row.json) as CsatRating)
      .sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit);
  }

  private applyCounters(deltas: CounterDeltas): void {
    for (const d of deltas.rows()) this.upsertCounter.run(d.grain, d.start, d.field, d.n);
  }

  /** Counts a file's conversations and ratings written before the counters existed (once, when it is opened). */
  private countExistingRecords(): void {
    this.db.transaction(() => {
      let deltas = new CounterDeltas();
      const add = (contribution: ReturnType<typeof ratingContribution>): void => {
        deltas.add(contribution);
        if (deltas.size < 50_000) return;
        this.applyCounters(deltas);
        deltas = new CounterDeltas();
      };
      for (const row of this.db.prepare<[], ConversationRow>('SELECT channel_id, conversation_id, started_at, last_activity_at, route, outcome, handed_off, messages, solutions FROM analytics_conversations').iterate()) {
        add(conversationContribution(toRecord(row)));
      }
      for (const row of this.db.prepare<[], { json: string }>('SELECT json FROM analytics_csat').iterate()) add(ratingContribution(JSON.parse(row.json) as CsatRating));
      this.applyCounters(deltas);
    }).immediate();
  }

  async ratings(from: number, to: number): Promise<CsatRating[]> {
    this.assertOpen();
    return this.selectRatings.all(from, to).map((row) => JSON.parse(row.json) as CsatRating);
  }

  async recordLowConfidence(m: LowConfidenceMessage): Promise<void> {
    this.assertOpen();
    this.insertLowConfidence.run({ at: m.at, channel_id: m.channelId, text: m.text, intent: m.intent, route: m.route, confidence: m.confidence, conv_ref: m.conversationRef ?? null });
  }

  async conversations(from: number, to: number): Promise<ConversationRecord[]> {
    this.assertOpen();
    this.flushNow();
    return this.selectConversations.all(from, to).map(toRecord);
  }

  /** Pages read one by one (each a short query), letting other work run between them. */
  async *exportPages(from: number, to: number, pageSize: number, withRatings = true): AsyncGenerator<ExportPage> {
    this.assertOpen();
    this.flushNow();
    let after = { last: from, key: '' };
    for (;;) {
      this.assertOpen();
      const rows = this.selectPage.all({ ...after, to, limit: pageSize });
      if (rows.length === 0) return;
      const records = rows.map(toRecord);
      const ratings = !withRatings ? [] : records.flatMap((r) => this.selectRatingsOf.all(r.channelId, r.conversationId, from, to).map((row) => JSON.parse(row.json) as CsatRating));
      const lastRow = rows[rows.length - 1]!;
      after = { last: lastRow.last_activity_at, key: lastRow.key };
      yield { records, ratings };
      if (rows.length < pageSize) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async lowConfidence(from: number, to: number, limit: number): Promise<LowConfidenceMessage[]> {
    this.assertOpen();
    return this.selectLowConfidence.all(from, to, limit).map((row) => ({
      at: row.at,
      channelId: row.channel_id,
      text: row.text,
      intent: row.intent,
      route: row.route,
      confidence: row.confidence,
    }));
  }

  async prune(before: number): Promise<number> {
    this.assertOpen();
    this.flushNow();
    return this.db
      .transaction(() => {
        this.forgetCountsBefore(before);
        const removed = this.pruneConversations.run(before).changes;
        this.pruneLowConfidence.run(before);
        this.pruneRatings.run(before);
        return removed;
      })
      .immediate();
  }

  // ---- privacy requests (src/privacy) -------------------------------------------------------------------

  /**
   * The to-do list and CSAT rows carry conv_ref, a digest of their conversation (conversationDigest), so an erasure
   * finds them through an index without keeping the conversation id. Files from before it get the column here.
   */
  private addConversationRefColumns(): void {
    for (const table of ['analytics_low_confidence', 'analytics_csat']) {
      const columns = this.db.prepare<[], { name: string }>(`PRAGMA table_info(${table})`).all();
      if (!columns.some((c) => c.name === 'conv_ref')) this.db.exec(`ALTER TABLE ${table} ADD COLUMN conv_ref TEXT`);
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${table}_conv_ref ON ${table}(conv_ref) WHERE conv_ref IS NOT NULL`);
    }
    // Ratings stored before the column existed name their conversation in the JSON: give them their digest once.
    // (Older to-do texts kept no conversation at all; they leave with ANALYTICS_RETENTION_DAYS.)
    this.db.function('privacy_conversation_digest', { deterministic: true }, (channelId: unknown, conversationId: unknown) =>
      conversationDigest({ channelId: String(channelId ?? ''), conversationId: String(conversationId ?? '') }),
    );
    this.db.exec(
      "UPDATE analytics_csat SET conv_ref = privacy_conversation_digest(json_extract(json, '$.channelId'), json_extract(json, '$.conversationId')) WHERE conv_ref IS NULL",
    );
  }

  async eraseConversation(ref: ConversationRef): Promise<RemovedCounts> {
    this.assertOpen();
    this.pending.delete(conversationKey(ref));
    this.flushNow();
    const digest = conversationDigest(ref);
    return this.db.transaction(() => ({
      'analytics.conversations': this.db.prepare('DELETE FROM analytics_conversations WHERE key = ?').run(conversationKey(ref)).changes,
      'analytics.lowConfidence': this.db.prepare('DELETE FROM analytics_low_confidence WHERE conv_ref = ?').run(digest).changes,
      'analytics.csat': this.db.prepare('DELETE FROM analytics_csat WHERE conv_ref = ?').run(digest).changes,
    })).immediate();
  }

  async exportConversation(ref: ConversationRef): Promise<Record<string, unknown>> {
    this.assertOpen();
    this.flushNow();
    const digest = conversationDigest(ref);
    const row = this.db
      .prepare<[string], ConversationRow>('SELECT channel_id, conversation_id, started_at, last_activity_at, route, outcome, handed_off, messages, solutions FROM analytics_conversations WHERE key = ?')
      .get(conversationKey(ref));
    const lowConfidence = this.db
      .prepare<[string], LowConfidenceRow>('SELECT at, channel_id, text, intent, route, confidence FROM analytics_low_confidence WHERE conv_ref = ? ORDER BY at')
      .all(digest)
      .map((r) => ({ at: r.at, channelId: r.channel_id, text: r.text, intent: r.intent, route: r.route, confidence: r.confidence }));
    const ratings = this.db.prepare<[string], { json: string }>('SELECT json FROM analytics_csat WHERE conv_ref = ? ORDER BY at').all(digest).map((r) => JSON.parse(r.json) as CsatRating);
    const record: ConversationRecord | undefined = row ? toRecord(row) : undefined;
    return exportShape(record, lowConfidence, ratings);
  }

  async compact(): Promise<void> {
    if (!this.closed) checkpointTruncate(this.db);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    this.flushQuietly();
    this.closed = true;
    this.db.close();
  }

  /**
   * Before records older than `before` are deleted: buckets that end by then go; the hour and the day that straddle
   * `before` lose what the deleted records added to them.
   */
  private forgetCountsBefore(before: number): void {
    const deltas = new CounterDeltas();
    const day = bucketStart(before, 'day');
    const hour = bucketStart(before, 'hour');
    const grainsOf = (at: number): CounterGrain[] => (at >= hour ? ['hour', 'day'] : ['day']);
    for (const row of this.selectConversations.iterate(day, before)) {
      const record = toRecord(row);
      deltas.add(conversationContribution(record), -1, grainsOf(record.lastActivityAt));
    }
    for (const row of this.selectRatings.iterate(day, before)) {
      const rating = JSON.parse(row.json) as CsatRating;
      deltas.add(ratingContribution(rating), -1, grainsOf(rating.at));
    }
    this.applyCounters(deltas);
    this.db.prepare("DELETE FROM analytics_counters WHERE (grain = 'hour' AND start + ? <= ?) OR (grain = 'day' AND start + ? <= ?)").run(GRAIN_MS.hour, before, GRAIN_MS.day, before);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('analytics store is closed');
  }
}

function toRecord(row: ConversationRow): ConversationRecord {
  return {
    channelId: row.channel_id,
    conversationId: row.conversation_id,
    startedAt: row.started_at,
    lastActivityAt: row.last_activity_at,
    route: row.route,
    outcome: row.outcome as ConversationOutcome | null,
    handedOff: row.handed_off === 1,
    messages: row.messages,
    solutions: JSON.parse(row.solutions) as SolutionAttempt[],
  };
}

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
import { conversationKey } from '../util/conversationKey';
import { mergeTurn } from './snapshot';
import { addConversationRefColumns, ANALYTICS_SCHEMA, countersTableExists } from './sqliteAnalyticsSchema';
import { prepareAnalyticsStatements, toRecord, type AnalyticsStatements, type ConversationRow, type LowConfidenceRow } from './sqliteAnalyticsStatements';
import { bucketStart, conversationContribution, CounterDeltas, GRAIN_MS, ratingContribution } from './counters';
import type { AnalyticsBatch, AnalyticsStore, ExportPage, ConversationRecord, ConversationSnapshot, CounterGrain, CounterRow, CsatRating, LowConfidenceMessage } from './types';

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

export class SqliteAnalyticsStore implements AnalyticsStore {
  private readonly db: Database.Database;
  private readonly sql: AnalyticsStatements;
  private readonly writeBatch: (batch: Pending[]) => void;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly maxBuffered: number;
  private readonly onError: (error: Error) => void;
  private pending = new Map<string, Pending>();
  private closed = false;
  private readonly writeRatings: (ratings: readonly CsatRating[]) => void;

  constructor(options: SqliteAnalyticsStoreOptions) {
    this.db = openSqlite(options.path);
    const countersExisted = countersTableExists(this.db);
    this.db.exec(ANALYTICS_SCHEMA);
    addConversationRefColumns(this.db);
    this.sql = prepareAnalyticsStatements(this.db);
    this.writeBatch = this.conversationsTransaction();
    this.writeRatings = this.ratingsTransaction();
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
      for (const m of batch.lowConfidence) this.sql.insertLowConfidence.run({ at: m.at, channel_id: m.channelId, text: m.text, intent: m.intent, route: m.route, confidence: m.confidence, conv_ref: m.conversationRef ?? null });
    }).immediate();
  }

  async counters(grain: CounterGrain, from: number, to: number): Promise<CounterRow[]> {
    this.assertOpen();
    this.flushNow();
    return this.sql.selectCounters.all(grain, from, to);
  }

  async ratingComments(from: number, to: number, limit: number): Promise<CsatRating[]> {
    this.assertOpen();
    // Twice the limit, then ties at the same millisecond in the order ratings() gives them (by id).
    return this.sql.selectComments
      .all(from, to, limit * 2)
      .map((row) => JSON.parse(row.json) as CsatRating)
      .sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit);
  }

  /**
   * One transaction writing buffered conversations: an upsert each, and the counters moved by the difference between
   * each one's stored and new contribution.
   */
  private conversationsTransaction(): (batch: Pending[]) => void {
    const batch = this.db.transaction((items: Pending[]) => {
      const deltas = new CounterDeltas();
      for (const s of items) {
        const key = conversationKey(s);
        const old = this.sql.selectConversation.get(key);
        const previous = old ? toRecord(old) : undefined;
        deltas.add(previous && conversationContribution(previous), -1);
        deltas.add(
          conversationContribution({
            ...s,
            handedOff: s.handedOff || (previous?.handedOff ?? false),
            messages: s.messages + (previous?.messages ?? 0),
          }),
        );
        this.sql.upsert.run({
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
    return (items) => batch.immediate(items);
  }

  /** One transaction writing CSAT ratings (one row each, as JSON) and moving the counters likewise. */
  private ratingsTransaction(): (ratings: readonly CsatRating[]) => void {
    const ratingsBatch = this.db.transaction((ratings: readonly CsatRating[]) => {
      const deltas = new CounterDeltas();
      for (const rating of ratings) {
        const old = this.sql.selectRating.get(rating.id);
        deltas.add(old && ratingContribution(JSON.parse(old.json) as CsatRating), -1);
        deltas.add(ratingContribution(rating));
        this.sql.upsertRating.run({ id: rating.id, at: rating.at, json: JSON.stringify(rating), ref: conversationDigest(rating) });
      }
      this.applyCounters(deltas);
    });
    return (ratings) => ratingsBatch.immediate(ratings);
  }

  private applyCounters(deltas: CounterDeltas): void {
    for (const d of deltas.rows()) this.sql.upsertCounter.run(d.grain, d.start, d.field, d.n);
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
    return this.sql.selectRatings.all(from, to).map((row) => JSON.parse(row.json) as CsatRating);
  }

  async recordLowConfidence(m: LowConfidenceMessage): Promise<void> {
    this.assertOpen();
    this.sql.insertLowConfidence.run({ at: m.at, channel_id: m.channelId, text: m.text, intent: m.intent, route: m.route, confidence: m.confidence, conv_ref: m.conversationRef ?? null });
  }

  async conversations(from: number, to: number): Promise<ConversationRecord[]> {
    this.assertOpen();
    this.flushNow();
    return this.sql.selectConversations.all(from, to).map(toRecord);
  }

  /** Pages read one by one (each a short query), letting other work run between them. */
  async *exportPages(from: number, to: number, pageSize: number, withRatings = true): AsyncGenerator<ExportPage> {
    this.assertOpen();
    this.flushNow();
    let after = { last: from, key: '' };
    for (;;) {
      this.assertOpen();
      const rows = this.sql.selectPage.all({ ...after, to, limit: pageSize });
      if (rows.length === 0) return;
      const records = rows.map(toRecord);
      const ratings = !withRatings ? [] : records.flatMap((r) => this.sql.selectRatingsOf.all(r.channelId, r.conversationId, from, to).map((row) => JSON.parse(row.json) as CsatRating));
      const lastRow = rows[rows.length - 1]!;
      after = { last: lastRow.last_activity_at, key: lastRow.key };
      yield { records, ratings };
      if (rows.length < pageSize) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async lowConfidence(from: number, to: number, limit: number): Promise<LowConfidenceMessage[]> {
    this.assertOpen();
    return this.sql.selectLowConfidence.all(from, to, limit).map((row) => ({
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
        const removed = this.sql.pruneConversations.run(before).changes;
        this.sql.pruneLowConfidence.run(before);
        this.sql.pruneRatings.run(before);
        return removed;
      })
      .immediate();
  }

  // ---- privacy requests (src/privacy) -------------------------------------------------------------------

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
    for (const row of this.sql.selectConversations.iterate(day, before)) {
      const record = toRecord(row);
      deltas.add(conversationContribution(record), -1, grainsOf(record.lastActivityAt));
    }
    for (const row of this.sql.selectRatings.iterate(day, before)) {
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


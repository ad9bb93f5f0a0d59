/**
 * The prepared statements of SqliteAnalyticsStore (sqliteAnalyticsStore.ts), its row shapes and the row → record
 * mapping. The tables are in sqliteAnalyticsSchema.ts.
 */
import type Database from 'better-sqlite3';
import type { ConversationOutcome } from '../dialogs/session';
import type { ConversationRecord, CounterRow, SolutionAttempt } from './types';

export interface ConversationRow {
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

export interface LowConfidenceRow {
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

/** The store's statements, prepared once when it opens. */
export interface AnalyticsStatements {
  selectConversation: Database.Statement<[string], ConversationRow>;
  selectRating: Database.Statement<[string], { json: string }>;
  selectPage: Database.Statement<{ last: number; key: string; to: number; limit: number }, ConversationRow & { key: string }>;
  selectRatingsOf: Database.Statement<[string, string, number, number], { json: string }>;
  upsertCounter: Database.Statement<[string, number, string, number], unknown>;
  selectCounters: Database.Statement<[string, number, number], CounterRow>;
  selectComments: Database.Statement<[number, number, number], { json: string }>;
  upsertRating: Database.Statement<{ id: string; at: number; json: string; ref: string }, unknown>;
  selectRatings: Database.Statement<[number, number], { json: string }>;
  pruneRatings: Database.Statement<[number], unknown>;
  upsert: Database.Statement<UpsertParams, unknown>;
  insertLowConfidence: Database.Statement<LowConfidenceRow, unknown>;
  selectConversations: Database.Statement<[number, number], ConversationRow>;
  selectLowConfidence: Database.Statement<[number, number, number], LowConfidenceRow>;
  pruneConversations: Database.Statement<[number], unknown>;
  pruneLowConfidence: Database.Statement<[number], unknown>;
}

/** Prepares the store's statements (the tables and the conv_ref columns must exist: sqliteAnalyticsSchema.ts). */
export function prepareAnalyticsStatements(db: Database.Database): AnalyticsStatements {
  return {
    selectConversation: db.prepare(
      'SELECT channel_id, conversation_id, started_at, last_activity_at, route, outcome, handed_off, messages, solutions FROM analytics_conversations WHERE key = ?',
    ),
    selectRating: db.prepare('SELECT json FROM analytics_csat WHERE id = ?'),
    // The export's pages: after the last (last activity, key) seen, along the index on last activity. The plain range
    // on last_activity_at is what lets SQLite seek to the page instead of scanning from the period's start.
    selectPage: db.prepare(`
      SELECT key, channel_id, conversation_id, started_at, last_activity_at, route, outcome, handed_off, messages, solutions
      FROM analytics_conversations WHERE last_activity_at >= @last AND last_activity_at < @to AND (last_activity_at > @last OR key > @key)
      ORDER BY last_activity_at, key LIMIT @limit
    `),
    selectRatingsOf: db.prepare(
      "SELECT json FROM analytics_csat WHERE json_extract(json, '$.channelId') = ? AND json_extract(json, '$.conversationId') = ? AND at >= ? AND at < ? ORDER BY at, id",
    ),
    upsertCounter: db.prepare('INSERT INTO analytics_counters (grain, start, field, n) VALUES (?, ?, ?, ?) ON CONFLICT(grain, start, field) DO UPDATE SET n = n + excluded.n'),
    // Conversation counts per bucket (the timeline needs them); every other field summed over the range, at its
    // earliest bucket (latest for ratings: the agent's latest name wins), which is all summarizeStore.ts uses.
    selectCounters: db.prepare(`
      SELECT CASE WHEN field LIKE '["c",%' THEN start WHEN field LIKE '["r",%' THEN MAX(start) ELSE MIN(start) END AS start, field, SUM(n) AS n
      FROM analytics_counters WHERE grain = ? AND start >= ? AND start < ?
      GROUP BY field, CASE WHEN field LIKE '["c",%' THEN start ELSE 0 END HAVING SUM(n) != 0
    `),
    // Newest first along the index on `at`; the ratings with a comment are a small share, so the scan stops early.
    selectComments: db.prepare(
      "SELECT json FROM analytics_csat WHERE at >= ? AND at < ? AND json_extract(json, '$.comment') <> '' ORDER BY at DESC LIMIT ?",
    ),
    // CSAT ratings are rare (one per walk or hand-off): written at once, one row each, the rating as JSON.
    upsertRating: db.prepare('INSERT INTO analytics_csat (id, at, json, conv_ref) VALUES (@id, @at, @json, @ref) ON CONFLICT(id) DO UPDATE SET at = excluded.at, json = excluded.json'),
    selectRatings: db.prepare('SELECT json FROM analytics_csat WHERE at >= ? AND at < ? ORDER BY at'),
    pruneRatings: db.prepare('DELETE FROM analytics_csat WHERE at < ?'),
    upsert: db.prepare(`
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
    `),
    insertLowConfidence: db.prepare(
      'INSERT INTO analytics_low_confidence (at, channel_id, text, intent, route, confidence, conv_ref) VALUES (@at, @channel_id, @text, @intent, @route, @confidence, @conv_ref)',
    ),
    selectConversations: db.prepare(`
      SELECT channel_id, conversation_id, started_at, last_activity_at, route, outcome, handed_off, messages, solutions
      FROM analytics_conversations WHERE last_activity_at >= ? AND last_activity_at < ? ORDER BY last_activity_at
    `),
    selectLowConfidence: db.prepare(
      'SELECT at, channel_id, text, intent, route, confidence FROM analytics_low_confidence WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?',
    ),
    pruneConversations: db.prepare('DELETE FROM analytics_conversations WHERE last_activity_at < ?'),
    pruneLowConfidence: db.prepare('DELETE FROM analytics_low_confidence WHERE at < ?'),
  };
}

export function toRecord(row: ConversationRow): ConversationRecord {
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

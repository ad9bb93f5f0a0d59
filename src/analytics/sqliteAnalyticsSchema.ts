/**
 * The tables of SqliteAnalyticsStore (sqliteAnalyticsStore.ts) in the bot's SQLite file, and the conv_ref columns added
 * to files written before them.
 */
import type Database from 'better-sqlite3';
import { conversationDigest } from '../privacy/personalData';

/** The analytics tables and their indexes (CREATE … IF NOT EXISTS: run on every open). */
export const ANALYTICS_SCHEMA = `
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
`;

/** True when the file already has the counters table (else its records are counted once when opened). */
export function countersTableExists(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'analytics_counters'").get() !== undefined;
}

/**
 * The to-do list and CSAT rows carry conv_ref, a digest of their conversation (conversationDigest), so an erasure
 * finds them through an index without keeping the conversation id. Files from before it get the column here.
 */
export function addConversationRefColumns(db: Database.Database): void {
  for (const table of ['analytics_low_confidence', 'analytics_csat']) {
    const columns = db.prepare<[], { name: string }>(`PRAGMA table_info(${table})`).all();
    if (!columns.some((c) => c.name === 'conv_ref')) db.exec(`ALTER TABLE ${table} ADD COLUMN conv_ref TEXT`);
    db.exec(`CREATE INDEX IF NOT EXISTS ${table}_conv_ref ON ${table}(conv_ref) WHERE conv_ref IS NOT NULL`);
  }
  // Ratings stored before the column existed name their conversation in the JSON: give them their digest once.
  // (Older to-do texts kept no conversation at all; they leave with ANALYTICS_RETENTION_DAYS.)
  db.function('privacy_conversation_digest', { deterministic: true }, (channelId: unknown, conversationId: unknown) =>
    conversationDigest({ channelId: String(channelId ?? ''), conversationId: String(conversationId ?? '') }),
  );
  db.exec(
    "UPDATE analytics_csat SET conv_ref = privacy_conversation_digest(json_extract(json, '$.channelId'), json_extract(json, '$.conversationId')) WHERE conv_ref IS NULL",
  );
}

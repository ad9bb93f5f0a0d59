import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** How long a write waits for another connection's lock before it fails (then the store's circuit opens: issue 27). */
const BUSY_TIMEOUT_MS = 1000;

/**
 * Opens (creating its folder) a SQLite database the way every store of this bot uses it: WAL journal so readers
 * never wait for the writer, synchronous=NORMAL (durable at checkpoints, safe against corruption), a 1 s
 * busy timeout (better-sqlite3 waits synchronously: a lock held by another process — a CLI erase, the seeding tool —
 * stalls the whole event loop that long, so it is short; this bot's own write transactions take milliseconds), and
 * secure_delete: deleted rows are overwritten with zeros in the database and in the WAL, instead of staying readable
 * in free pages until reused (an erased conversation must leave nothing on disk).
 */
export function openSqlite(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('secure_delete = ON');
  return db;
}

/**
 * Copies the WAL into the database and truncates it to zero bytes, so old page images (with erased rows) are gone
 * from the -wal file too. Returns false when another connection's read kept part of it (the next checkpoint does it).
 */
export function checkpointTruncate(db: Database.Database): boolean {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  return result?.busy === 0;
}

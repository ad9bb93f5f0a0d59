import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Opens (creating its folder) a SQLite database the way every store of this bot uses it: WAL journal so readers
 * never wait for the writer, synchronous=NORMAL (durable at checkpoints, safe against corruption), a 5 s
 * busy timeout, and secure_delete: deleted rows are overwritten with zeros in the database and in the WAL, instead of
 * staying readable in free pages until reused (an erased conversation must leave nothing on disk).
 */
export function openSqlite(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 5000 });
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

/**
 * Persistent store in one SQLite file (better-sqlite3, WAL mode). Rules: see botStore.ts.
 *
 * Table `bot_state(key TEXT PRIMARY KEY, value TEXT, etag TEXT, updated_at INTEGER)`: value is the item's JSON without
 * its eTag, updated_at is ms since epoch of the last write.
 * Each item is written by one conditional upsert: the row is inserted, or updated only if the caller's eTag matches
 * (or the write is unconditional, or the stored row is idle-expired). A batch runs in one IMMEDIATE transaction, so
 * the check and the write are atomic against other connections and processes using the same file.
 *
 * Group commit: the write() calls made during one event-loop iteration (the turns that ran in it) are committed
 * together, in one IMMEDIATE transaction with a savepoint per call, right after the iteration's I/O callbacks
 * (setImmediate). A call whose eTag check fails rolls back only its own savepoint and is rejected; the others commit.
 * Each write() still resolves only once its rows are committed. One commit (a WAL append) per turn cost ~45 µs of
 * CPU and blocked the event loop for ~85 µs; shared by the turns of an iteration it costs about half.
 */
import { setImmediate as afterIo } from 'node:timers';
import type Database from 'better-sqlite3';
import { checkpointTruncate, openSqlite } from './openSqlite';
import type { StoreItems } from 'botbuilder';
import {
  assertKeys,
  BotStore,
  DEFAULT_IDLE_TTL_MS,
  ETagConflictError,
  PreparedWrite,
  prepareWrites,
  restoreItem,
  silentLog,
  StorageLog,
} from './botStore';

export interface SqliteStoreOptions {
  /** File path (its directory is created), or ':memory:'. */
  path: string;
  /** Items not written for longer than this are expired. Default 30 days. */
  idleTtlMs?: number;
  /** How often to delete idle rows; 0 disables the timer. Also run once at start. Default 1 hour. */
  sweepIntervalMs?: number;
  /** Clock (ms since epoch); injectable for tests. */
  now?: () => number;
  log?: StorageLog;
}

interface PendingWrite {
  writes: PreparedWrite[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Row {
  value: string;
  etag: string;
}

export class SqliteStore implements BotStore {
  private readonly db: Database.Database;
  private readonly idleTtlMs: number;
  private readonly now: () => number;
  private readonly log: StorageLog;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly selectOne: Database.Statement<[string, number], Row>;
  private readonly upsert: Database.Statement<
    { key: string; value: string; etag: string; now: number; expected: string | null; cutoff: number },
    unknown
  >;
  private readonly deleteOne: Database.Statement<[string], unknown>;
  private readonly deleteIdle: Database.Statement<[number], unknown>;
  private readonly trialWrite: Database.Transaction<() => void>;
  private readonly writeBatch: (writes: PreparedWrite[], now: number) => void;
  private readonly writeGroup: (calls: PendingWrite[], now: number, failures: unknown[]) => void;
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private closed = false;

  constructor(options: SqliteStoreOptions) {
    this.idleTtlMs = options.idleTtlMs ?? DEFAULT_IDLE_TTL_MS;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLog;
    this.db = openSqlite(options.path);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS bot_state (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL,
        etag TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS bot_state_updated_at ON bot_state(updated_at);
      CREATE TABLE IF NOT EXISTS bot_health (id INTEGER PRIMARY KEY, probe BLOB);
    `);
    const insertProbe = this.db.prepare('INSERT INTO bot_health (probe) VALUES (zeroblob(4096))');
    const deleteProbes = this.db.prepare('DELETE FROM bot_health');
    this.trialWrite = this.db.transaction(() => {
      insertProbe.run();
      deleteProbes.run();
    });
    this.selectOne = this.db.prepare('SELECT value, etag FROM bot_state WHERE key = ? AND updated_at >= ?');
    this.upsert = this.db.prepare(`
      INSERT INTO bot_state (key, value, etag, updated_at) VALUES (@key, @value, @etag, @now)
      ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at
      WHERE @expected IS NULL OR bot_state.etag = @expected OR bot_state.updated_at < @cutoff
    `);
    this.deleteOne = this.db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.deleteIdle = this.db.prepare('DELETE FROM bot_state WHERE updated_at < ?');
    const batch = this.db.transaction((writes: PreparedWrite[], now: number) => {
      const cutoff = now - this.idleTtlMs;
      for (const w of writes) {
        const info = this.upsert.run({ key: w.key, value: w.json, etag: w.newETag, now, expected: w.expectedETag ?? null, cutoff });
        // 0 changes = the row exists, is live, and its eTag differs: throwing rolls back the whole batch.
        if (info.changes === 0) throw new ETagConflictError(w.key);
      }
    });
    this.writeBatch = (writes, now) => batch.immediate(writes, now);
    // Inside a transaction, better-sqlite3 runs a nested transaction function as a savepoint.
    const group = this.db.transaction((calls: PendingWrite[], now: number, failures: unknown[]) => {
      calls.forEach((call, i) => {
        try {
          batch(call.writes, now);
        } catch (error) {
          failures[i] = error ?? new Error('sqlite storage: write failed');
        }
      });
    });
    this.writeGroup = (calls, now, failures) => group.immediate(calls, now, failures);

    this.runSweep();
    const interval = options.sweepIntervalMs ?? 60 * 60 * 1000;
    if (interval > 0) {
      this.timer = setInterval(() => this.runSweep(), interval);
      this.timer.unref();
    }
  }

  async read(keys: string[]): Promise<StoreItems> {
    assertKeys(keys, 'reading');
    this.assertOpen();
    const cutoff = this.now() - this.idleTtlMs;
    const result: StoreItems = {};
    for (const key of keys) {
      const row = this.selectOne.get(key, cutoff);
      if (row) result[key] = restoreItem(row.value, row.etag);
    }
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    const writes = prepareWrites(changes);
    this.assertOpen();
    if (writes.length === 0) return;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ writes, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        afterIo(this.flushWrites);
      }
    });
  }

  /** Commits the writes queued in this iteration: one transaction, a savepoint per write() call. */
  private readonly flushWrites = (): void => {
    this.flushScheduled = false;
    const calls = this.pending;
    this.pending = [];
    if (calls.length === 0) return;
    if (this.closed) {
      for (const call of calls) call.reject(new Error('SqliteStore is closed'));
      return;
    }
    const now = this.now();
    if (calls.length === 1) {
      try {
        this.writeBatch(calls[0]!.writes, now);
      } catch (error) {
        calls[0]!.reject(error);
        return;
      }
      calls[0]!.resolve();
      return;
    }
    const failures: unknown[] = new Array(calls.length);
    try {
      this.writeGroup(calls, now, failures);
    } catch (error) {
      for (const call of calls) call.reject(error);
      return;
    }
    calls.forEach((call, i) => (failures[i] === undefined ? call.resolve() : call.reject(failures[i])));
  };

  /**
   * Throws unless a write can be committed now: a page-sized row is inserted and deleted again in one IMMEDIATE
   * transaction that is committed, so SQLite really appends to its WAL file (nothing is kept in the table). Fails
   * with SQLITE_READONLY (read-only file or mount), SQLITE_FULL (a full disk, or a database that cannot grow:
   * max_page_count) or SQLITE_BUSY (another process holds the write lock; the check waits at most 100 ms for it,
   * not the stores' 5 s, so it never stalls the event loop long). A rolled-back trial would miss a full disk: its
   * pages never leave the cache.
   */
  checkWritable(): void {
    this.assertOpen();
    const busyTimeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 100');
    try {
      this.trialWrite.immediate();
    } finally {
      this.db.pragma(`busy_timeout = ${Number(busyTimeout)}`);
    }
  }

  async delete(keys: string[]): Promise<void> {
    assertKeys(keys, 'deleting');
    this.assertOpen();
    this.db.transaction((ks: string[]) => {
      for (const key of ks) this.deleteOne.run(key);
    })(keys);
  }

  async expireIdle(now: number = this.now()): Promise<number> {
    this.assertOpen();
    return this.deleteIdle.run(now - this.idleTtlMs).changes;
  }

  async checkpoint(): Promise<void> {
    this.assertOpen();
    this.flushWrites();
    checkpointTruncate(this.db);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flushWrites();
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.db.close();
  }

  private runSweep(): void {
    if (this.closed) return;
    try {
      const removed = this.deleteIdle.run(this.now() - this.idleTtlMs).changes;
      if (removed > 0) this.log.info({ removed }, 'sqlite storage: expired idle conversations');
    } catch (err) {
      this.log.error({ err }, 'sqlite storage: expiring idle conversations failed');
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteStore is closed');
  }
}

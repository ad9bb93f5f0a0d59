/**
 * Opens the analytics store that matches the bot's storage: SQLite (same file, own tables), memory, or Redis
 * (same server and key prefix). Old records are pruned on a timer after `retentionMs`.
 */
import type { StorageLog } from '../storage/botStore';
import type { StorageKind } from '../storage/createStorage';
import { requireRedisUrl, whenRedisAnswers } from '../storage/redisStorage';
import { MemoryAnalyticsStore } from './memoryAnalyticsStore';
import { RedisAnalyticsStore } from './redisAnalyticsStore';
import { SqliteAnalyticsStore } from './sqliteAnalyticsStore';
import type { AnalyticsStore } from './types';

export interface AnalyticsStoreOptions {
  kind: StorageKind;
  sqlitePath: string;
  redisUrl?: string;
  keyPrefix?: string;
  /** Records older than this are deleted (hourly and at start). Default: kept forever. */
  retentionMs?: number;
  /** Prune interval (ms). Default 1 hour. */
  pruneIntervalMs?: number;
  /** Clock of the retention sweep (ms since epoch); injectable for tests. */
  now?: () => number;
}

export async function createAnalyticsStore(options: AnalyticsStoreOptions, log: StorageLog): Promise<AnalyticsStore> {
  const store = await open(options, log);
  return options.retentionMs ? new PruningAnalyticsStore(store, options.retentionMs, options.pruneIntervalMs ?? 60 * 60 * 1000, log, options.now) : store;
}

/** A store that deletes records older than the retention period at start and then on a timer. */
class PruningAnalyticsStore implements AnalyticsStore {
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly inner: AnalyticsStore,
    private readonly retentionMs: number,
    intervalMs: number,
    private readonly log: StorageLog,
    private readonly now: () => number = Date.now,
  ) {
    this.pruneNow();
    this.timer = setInterval(() => this.pruneNow(), intervalMs);
    this.timer.unref();
  }

  recordTurn: AnalyticsStore['recordTurn'] = (s) => this.inner.recordTurn(s);
  recordLowConfidence: AnalyticsStore['recordLowConfidence'] = (m) => this.inner.recordLowConfidence(m);
  conversations: AnalyticsStore['conversations'] = (from, to) => this.inner.conversations(from, to);
  lowConfidence: AnalyticsStore['lowConfidence'] = (from, to, limit) => this.inner.lowConfidence(from, to, limit);
  prune: AnalyticsStore['prune'] = (before) => this.inner.prune(before);
  recordRating: AnalyticsStore['recordRating'] = (r) => this.inner.recordRating(r);
  ratings: AnalyticsStore['ratings'] = (from, to) => this.inner.ratings(from, to);
  flush: AnalyticsStore['flush'] = () => this.inner.flush();
  eraseConversation: AnalyticsStore['eraseConversation'] = (ref) => this.inner.eraseConversation(ref);
  exportConversation: AnalyticsStore['exportConversation'] = (ref) => this.inner.exportConversation(ref);
  compact: NonNullable<AnalyticsStore['compact']> = async () => this.inner.compact?.();
  importBatch: AnalyticsStore['importBatch'] = (batch) => this.inner.importBatch(batch);
  counters: AnalyticsStore['counters'] = (grain, from, to) => this.inner.counters(grain, from, to);
  ratingComments: AnalyticsStore['ratingComments'] = (from, to, limit) => this.inner.ratingComments(from, to, limit);
  exportPages: AnalyticsStore['exportPages'] = (from, to, pageSize, withRatings) => this.inner.exportPages(from, to, pageSize, withRatings);

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.inner.close();
  }

  private pruneNow(): void {
    this.inner.prune(this.now() - this.retentionMs).then(
      (removed) => {
        if (removed > 0) this.log.info({ removed }, 'analytics: old conversations pruned');
      },
      (err: unknown) => this.log.warn({ error: err instanceof Error ? err.message : String(err) }, 'analytics: pruning failed'),
    );
  }
}

/**
 * Analytics get their own SQLite file next to the bot's (data/bot.sqlite → data/bot-analytics.sqlite): two
 * connections writing one file make each wait on the other's lock, and better-sqlite3 waits synchronously, which
 * stalled every request (p99 of 1.5 s at 100 connections in the benchmark).
 */
export function analyticsSqlitePath(botSqlitePath: string): string {
  const match = /^(.*?)(\.sqlite3?|\.db)?$/.exec(botSqlitePath)!;
  return `${match[1]}-analytics${match[2] ?? '.sqlite'}`;
}

async function open(options: AnalyticsStoreOptions, log: StorageLog): Promise<AnalyticsStore> {
  switch (options.kind) {
    case 'memory':
      return new MemoryAnalyticsStore();
    case 'sqlite':
      return new SqliteAnalyticsStore({
        path: analyticsSqlitePath(options.sqlitePath),
        onError: (err) => log.warn({ error: err.message }, 'analytics: writing buffered turns failed; they are lost'),
      });
    case 'redis': {
      const url = requireRedisUrl(options.redisUrl, 'analytics');
      const store = await whenRedisAnswers(new RedisAnalyticsStore({ url, keyPrefix: options.keyPrefix, log, refTtlMs: options.retentionMs }), url, 'analytics');
      backfillInBackground(store, log);
      return store;
    }
    default:
      throw new Error(`analytics: unknown store kind ${JSON.stringify(options.kind satisfies never)}`);
  }
}

/**
 * Once, what an older version recorded before the dashboard's counters existed is counted (backfillCounters), and its
 * ratings are put where erasure and the CSV export find them (backfillRatingRefs).
 */
function backfillInBackground(store: RedisAnalyticsStore, log: StorageLog): void {
  store.backfillCounters().then(
    (added) => {
      if (added.conversations + added.ratings > 0) log.info(added, 'analytics: records from before the counters were counted');
    },
    (err: unknown) => log.warn({ error: err instanceof Error ? err.message : String(err) }, 'analytics: counting older records failed; the next start tries again'),
  );
  store.backfillRatingRefs().then(
    (ratings) => {
      if (ratings > 0) log.info({ ratings }, "analytics: older ratings were added to their conversations' privacy index");
    },
    (err: unknown) => log.warn({ error: err instanceof Error ? err.message : String(err) }, "analytics: indexing older ratings failed; the next start tries again"),
  );
}

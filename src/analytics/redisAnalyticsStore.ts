/**
 * Analytics in Redis, shared by every bot instance:
 *   <prefix>analytics:conversations   sorted set, member = the conversation's hash key, score = last activity (ms)
 *   <prefix>analytics:c:k:<key>       hash per conversation: ch, cid, s (started), l (last), r (route), o (outcome),
 *                                     h ('1' once handed off), m (messages, HINCRBY), v (solutions JSON)
 *   <prefix>analytics:lowconf         sorted set of the masked to-do messages (JSON), score = time (ms)
 *   <prefix>analytics:ref:<digest>   set per conversation (digest = conversationDigest, not the id): "l:<to-do member>"
 *                                     and "c:<rating id>", so erasing a conversation finds its to-do texts and
 *                                     ratings; expires after the retention period
 * One MULTI per turn. Conversation keys go through toRedisKey, so very long Teams ids are hashed.
 *
 * The dashboard's counters (counters.ts): a hash per bucket, <prefix>analytics:n:h:<hour start> and
 * <prefix>analytics:n:d:<day start>, field → count. A turn runs one Lua script (TURN_SCRIPT, redisAnalyticsScripts.ts)
 * that subtracts what the conversation's previous record added (kept in its hash as `a`, with `m` messages) and adds
 * the new one, atomically, so instances never race; a rating does the same with RATING_SCRIPT. Counters that reach 0
 * are deleted, so buckets of pruned conversations disappear with them. A store written before the counters existed is
 * counted once at start (backfillCounters, in the background; idempotent).
 */
import Redis from 'ioredis';
import { silentLog, type StorageLog } from '../storage/botStore';
import { toRedisKey } from '../storage/redisKeys';
import { createRedisClient, DEFAULT_REDIS_KEY_PREFIX, quitQuietly } from '../storage/redisStorage';
import { conversationKey } from '../util/conversationKey';
import { conversationDigest, type ConversationRef, type RemovedCounts } from '../privacy/personalData';
import { exportShape } from './memoryAnalyticsStore';
import { bucketStart, conversationContribution, ratingContribution } from './counters';
import { BACKFILLED, RATING_REFS_BACKFILLED, defineAnalyticsScripts, storedContribution, throwFirstError, toRecord, type PipelineScripts, type ScriptedClient, type ScriptedPipeline } from './redisAnalyticsScripts';
import { ratingsOf, recordsAt } from './redisExportReads';
import type { AnalyticsBatch, AnalyticsStore, ExportPage, ConversationRecord, ConversationSnapshot, CounterGrain, CounterRow, CsatRating, LowConfidenceMessage } from './types';

export interface RedisAnalyticsStoreOptions {
  /** An ioredis client to use (not closed by close()), or a URL to connect to (the store owns that client). */
  client?: Redis;
  url?: string;
  /** Same prefix as the bot's store (default 'bot:'); analytics keys live under `<prefix>analytics:`. */
  keyPrefix?: string;
  log?: StorageLog;
  /** How long a conversation's ref set (see above) lives: the retention period (ANALYTICS_RETENTION_DAYS). Default 400 days. */
  refTtlMs?: number;
}

/** Conversations fetched per pipeline when querying a period. */
const FETCH_BATCH = 500;
/** Commands per pipeline when importing (the seeding tool). */
const IMPORT_PIPELINE = 100;
/** Import pipelines sent before waiting for their replies. */
const IMPORT_IN_FLIGHT = 4;
/** Counter buckets (hashes) fetched per pipeline. */
const COUNTER_BATCH = 8;

export class RedisAnalyticsStore implements AnalyticsStore {
  readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly base: string;
  private readonly index: string;
  private readonly lowConf: string;
  /** CSAT: a hash id → rating JSON, and a sorted set of ids by answer time. */
  private readonly csatHash: string;
  private readonly csatIndex: string;
  /** id → what the rating added to the counters. */
  private readonly csatCounted: string;
  private readonly counterBase: string;
  private sequence = 0;
  private closed = false;
  private readonly refTtlMs: number;

  constructor(options: RedisAnalyticsStoreOptions) {
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else if (options.url) {
      this.client = createRedisClient(options.url, options.log ?? silentLog, 'analytics');
      this.ownsClient = true;
    } else {
      throw new Error('RedisAnalyticsStore needs a client or a url');
    }
    this.base = `${options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX}analytics:`;
    this.index = `${this.base}conversations`;
    this.lowConf = `${this.base}lowconf`;
    this.csatHash = `${this.base}csat`;
    this.csatIndex = `${this.base}csat:at`;
    this.refTtlMs = options.refTtlMs ?? 400 * 24 * 60 * 60 * 1000;
    this.csatCounted = `${this.base}csat:a`;
    this.counterBase = `${this.base}n:`;
    defineAnalyticsScripts(this.client);
  }

  /**
   * Counts conversations and ratings recorded before the counters existed (a store written by an older version), once:
   * in pages of ~IMPORT_PIPELINE along the indexes, each record added by a script only if it was never counted, then
   * marks the store (`<prefix>analytics:n:backfilled`) so later starts skip it. Safe beside turns and other instances
   * (see BACKFILL_TURN_SCRIPT); returns how many were added (0 when already done).
   */
  async backfillCounters(): Promise<{ conversations: number; ratings: number }> {
    if ((await this.client.exists(this.base + BACKFILLED)) === 1) return { conversations: 0, ratings: 0 };
    const conversations = await this.backfillPages(this.index, async (keys, pipeline) => {
      const hashes = await Promise.all(keys.map((key) => this.client.hgetall(key)));
      hashes.forEach((hash, i) => {
        const record = hash.a === undefined ? toRecord(hash) : undefined;
        if (record) pipeline.analyticsBackfillTurn(keys[i]!, this.counterBase, storedContribution(conversationContribution(record)));
      });
    });
    const ratings = await this.backfillPages(this.csatIndex, async (ids, pipeline) => {
      const [json, counted] = await Promise.all([this.client.hmget(this.csatHash, ...ids), this.client.hmget(this.csatCounted, ...ids)]);
      ids.forEach((id, i) => {
        if (json[i] && !counted[i]) pipeline.analyticsBackfillRating(this.csatHash, this.csatCounted, this.counterBase, id, storedContribution(ratingContribution(JSON.parse(json[i]!) as CsatRating)));
      });
    });
    await this.client.set(this.base + BACKFILLED, new Date().toISOString());
    return { conversations, ratings };
  }

  /**
   * Puts ratings recorded before the conversations' ref sets held them (an older version) into their conversation's
   * ref set, once, so erasure and the CSV export (which find a conversation's ratings there) miss none. In pages along
   * the rating index; a set that already expires keeps its expiry (PEXPIRE NX), a new one gets the ref TTL; then marks
   * the store (`<prefix>analytics:n:rating-refs-backfilled`). Returns how many ratings were added (0 when done before).
   */
  async backfillRatingRefs(): Promise<number> {
    if ((await this.client.exists(this.base + RATING_REFS_BACKFILLED)) === 1) return 0;
    const added = await this.backfillPages(
      this.csatIndex,
      async (ids, pipeline) => {
        for (const json of await this.client.hmget(this.csatHash, ...ids)) {
          const rating = json ? (JSON.parse(json) as CsatRating) : undefined;
          if (rating) pipeline.sadd(this.refKey(rating), `c:${rating.id}`).pexpire(this.refKey(rating), this.refTtlMs, 'NX');
        }
      },
      // Each rating queues SADD then PEXPIRE: only the SADDs count.
      (replies) => replies.filter(([, n], i) => i % 2 === 0 && n === 1).length,
    );
    await this.client.set(this.base + RATING_REFS_BACKFILLED, new Date().toISOString());
    return added;
  }

  /**
   * Walks a sorted set with ZSCAN (every member present throughout is seen, though turns move members meanwhile; a
   * member seen twice is skipped by the script); `queue` adds back-fill commands for a page, `counted` says how many
   * a page's replies added (by default those that are 1); returns the total.
   */
  private async backfillPages(
    index: string,
    queue: (members: string[], pipeline: ScriptedPipeline) => Promise<void>,
    counted: (replies: Array<[Error | null, unknown]>) => number = (replies) => replies.filter(([, n]) => n === 1).length,
  ): Promise<number> {
    let total = 0;
    let cursor = '0';
    do {
      const [next, flat] = await this.client.zscan(index, cursor, 'COUNT', IMPORT_PIPELINE);
      cursor = next;
      const members = flat.filter((_, i) => i % 2 === 0);
      if (members.length === 0) continue;
      const pipeline = this.client.pipeline() as ScriptedPipeline;
      await queue(members, pipeline);
      const replies = (await pipeline.exec()) ?? [];
      throwFirstError(replies);
      total += counted(replies);
    } while (cursor !== '0');
    return total;
  }

  private get scripts(): ScriptedClient {
    return this.client as unknown as ScriptedClient;
  }

  private ratingArgs(rating: CsatRating): Array<string | number> {
    return [this.csatHash, this.csatIndex, this.csatCounted, this.counterBase, rating.id, JSON.stringify(rating), rating.at, storedContribution(ratingContribution(rating))];
  }

  /** The script's arguments for a conversation record with `turns` more messages. */
  private turnArgs(s: ConversationRecord, turns: number): Array<string | number> {
    const fields: Record<string, string> = {
      ch: s.channelId,
      cid: s.conversationId,
      l: String(s.lastActivityAt),
      r: s.route ?? '',
      o: s.outcome ?? '',
      v: JSON.stringify(s.solutions),
    };
    if (s.handedOff) fields.h = '1';
    // The contribution's messages come from the stored count; `messages` here only names the field.
    const contribution = storedContribution(conversationContribution(s));
    const ifHandedOff = s.handedOff ? '' : storedContribution(conversationContribution({ ...s, handedOff: true }));
    return [this.hashKey(s), this.index, this.counterBase, s.lastActivityAt, s.startedAt, turns, JSON.stringify(fields), contribution, ifHandedOff];
  }

  async recordRating(rating: CsatRating): Promise<void> {
    await this.scripts.analyticsRating(...this.ratingArgs(rating));
    // The conversation's digest set finds this rating when the conversation is erased (src/privacy).
    const ref = this.refKey(rating);
    throwFirstError(await this.client.multi().sadd(ref, `c:${rating.id}`).pexpire(ref, this.refTtlMs).exec());
  }

  async importBatch(batch: AnalyticsBatch): Promise<void> {
    const commands: Array<(pipeline: ScriptedPipeline) => void> = [
      ...batch.conversations.map((c) => (p: ScriptedPipeline) => void p.analyticsTurn(...this.turnArgs(c, c.messages))),
      ...batch.ratings.map((r) => (p: ScriptedPipeline) => void p.analyticsRating(...this.ratingArgs(r))),
      // As recordRating: the conversation's ref set finds the rating (erasure, the CSV export).
      ...batch.ratings.map((r) => (p: ScriptedPipeline) => void p.sadd(this.refKey(r), `c:${r.id}`).pexpire(this.refKey(r), this.refTtlMs)),
      ...batch.lowConfidence.map((m) => (p: ScriptedPipeline) => void p.zadd(this.lowConf, m.at, JSON.stringify({ id: `${process.pid}.${Date.now()}.${++this.sequence}`, ...m }))),
    ];
    // In pipelines of IMPORT_PIPELINE commands: every command of a pipeline must be answered within the client's
    // command timeout (1 s), which 5,000 scripts at once missed on a loaded machine.
    // IMPORT_IN_FLIGHT pipelines at a time, so Redis runs one while the next is sent (the counters add up in any order).
    const send = async (from: number): Promise<void> => {
      const pipeline = this.client.pipeline() as ScriptedPipeline;
      for (const add of commands.slice(from, from + IMPORT_PIPELINE)) add(pipeline);
      throwFirstError(await pipeline.exec());
    };
    for (let i = 0; i < commands.length; i += IMPORT_PIPELINE * IMPORT_IN_FLIGHT) {
      const starts = Array.from({ length: IMPORT_IN_FLIGHT }, (_, k) => i + k * IMPORT_PIPELINE).filter((from) => from < commands.length);
      await Promise.all(starts.map(send));
    }
  }

  async counters(grain: CounterGrain, from: number, to: number): Promise<CounterRow[]> {
    const size = grain === 'hour' ? 3_600_000 : 86_400_000;
    const starts: number[] = [];
    for (let start = bucketStart(from + size - 1, grain); start < to; start += size) starts.push(start);
    const rows: CounterRow[] = [];
    // A few buckets per pipeline: each reply is parsed on the event loop, so turns get their turn in between.
    for (let i = 0; i < starts.length; i += COUNTER_BATCH) {
      const batch = starts.slice(i, i + COUNTER_BATCH);
      const pipeline = this.client.pipeline();
      for (const start of batch) pipeline.hgetall(`${this.counterBase}${grain === 'hour' ? 'h' : 'd'}:${start}`);
      ((await pipeline.exec()) ?? []).forEach(([err, hash], j) => {
        if (err) throw err;
        for (const [field, n] of Object.entries(hash as Record<string, string>)) rows.push({ start: batch[j]!, field, n: Number(n) });
      });
    }
    return rows;
  }

  async ratingComments(from: number, to: number, limit: number): Promise<CsatRating[]> {
    const found: CsatRating[] = [];
    // Newest first, a page at a time, until twice the limit (ties at the same millisecond are then put in id order).
    for (let offset = 0; found.length < limit * 2; offset += FETCH_BATCH) {
      const ids = await this.client.zrevrangebyscore(this.csatIndex, `(${to}`, from, 'LIMIT', offset, FETCH_BATCH);
      if (ids.length === 0) break;
      for (const json of await this.client.hmget(this.csatHash, ...ids)) {
        const rating = json ? (JSON.parse(json) as CsatRating) : undefined;
        if (rating?.comment) found.push(rating);
      }
      if (ids.length < FETCH_BATCH) break;
    }
    return found.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, limit);
  }

  async ratings(from: number, to: number): Promise<CsatRating[]> {
    const ids = await this.client.zrangebyscore(this.csatIndex, from, `(${to}`);
    const ratings: CsatRating[] = [];
    // In batches: one HMGET with every id of a month (200,000+) overflowed the call stack when spread.
    for (let i = 0; i < ids.length; i += FETCH_BATCH) {
      for (const json of await this.client.hmget(this.csatHash, ...ids.slice(i, i + FETCH_BATCH))) if (json) ratings.push(JSON.parse(json) as CsatRating);
    }
    return ratings;
  }

  /** The hash key of a conversation. */
  hashKey(snapshot: Pick<ConversationSnapshot, 'channelId' | 'conversationId'>): string {
    return toRedisKey(`${this.base}c:`, conversationKey(snapshot));
  }

  async recordTurn(s: ConversationSnapshot): Promise<void> {
    await this.scripts.analyticsTurn(...this.turnArgs({ ...s, messages: 1 }, 1));
  }

  async recordLowConfidence(m: LowConfidenceMessage): Promise<void> {
    // A unique id keeps two identical messages at the same millisecond as two members.
    const member = JSON.stringify({ id: `${process.pid}.${Date.now()}.${++this.sequence}`, ...m });
    if (!m.conversationRef) {
      await this.client.zadd(this.lowConf, m.at, member);
      return;
    }
    const ref = `${this.base}ref:${m.conversationRef}`;
    throwFirstError(await this.client.multi().zadd(this.lowConf, m.at, member).sadd(ref, `l:${member}`).pexpire(ref, this.refTtlMs).exec());
  }

  async conversations(from: number, to: number): Promise<ConversationRecord[]> {
    const keys = await this.client.zrangebyscore(this.index, from, `(${to}`);
    const records: ConversationRecord[] = [];
    for (let i = 0; i < keys.length; i += FETCH_BATCH) records.push(...(await recordsAt(this.client, keys.slice(i, i + FETCH_BATCH))));
    return records;
  }

  /**
   * Pages along the index (from the last score seen, skipping the members already returned at that score). Each page's
   * ratings are found through its conversations' ref sets (recordRating and importBatch add every rating's id there),
   * so memory and the work between two awaits stay one page's, however many ratings the period holds (reading the
   * period's ratings first held 222,000 of them at 1,000,000 conversations: +260 MB and a long stall).
   */
  async *exportPages(from: number, to: number, pageSize: number, withRatings = true): AsyncGenerator<ExportPage> {
    let min = String(from);
    let seenAtMin = 0;
    for (;;) {
      const page = await this.client.zrangebyscore(this.index, min, `(${to}`, 'WITHSCORES', 'LIMIT', seenAtMin, pageSize);
      if (page.length === 0) return;
      const keys: string[] = [];
      let lastScore = min;
      for (let i = 0; i < page.length; i += 2) {
        keys.push(page[i]!);
        if (page[i + 1] === lastScore) seenAtMin++;
        else {
          lastScore = page[i + 1]!;
          seenAtMin = 1;
        }
      }
      min = lastScore;
      const records = await recordsAt(this.client, keys);
      yield { records, ratings: withRatings ? await ratingsOf(this.client, this.csatHash, records.map((r) => this.refKey(r)), from, to) : [] };
      if (keys.length < pageSize) return;
    }
  }

  async lowConfidence(from: number, to: number, limit: number): Promise<LowConfidenceMessage[]> {
    const members = await this.client.zrevrangebyscore(this.lowConf, `(${to}`, from, 'LIMIT', 0, limit);
    return members.map((json) => {
      const { at, channelId, text, intent, route, confidence } = JSON.parse(json) as LowConfidenceMessage;
      return { at, channelId, text, intent, route, confidence };
    });
  }

  async prune(before: number): Promise<number> {
    // Each conversation and rating is forgotten by its script, which also takes it out of the counters.
    const keys = await this.client.zrangebyscore(this.index, '-inf', `(${before}`);
    for (let i = 0; i < keys.length; i += FETCH_BATCH) {
      const pipeline = this.client.pipeline() as unknown as ReturnType<Redis['pipeline']> & PipelineScripts;
      for (const key of keys.slice(i, i + FETCH_BATCH)) pipeline.analyticsTurn(key, this.index, this.counterBase, 0, 0, 0, '', '', '');
      throwFirstError(await pipeline.exec());
    }
    await this.client.zremrangebyscore(this.lowConf, '-inf', `(${before}`);
    const oldRatings = await this.client.zrangebyscore(this.csatIndex, '-inf', `(${before}`);
    for (let i = 0; i < oldRatings.length; i += FETCH_BATCH) {
      const pipeline = this.client.pipeline() as unknown as ReturnType<Redis['pipeline']> & PipelineScripts;
      for (const id of oldRatings.slice(i, i + FETCH_BATCH)) pipeline.analyticsRating(this.csatHash, this.csatIndex, this.csatCounted, this.counterBase, id, '', 0, '');
      throwFirstError(await pipeline.exec());
    }
    return keys.length;
  }

  async flush(): Promise<void> {
    // Every turn is written when it is recorded.
  }

  // ---- privacy requests (src/privacy) -------------------------------------------------------------------

  private refKey(ref: ConversationRef): string {
    return `${this.base}ref:${conversationDigest(ref)}`;
  }

  async eraseConversation(ref: ConversationRef): Promise<RemovedCounts> {
    const hash = this.hashKey(ref);
    const refKey = this.refKey(ref);
    const members = await this.client.smembers(refKey);
    const todo = members.filter((m) => m.startsWith('l:')).map((m) => m.slice(2));
    const ratings = members.filter((m) => m.startsWith('c:')).map((m) => m.slice(2));
    const tx = this.client.multi().exists(hash).unlink(hash).zrem(this.index, hash);
    tx.zrem(this.lowConf, ...(todo.length > 0 ? todo : ['']));
    tx.hdel(this.csatHash, ...(ratings.length > 0 ? ratings : ['']));
    tx.zrem(this.csatIndex, ...(ratings.length > 0 ? ratings : [''])).unlink(refKey);
    const replies = (await tx.exec()) ?? [];
    throwFirstError(replies);
    return {
      'analytics.conversations': Number(replies[0]?.[1] ?? 0),
      'analytics.lowConfidence': Number(replies[3]?.[1] ?? 0),
      'analytics.csat': Number(replies[4]?.[1] ?? 0),
    };
  }

  async exportConversation(ref: ConversationRef): Promise<Record<string, unknown>> {
    const members = await this.client.smembers(this.refKey(ref));
    const record = toRecord(await this.client.hgetall(this.hashKey(ref)));
    const lowConfidence = members
      .filter((m) => m.startsWith('l:'))
      .map((m) => {
        const { at, channelId, text, intent, route, confidence } = JSON.parse(m.slice(2)) as LowConfidenceMessage;
        return { at, channelId, text, intent, route, confidence };
      })
      .sort((a, b) => a.at - b.at);
    const ids = members.filter((m) => m.startsWith('c:')).map((m) => m.slice(2));
    const ratings = ids.length > 0 ? (await this.client.hmget(this.csatHash, ...ids)).flatMap((json) => (json ? [JSON.parse(json) as CsatRating] : [])) : [];
    return exportShape(record, lowConfidence, ratings);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) await quitQuietly(this.client);
  }
}

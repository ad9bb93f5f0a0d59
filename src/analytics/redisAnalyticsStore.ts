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
 */
import Redis from 'ioredis';
import type { ConversationOutcome } from '../dialogs/session';
import { silentLog, type StorageLog } from '../storage/botStore';
import { toRedisKey } from '../storage/redisKeys';
import { createRedisClient, DEFAULT_REDIS_KEY_PREFIX, quitQuietly } from '../storage/redisStorage';
import { conversationKey } from '../util/conversationKey';
import { conversationDigest, type ConversationRef, type RemovedCounts } from '../privacy/personalData';
import { exportShape } from './memoryAnalyticsStore';
import type { AnalyticsStore, ConversationRecord, ConversationSnapshot, CsatRating, LowConfidenceMessage, SolutionAttempt } from './types';

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

export class RedisAnalyticsStore implements AnalyticsStore {
  readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly base: string;
  private readonly index: string;
  private readonly lowConf: string;
  /** CSAT: a hash id → rating JSON, and a sorted set of ids by answer time. */
  private readonly csatHash: string;
  private readonly csatIndex: string;
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
  }

  async recordRating(rating: CsatRating): Promise<void> {
    const ref = this.refKey(rating);
    throwFirstError(
      await this.client
        .multi()
        .hset(this.csatHash, rating.id, JSON.stringify(rating))
        .zadd(this.csatIndex, rating.at, rating.id)
        .sadd(ref, `c:${rating.id}`)
        .pexpire(ref, this.refTtlMs)
        .exec(),
    );
  }

  async ratings(from: number, to: number): Promise<CsatRating[]> {
    const ids = await this.client.zrangebyscore(this.csatIndex, from, `(${to}`);
    if (ids.length === 0) return [];
    const values = await this.client.hmget(this.csatHash, ...ids);
    return values.flatMap((json) => (json ? [JSON.parse(json) as CsatRating] : []));
  }

  /** The hash key of a conversation. */
  hashKey(snapshot: Pick<ConversationSnapshot, 'channelId' | 'conversationId'>): string {
    return toRedisKey(`${this.base}c:`, conversationKey(snapshot));
  }

  async recordTurn(s: ConversationSnapshot): Promise<void> {
    const key = this.hashKey(s);
    const fields: Record<string, string> = {
      ch: s.channelId,
      cid: s.conversationId,
      l: String(s.lastActivityAt),
      r: s.route ?? '',
      o: s.outcome ?? '',
      v: JSON.stringify(s.solutions),
    };
    if (s.handedOff) fields.h = '1';
    throwFirstError(
      await this.client
        .multi()
        .hset(key, fields)
        .hsetnx(key, 's', String(s.startedAt))
        .hincrby(key, 'm', 1)
        .zadd(this.index, s.lastActivityAt, key)
        .exec(),
    );
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
    for (let i = 0; i < keys.length; i += FETCH_BATCH) {
      const pipeline = this.client.pipeline();
      for (const key of keys.slice(i, i + FETCH_BATCH)) pipeline.hgetall(key);
      for (const [err, hash] of (await pipeline.exec()) ?? []) {
        if (err) throw err;
        const record = toRecord(hash as Record<string, string>);
        if (record) records.push(record);
      }
    }
    return records;
  }

  async lowConfidence(from: number, to: number, limit: number): Promise<LowConfidenceMessage[]> {
    const members = await this.client.zrevrangebyscore(this.lowConf, `(${to}`, from, 'LIMIT', 0, limit);
    return members.map((json) => {
      const { at, channelId, text, intent, route, confidence } = JSON.parse(json) as LowConfidenceMessage;
      return { at, channelId, text, intent, route, confidence };
    });
  }

  async prune(before: number): Promise<number> {
    const keys = await this.client.zrangebyscore(this.index, '-inf', `(${before}`);
    for (let i = 0; i < keys.length; i += FETCH_BATCH) {
      const batch = keys.slice(i, i + FETCH_BATCH);
      throwFirstError(await this.client.multi().del(...batch).zrem(this.index, ...batch).exec());
    }
    await this.client.zremrangebyscore(this.lowConf, '-inf', `(${before}`);
    const oldRatings = await this.client.zrangebyscore(this.csatIndex, '-inf', `(${before}`);
    if (oldRatings.length > 0) throwFirstError(await this.client.multi().hdel(this.csatHash, ...oldRatings).zrem(this.csatIndex, ...oldRatings).exec());
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

/** MULTI reports each command's error in its reply instead of rejecting: surface the first one. */
function throwFirstError(replies: Array<[Error | null, unknown]> | null): void {
  if (replies === null) throw new Error('analytics: Redis transaction was aborted');
  for (const [err] of replies) if (err) throw err;
}

/** A stored hash back to a record; undefined when the hash is gone (deleted between the index read and the fetch). */
function toRecord(hash: Record<string, string>): ConversationRecord | undefined {
  if (!hash.ch || hash.l === undefined) return undefined;
  const last = Number(hash.l);
  return {
    channelId: hash.ch,
    conversationId: hash.cid ?? '',
    startedAt: hash.s !== undefined ? Number(hash.s) : last,
    lastActivityAt: last,
    route: hash.r ? hash.r : null,
    outcome: hash.o ? (hash.o as ConversationOutcome) : null,
    handedOff: hash.h === '1',
    messages: Number(hash.m ?? 0),
    solutions: hash.v ? (JSON.parse(hash.v) as SolutionAttempt[]) : [],
  };
}

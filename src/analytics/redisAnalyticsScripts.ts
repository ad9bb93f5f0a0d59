/**
 * The Lua scripts of RedisAnalyticsStore (redisAnalyticsStore.ts) that keep the dashboard's counters (counters.ts) in
 * step with the records, atomically; the contributions as they keep them; the conversation hash back to a record; and
 * the check of MULTI/pipeline replies. The keys they work on are described in redisAnalyticsStore.ts.
 */
import type Redis from 'ioredis';
import type { ConversationOutcome } from '../dialogs/session';
import { bucketStart, type Contribution } from './counters';
import type { ConversationRecord, SolutionAttempt } from './types';

/** Lua shared by the scripts: adds a stored contribution ({h, d, f: [[field, n]], m?}) times `sign` to its buckets. */
const APPLY = `
local function apply(base, c, sign, messages)
  for _, g in ipairs({'h', 'd'}) do
    local bucket = base .. g .. ':' .. c[g]
    for _, f in ipairs(c.f) do
      if redis.call('HINCRBY', bucket, f[1], sign * f[2]) == 0 then redis.call('HDEL', bucket, f[1]) end
    end
    if c.m and messages ~= 0 and redis.call('HINCRBY', bucket, c.m, sign * messages) == 0 then redis.call('HDEL', bucket, c.m) end
  end
end
`;

/**
 * A turn (or an imported conversation): KEYS = conversation hash, index; ARGV = counters prefix, last activity, start,
 * messages to add, hash fields (JSON object), contribution, contribution if the stored record was handed off ('' = same).
 * With no turn (messages 0 and no fields) it forgets the conversation: counters, hash and index entry.
 */
const TURN_SCRIPT = `${APPLY}
local key = KEYS[1]
local old = redis.call('HGET', key, 'a')
local m = tonumber(redis.call('HGET', key, 'm') or '0')
local handed = redis.call('HGET', key, 'h') == '1'
if old then apply(ARGV[1], cjson.decode(old), -1, m) end
if ARGV[5] == '' then
  redis.call('DEL', key)
  redis.call('ZREM', KEYS[2], key)
  return 0
end
local contribution = (handed and ARGV[7] ~= '') and ARGV[7] or ARGV[6]
m = m + tonumber(ARGV[4])
apply(ARGV[1], cjson.decode(contribution), 1, m)
local fields = cjson.decode(ARGV[5])
for name, value in pairs(fields) do redis.call('HSET', key, name, value) end
redis.call('HSET', key, 'a', contribution, 'm', m)
redis.call('HSETNX', key, 's', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], key)
return m
`;

/** A rating: KEYS = ratings hash, index by time, contributions hash; ARGV = counters prefix, id, JSON ('' forgets it), time, contribution. */
const RATING_SCRIPT = `${APPLY}
local old = redis.call('HGET', KEYS[3], ARGV[2])
if old then apply(ARGV[1], cjson.decode(old), -1, 0) end
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[2])
  redis.call('ZREM', KEYS[2], ARGV[2])
  redis.call('HDEL', KEYS[3], ARGV[2])
  return 0
end
apply(ARGV[1], cjson.decode(ARGV[5]), 1, 0)
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[5])
return 1
`;

/**
 * Back-fill of a conversation recorded before the counters existed (no `a` in its hash): KEYS = conversation hash;
 * ARGV = counters prefix, its contribution. Adds it once; a hash with `a` (counted by TURN_SCRIPT, also when a turn
 * came after the back-fill read the hash) or gone is left alone, so running it again or beside turns changes nothing.
 */
const BACKFILL_TURN_SCRIPT = `${APPLY}
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'a') == 1 then return 0 end
local m = tonumber(redis.call('HGET', KEYS[1], 'm') or '0')
apply(ARGV[1], cjson.decode(ARGV[2]), 1, m)
redis.call('HSET', KEYS[1], 'a', ARGV[2])
return 1
`;

/** The same for a rating: KEYS = ratings hash, contributions hash; ARGV = counters prefix, id, contribution. */
const BACKFILL_RATING_SCRIPT = `${APPLY}
if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 or redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 0 end
apply(ARGV[1], cjson.decode(ARGV[3]), 1, 0)
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1
`;

/** Set once every conversation and rating of the store is in the counters (backfillCounters). */
export const BACKFILLED = 'n:backfilled';

/** Set once every rating of the store is in its conversation's ref set (backfillRatingRefs). */
export const RATING_REFS_BACKFILLED = 'n:rating-refs-backfilled';

type Script = (...args: Array<string | number>) => Promise<unknown>;
export interface ScriptedClient {
  analyticsTurn: Script;
  analyticsRating: Script;
}
export interface PipelineScripts {
  analyticsTurn(...args: Array<string | number>): unknown;
  analyticsRating(...args: Array<string | number>): unknown;
  analyticsBackfillTurn(...args: Array<string | number>): unknown;
  analyticsBackfillRating(...args: Array<string | number>): unknown;
}
export type ScriptedPipeline = ReturnType<Redis['pipeline']> & PipelineScripts;

/** A contribution as the scripts keep it: bucket starts, fields, and the messages field apart (its count is the hash's `m`). */
export function storedContribution(c: Contribution): string {
  const messagesField = c.fields[1]?.[0];
  return JSON.stringify({
    h: String(bucketStart(c.at, 'hour')),
    d: String(bucketStart(c.at, 'day')),
    f: c.fields.filter(([field]) => field !== messagesField),
    ...(messagesField !== undefined ? { m: messagesField } : {}),
  });
}

/** Defines the scripts as the client's commands analyticsTurn, analyticsRating, analyticsBackfillTurn/Rating. */
export function defineAnalyticsScripts(client: Redis): void {
  client.defineCommand('analyticsTurn', { numberOfKeys: 2, lua: TURN_SCRIPT });
  client.defineCommand('analyticsRating', { numberOfKeys: 3, lua: RATING_SCRIPT });
  client.defineCommand('analyticsBackfillTurn', { numberOfKeys: 1, lua: BACKFILL_TURN_SCRIPT });
  client.defineCommand('analyticsBackfillRating', { numberOfKeys: 2, lua: BACKFILL_RATING_SCRIPT });
}

/** MULTI and pipelines report each command's error in its reply instead of rejecting: surface the first one. */
export function throwFirstError(replies: Array<[Error | null, unknown]> | null): void {
  if (replies === null) throw new Error('analytics: Redis transaction was aborted');
  for (const [err] of replies) if (err) throw err;
}

/** A stored hash back to a record; undefined when the hash is gone (deleted between the index read and the fetch). */
export function toRecord(hash: Record<string, string>): ConversationRecord | undefined {
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

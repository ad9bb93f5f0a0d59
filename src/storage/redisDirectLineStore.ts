/**
 * Direct Line conversations in Redis, shared by every instance (REDIS_URL). Contract: DirectLineStore
 * (src/storage/directLineConversationStore.ts). Per conversation:
 *   <prefix>dl:c:<id>  hash  u (user id), l (locale), t (created), s (last seq), b (bytes kept)
 *   <prefix>dl:a:<id>  zset  activity JSON scored by seq
 *   <prefix>dl:i:<id>  hash  clientActivityID → "<seq>" or "<seq>|d" once delivered to the bot
 * Appends run as one Lua script (next seq, add, trim beyond the caps, refresh the expiry), so concurrent appends
 * from several instances keep one order. Every write sets the keys to expire after idleMs: Redis drops idle
 * conversations itself. The signing key is `<prefix>dl:signing-key` (SET NX, never expires).
 */
import type Redis from 'ioredis';
import {
  ActivityGroup,
  AppendResult,
  ConversationInfo,
  DEFAULT_DIRECT_LINE_LIMITS,
  definedOnly,
  DirectLineStore,
  DirectLineStoreLimits,
  NewActivity,
  newSigningKey,
  parseWatermark,
  seqOf,
  StoredActivity,
} from './directLineConversationStore';
import { silentLog, StorageLog } from './botStore';
import { createRedisClient, DEFAULT_REDIS_KEY_PREFIX, quitQuietly } from './redisStorage';

/**
 * KEYS: c, a, i. ARGV: conversationId, activity JSON without id (ends with '}'), clientId ('' = none), ttlMs,
 * maxCount, maxBytes. Returns {status, seq, json, delivered}: status 0 = unknown conversation, 1 = added, 2 = duplicate.
 */
const APPEND_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 0, '', 0} end
local clientId = ARGV[3]
if clientId ~= '' then
  local seen = redis.call('HGET', KEYS[3], clientId)
  if seen then
    local seq = tonumber(string.match(seen, '^(%d+)'))
    local delivered = 0
    if string.find(seen, '|d', 1, true) then delivered = 1 end
    local found = redis.call('ZRANGEBYSCORE', KEYS[2], seq, seq)
    return {2, seq, found[1] or '', delivered}
  end
end
local seq = redis.call('HINCRBY', KEYS[1], 's', 1)
local id = ARGV[1] .. '|' .. string.format('%07d', seq)
local body = string.sub(ARGV[2], 1, -2)
if body ~= '{' then body = body .. ',' end
local json = body .. '"id":' .. cjson.encode(id) .. '}'
redis.call('ZADD', KEYS[2], seq, json)
local bytes = redis.call('HINCRBY', KEYS[1], 'b', string.len(json))
if clientId ~= '' then redis.call('HSET', KEYS[3], clientId, tostring(seq)) end
local maxCount = tonumber(ARGV[5])
local maxBytes = tonumber(ARGV[6])
local count = redis.call('ZCARD', KEYS[2])
while count > 1 and (count > maxCount or bytes > maxBytes) do
  local popped = redis.call('ZPOPMIN', KEYS[2])
  bytes = redis.call('HINCRBY', KEYS[1], 'b', -string.len(popped[1]))
  count = count - 1
end
local ttl = tonumber(ARGV[4])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ttl) end
return {1, seq, json, 0}
`;

/** KEYS: c. ARGV: userId, createdAt, locale ('' = none), ttlMs. Returns 1 when created, 0 when it existed. */
const CREATE_SCRIPT = `
if redis.call('HSETNX', KEYS[1], 'u', ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 't', ARGV[2], 's', '0', 'b', '0')
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'l', ARGV[3]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return 1
`;

/** KEYS: c, a. ARGV: seq, new JSON, ttlMs. Returns 1 when replaced. */
const REPLACE_SCRIPT = `
local seq = tonumber(ARGV[1])
local old = redis.call('ZRANGEBYSCORE', KEYS[2], seq, seq)
if #old == 0 then return 0 end
redis.call('ZREMRANGEBYSCORE', KEYS[2], seq, seq)
redis.call('ZADD', KEYS[2], seq, ARGV[2])
redis.call('HINCRBY', KEYS[1], 'b', string.len(ARGV[2]) - string.len(old[1]))
return 1
`;

export interface RedisDirectLineStoreOptions extends Partial<DirectLineStoreLimits> {
  /** An ioredis client to use (not closed by close()), or a URL to connect to. */
  client?: Redis;
  url?: string;
  keyPrefix?: string;
  log?: StorageLog;
}

export class RedisDirectLineStore implements DirectLineStore {
  readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly limits: DirectLineStoreLimits;
  private closed = false;

  constructor(options: RedisDirectLineStoreOptions) {
    this.limits = { ...DEFAULT_DIRECT_LINE_LIMITS, ...definedOnly(options) };
    this.prefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else if (options.url) {
      this.client = createRedisClient(options.url, options.log ?? silentLog, 'directline');
      this.ownsClient = true;
    } else {
      throw new Error('RedisDirectLineStore needs a client or a url');
    }
  }

  private keys(conversationId: string): [string, string, string] {
    const p = `${this.prefix}dl:`;
    return [`${p}c:${conversationId}`, `${p}a:${conversationId}`, `${p}i:${conversationId}`];
  }

  async get(conversationId: string): Promise<ConversationInfo | undefined> {
    const [c] = this.keys(conversationId);
    const [userId, locale, createdAt] = await this.client.hmget(c, 'u', 'l', 't');
    if (userId === null) return undefined;
    return { id: conversationId, userId, ...(locale ? { locale } : {}), createdAt: Number(createdAt) };
  }

  async getOrCreate(conversationId: string, userId: string, locale?: string): Promise<{ info: ConversationInfo; created: boolean }> {
    const [c] = this.keys(conversationId);
    const now = Date.now();
    const created = Number(await this.client.eval(CREATE_SCRIPT, 1, c, userId, String(now), locale ?? '', String(this.limits.idleMs)));
    if (created === 1) {
      return { info: { id: conversationId, userId, ...(locale ? { locale } : {}), createdAt: now }, created: true };
    }
    const info = await this.get(conversationId);
    return { info: info ?? { id: conversationId, userId, createdAt: now }, created: false };
  }

  async append(conversationId: string, activity: NewActivity, clientActivityId?: string): Promise<AppendResult | undefined> {
    const keys = this.keys(conversationId);
    const json = JSON.stringify(activity);
    const [status, seq, stored, delivered] = (await this.client.eval(
      APPEND_SCRIPT,
      3,
      ...keys,
      conversationId,
      json,
      clientActivityId ?? '',
      String(this.limits.idleMs),
      String(this.limits.maxActivitiesPerConversation),
      String(this.limits.maxBytesPerConversation),
    )) as [number, number, string, number];
    if (status === 0) return undefined;
    const parsed = stored ? (JSON.parse(stored) as StoredActivity) : ({ ...activity, id: `${conversationId}|${String(seq).padStart(7, '0')}` } as StoredActivity);
    return { activity: parsed, seq: Number(seq), duplicate: status === 2, delivered: delivered === 1 };
  }

  async markDelivered(conversationId: string, clientActivityId: string): Promise<void> {
    const [, , i] = this.keys(conversationId);
    const seen = await this.client.hget(i, clientActivityId);
    if (seen && !seen.endsWith('|d')) await this.client.hset(i, clientActivityId, `${seen}|d`);
  }

  async since(conversationId: string, watermark?: string): Promise<ActivityGroup | undefined> {
    const [c, a] = this.keys(conversationId);
    const replies = (await this.client
      .multi()
      .hget(c, 's')
      .zrangebyscore(a, `(${parseWatermark(watermark)}`, '+inf')
      .exec()) as Array<[Error | null, unknown]>;
    const last = replies[0]![1] as string | null;
    if (last === null) return undefined;
    const rows = replies[1]![1] as string[];
    return { activities: rows.map((r) => JSON.parse(r) as StoredActivity), watermark: last };
  }

  async replace(conversationId: string, activityId: string, activity: NewActivity): Promise<StoredActivity | undefined> {
    const seq = seqOf(activityId);
    if (seq === undefined) return undefined;
    const [c, a] = this.keys(conversationId);
    const stored: StoredActivity = { ...activity, id: activityId };
    const json = JSON.stringify(stored);
    const done = Number(await this.client.eval(REPLACE_SCRIPT, 2, c, a, String(seq), json));
    return done === 1 ? (JSON.parse(json) as StoredActivity) : undefined;
  }

  async delete(conversationId: string, activityId: string): Promise<boolean> {
    const seq = seqOf(activityId);
    if (seq === undefined) return false;
    const [, a] = this.keys(conversationId);
    return (await this.client.zremrangebyscore(a, seq, seq)) > 0;
  }

  /** Redis expires idle conversations itself. */
  async sweep(): Promise<number> {
    return 0;
  }

  async eraseConversation(conversationId: string): Promise<{ conversations: number; activities: number }> {
    const [c, a, i] = this.keys(conversationId);
    const replies = (await this.client.multi().exists(c).zcard(a).unlink(c, a, i).exec()) ?? [];
    return { conversations: Number(replies[0]?.[1] ?? 0), activities: Number(replies[1]?.[1] ?? 0) };
  }

  async exportConversation(conversationId: string): Promise<{ info: ConversationInfo; activities: StoredActivity[] } | undefined> {
    const info = await this.get(conversationId);
    if (!info) return undefined;
    const [, a] = this.keys(conversationId);
    const rows = await this.client.zrange(a, '0', '-1');
    return { info, activities: rows.map((r) => JSON.parse(r) as StoredActivity) };
  }

  /** Redis keeps no user → conversations index here: the person's conversations come from the bot's user index. */
  async conversationsOfUser(): Promise<string[]> {
    return [];
  }

  async signingKey(): Promise<string> {
    const key = `${this.prefix}dl:signing-key`;
    await this.client.set(key, newSigningKey(), 'NX');
    return (await this.client.get(key))!;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) await quitQuietly(this.client);
  }
}

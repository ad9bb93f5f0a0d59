/**
 * Shared store in Redis (ioredis), for several bot instances behind one load balancer. Rules: see botStore.ts.
 *
 * Each item is a hash at `toRedisKey(prefix, key)` with fields `v` (JSON without eTag), `e` (eTag) and `k` (the full
 * bot key, for debugging hashed keys). A write batch runs as one Lua script: it compares every conditional item's
 * eTag, and only if all match does it HSET them, so check-and-set is atomic. Every write sets the key's expiry
 * (PEXPIREAT now + idle TTL), so Redis itself drops conversations idle longer than the TTL.
 *
 * Multi-key batches need all keys on one node: fine for a single Redis/Sentinel setup, not for Redis Cluster.
 */
import Redis from 'ioredis';
import type { StoreItems } from 'botbuilder';
import { assertKeys, BotStore, DEFAULT_IDLE_TTL_MS, ETagConflictError, prepareWrites, restoreItem, silentLog, StorageLog } from './botStore';
import { toRedisKey } from './redisKeys';

/**
 * KEYS: the Redis keys. ARGV[1]: absolute expiry (ms). Then 4 args per key: expected eTag ('' = unconditional),
 * JSON value, new eTag, full bot key. Returns 0 on success, or the 1-based index of the first conflicting key.
 */
const WRITE_SCRIPT = `
local expireAt = ARGV[1]
for i = 1, #KEYS do
  local expected = ARGV[2 + (i - 1) * 4]
  if expected ~= '' then
    local current = redis.call('HGET', KEYS[i], 'e')
    if current and current ~= expected then
      return i
    end
  end
end
for i = 1, #KEYS do
  local base = 2 + (i - 1) * 4
  redis.call('HSET', KEYS[i], 'v', ARGV[base + 1], 'e', ARGV[base + 2], 'k', ARGV[base + 3])
  redis.call('PEXPIREAT', KEYS[i], expireAt)
end
return 0
`;

export interface RedisStoreOptions {
  /** An ioredis client to use (not closed by close()), or a URL to connect to (the store owns that client). */
  client?: Redis;
  url?: string;
  /** Prepended to every Redis key. Default 'bot:'. */
  keyPrefix?: string;
  /** Items not written for longer than this expire (Redis TTL). Default 30 days. */
  idleTtlMs?: number;
  /** Clock (ms since epoch) used to compute expiry times; injectable for tests. */
  now?: () => number;
  log?: StorageLog;
}

export const DEFAULT_REDIS_KEY_PREFIX = 'bot:';

/** Redis URL with any password replaced, safe to log. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable redis url>';
  }
}

/** The Redis URL a store kind "redis" needs; `what` names the store in the error ('storage', 'analytics'). */
export function requireRedisUrl(redisUrl: string | undefined, what: string): string {
  if (!redisUrl) throw new Error(`${what}: kind "redis" needs redisUrl (REDIS_URL)`);
  return redisUrl;
}

/**
 * Waits for a PING, so a wrong URL fails start-up instead of the first use; on failure closes the store and throws
 * an error naming the (redacted) URL.
 */
export async function whenRedisAnswers<T extends { readonly client: Redis; close(): Promise<void> }>(store: T, url: string, what: string): Promise<T> {
  try {
    await store.client.ping();
  } catch (err) {
    await store.close();
    throw new Error(`${what}: cannot reach Redis at ${redactRedisUrl(url)}: ${(err as Error).message}`);
  }
  return store;
}

/**
 * How every Redis connection of the bot behaves when Redis goes away (issue 27: fail fast, lose nothing, recover by
 * itself). ioredis' defaults queue every command while disconnected, without bound, and send them when Redis is back:
 * a person's turn waited 7–26 s, and a turn the client had given up on was applied later.
 * - Until the first connection, start-up behaves as before (commands wait for it in the offline queue and fail
 *   after 3 failed attempts; no command timeout, so a slow start on a busy machine is not a failure). From the first
 *   'ready' on (ioredis reads both options when each command is sent):
 *   - the offline queue is off: while disconnected a command fails at once instead of waiting in memory;
 *   - commandTimeout: a command on a connection that went silent (no RST) fails after this long.
 * - autoResendUnfulfilledCommands off: a command sent just before the connection broke is not re-sent after the
 *   reconnect (its caller has already been told it failed).
 * - retryStrategy: reconnect for ever, 50 ms doubling to at most 2 s between attempts, so the connection comes back
 *   within ~2 s of Redis returning, without a restart.
 * - reconnectOnError: a replica promoted/demoted (READONLY) reconnects and re-sends the command.
 * Pub/sub connections keep ioredis' autoResubscribe (on): their channels are subscribed again after a reconnect.
 */
export const REDIS_FAULT_OPTIONS = {
  commandTimeoutMs: 1000,
  connectTimeoutMs: 5000,
  maxReconnectDelayMs: 2000,
} as const;

function reconnectDelayMs(attempt: number): number {
  return Math.min(50 * 2 ** Math.max(0, attempt - 1), REDIS_FAULT_OPTIONS.maxReconnectDelayMs);
}

/** A client with an error listener (so ioredis never prints unhandled error events) that logs without secrets. */
export function createRedisClient(url: string, log: StorageLog, role: string): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: 3,
    enableOfflineQueue: true,
    autoResendUnfulfilledCommands: false,
    connectTimeout: REDIS_FAULT_OPTIONS.connectTimeoutMs,
    retryStrategy: reconnectDelayMs,
    reconnectOnError: (err: Error) => (err.message.startsWith('READONLY') ? 2 : false),
    // disconnectTimeout: ioredis waits this long (on a non-unref'd timer) for a dead socket to close after disconnect().
    disconnectTimeout: 200,
  });
  client.once('ready', () => {
    client.options.enableOfflineQueue = false;
    client.options.commandTimeout = REDIS_FAULT_OPTIONS.commandTimeoutMs;
  });
  let down = false;
  client.on('error', (err: Error) => {
    // One line per outage, not one per reconnection attempt.
    if (!down) log.warn({ role, url: redactRedisUrl(url), error: err.message }, 'redis connection error');
    down = true;
  });
  client.on('ready', () => {
    if (down) log.info({ role, url: redactRedisUrl(url) }, 'redis connection is back');
    down = false;
  });
  return client;
}

export class RedisStore implements BotStore {
  readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly idleTtlMs: number;
  private readonly now: () => number;
  private closed = false;

  constructor(options: RedisStoreOptions) {
    const log = options.log ?? silentLog;
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else if (options.url) {
      this.client = createRedisClient(options.url, log, 'storage');
      this.ownsClient = true;
    } else {
      throw new Error('RedisStore needs a client or a url');
    }
    this.prefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    this.idleTtlMs = options.idleTtlMs ?? DEFAULT_IDLE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** The Redis key an item is stored under. */
  redisKey(key: string): string {
    return toRedisKey(this.prefix, key);
  }

  async read(keys: string[]): Promise<StoreItems> {
    assertKeys(keys, 'reading');
    const result: StoreItems = {};
    if (keys.length === 0) return result;
    const pipeline = this.client.pipeline();
    for (const key of keys) pipeline.hmget(this.redisKey(key), 'v', 'e');
    const replies = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      const [err, reply] = replies[i] ?? [new Error('missing pipeline reply'), null];
      if (err) throw err;
      const [value, eTag] = reply as [string | null, string | null];
      if (value !== null && eTag !== null) result[key] = restoreItem(value, eTag);
    });
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    const writes = prepareWrites(changes);
    if (writes.length === 0) return;
    const args: string[] = [String(Math.floor(this.now() + this.idleTtlMs))];
    for (const w of writes) args.push(w.expectedETag ?? '', w.json, w.newETag, w.key);
    const keys = writes.map((w) => this.redisKey(w.key));
    const conflictAt = Number(await this.client.eval(WRITE_SCRIPT, keys.length, ...keys, ...args));
    if (conflictAt > 0) throw new ETagConflictError(writes[conflictAt - 1]!.key);
  }

  async delete(keys: string[]): Promise<void> {
    assertKeys(keys, 'deleting');
    if (keys.length > 0) await this.client.del(...keys.map((k) => this.redisKey(k)));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) await quitQuietly(this.client);
  }
}

/** QUIT when connected; otherwise disconnect, which also stops ioredis from reconnecting. */
export async function quitQuietly(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

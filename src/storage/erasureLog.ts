/**
 * The erasure log, for the organisation's records of access and erasure requests: one JSON line per erasure (when,
 * by whom, the reference as given, the counts removed — never content), where operators can read it:
 *   sqlite  a JSON-lines file next to the database (data/bot.sqlite → data/bot-erasures.jsonl): `cat` or `jq` it;
 *   redis   the list <prefix>privacy:erasures (newest first, shared by every instance; LRANGE it);
 *   memory  in the process (tests).
 * It is kept apart from the stores it reports on, so a byte scan of those finds nothing of an erased person, and it
 * does not expire with them: it is the proof the request was answered. `npm run privacy -- log` prints it.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type Redis from 'ioredis';
import type { ErasureEntry, ErasureLog } from '../privacy/personalData';
import type { StorageLog } from './botStore';
import type { StorageOptions } from './createStorage';
import { createRedisClient, DEFAULT_REDIS_KEY_PREFIX, quitQuietly, requireRedisUrl } from './redisStorage';

/** Most entries the Redis list keeps. */
const REDIS_LOG_LIMIT = 100_000;

function erasureLogPath(sqlitePath: string): string {
  const match = /^(.*?)(\.sqlite3?|\.db)?$/.exec(sqlitePath)!;
  return `${match[1]}-erasures.jsonl`;
}

class FileErasureLog implements ErasureLog {
  constructor(readonly path: string) {}

  async record(entry: ErasureEntry): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`, { mode: 0o640 });
  }

  async list(limit: number): Promise<ErasureEntry[]> {
    if (!existsSync(this.path)) return [];
    const lines = readFileSync(this.path, 'utf8').split('\n').filter((l) => l.trim() !== '');
    return lines.slice(-limit).reverse().map((l) => JSON.parse(l) as ErasureEntry);
  }

  async close(): Promise<void> {
    // Nothing held open.
  }
}

class RedisErasureLog implements ErasureLog {
  private readonly key: string;
  private readonly ownsClient: boolean;
  readonly client: Redis;

  constructor(options: { client?: Redis; url?: string; keyPrefix?: string; log: StorageLog }) {
    this.key = `${options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX}privacy:erasures`;
    this.ownsClient = !options.client;
    this.client = options.client ?? createRedisClient(requireRedisUrl(options.url, 'erasure log'), options.log, 'erasure-log');
  }

  async record(entry: ErasureEntry): Promise<void> {
    await this.client.multi().lpush(this.key, JSON.stringify(entry)).ltrim(this.key, 0, REDIS_LOG_LIMIT - 1).exec();
  }

  async list(limit: number): Promise<ErasureEntry[]> {
    return (await this.client.lrange(this.key, 0, Math.max(0, limit - 1))).map((l) => JSON.parse(l) as ErasureEntry);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await quitQuietly(this.client);
  }
}

export class MemoryErasureLog implements ErasureLog {
  readonly entries: ErasureEntry[] = [];

  async record(entry: ErasureEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
  }

  async list(limit: number): Promise<ErasureEntry[]> {
    return this.entries.slice(-limit).reverse();
  }

  async close(): Promise<void> {
    // Nothing to release.
  }
}

export function createErasureLog(options: Pick<StorageOptions, 'kind' | 'sqlitePath' | 'redisUrl' | 'keyPrefix'>, log: StorageLog): ErasureLog {
  switch (options.kind) {
    case 'memory':
      return new MemoryErasureLog();
    case 'sqlite':
      return new FileErasureLog(erasureLogPath(options.sqlitePath));
    case 'redis':
      return new RedisErasureLog({ url: options.redisUrl, keyPrefix: options.keyPrefix, log });
    default:
      throw new Error(`erasure log: unknown kind ${JSON.stringify(options.kind satisfies never)}`);
  }
}

/** Reads of the Redis analytics store a page at a time (the CSV export, the period's conversations). */
import type Redis from 'ioredis';
import { toRecord } from './redisAnalyticsScripts';
import type { ConversationRecord, CsatRating } from './types';

/** The conversations stored under these hash keys, in one pipeline (keys without a record are skipped). */
export async function recordsAt(client: Redis, keys: readonly string[]): Promise<ConversationRecord[]> {
  const pipeline = client.pipeline();
  for (const key of keys) pipeline.hgetall(key);
  const records: ConversationRecord[] = [];
  for (const [err, hash] of (await pipeline.exec()) ?? []) {
    if (err) throw err;
    const record = toRecord(hash as Record<string, string>);
    if (record) records.push(record);
  }
  return records;
}

/**
 * The ratings answered in [from, to) of the conversations whose ref sets are `refKeys` (every rating's id is kept there
 * as `c:<id>`), oldest first and ties by id, as the rating index orders them.
 */
export async function ratingsOf(client: Redis, csatHash: string, refKeys: readonly string[], from: number, to: number): Promise<CsatRating[]> {
  const pipeline = client.pipeline();
  for (const key of refKeys) pipeline.smembers(key);
  const ids: string[] = [];
  for (const [err, members] of (await pipeline.exec()) ?? []) {
    if (err) throw err;
    for (const member of members as string[]) if (member.startsWith('c:')) ids.push(member.slice(2));
  }
  if (ids.length === 0) return [];
  const ratings: CsatRating[] = [];
  for (const json of await client.hmget(csatHash, ...ids)) {
    const rating = json ? (JSON.parse(json) as CsatRating) : undefined;
    if (rating && rating.at >= from && rating.at < to) ratings.push(rating);
  }
  return ratings.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

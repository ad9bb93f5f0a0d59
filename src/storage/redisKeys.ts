/**
 * Maps bot storage keys (e.g. `msteams/conversations/19:abc...@thread.v2;messageid=.../`) to Redis keys.
 * Short keys are kept readable (`<prefix>k:<key>`); keys longer than {@link MAX_PLAIN_KEY_LENGTH} become
 * `<prefix>h:<first 100 chars>#<sha256 of the full key>`. The `k:`/`h:` tags keep the two forms from ever colliding.
 */
import { createHash } from 'crypto';

export const MAX_PLAIN_KEY_LENGTH = 200;
const READABLE_PART_LENGTH = 100;

export function toRedisKey(prefix: string, key: string): string {
  if (key.length <= MAX_PLAIN_KEY_LENGTH) return `${prefix}k:${key}`;
  const digest = createHash('sha256').update(key, 'utf8').digest('hex');
  // Array.from splits by code point, so the readable part never ends in half a surrogate pair.
  const readable = Array.from(key).slice(0, READABLE_PART_LENGTH).join('');
  return `${prefix}h:${readable}#${digest}`;
}

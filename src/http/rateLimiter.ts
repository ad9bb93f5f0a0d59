/**
 * Rate limits per key (a client address, a conversation), on rate-limiter-flexible: a Redis store when a Redis
 * client is given (the limit is then shared by every instance), memory otherwise. `RateLimit { burst, perSecond }`
 * means `burst` requests per window of burst/perSecond seconds. A Redis failure falls back to a memory limiter
 * (insurance), so an outage of Redis never refuses every request.
 *
 * Client keys are soft: behind a proxy the key is the first X-Forwarded-For address, which a client can vary.
 */
import type Redis from 'ioredis';
import type { Request } from 'restify';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimit {
  /** Requests allowed at once. */
  burst: number;
  /** Requests regained per second. */
  perSecond: number;
}

export function clientKey(req: Request): string {
  const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',')[0]!.trim();
  return forwarded || req.socket?.remoteAddress || 'unknown';
}

export interface LimitCheck {
  allowed: boolean;
  /** Seconds until the key has room again (for Retry-After); at least 1. */
  retryAfterSeconds: number;
}

export interface SharedRateLimiterOptions {
  /** Distinguishes this limit's keys from others' in the shared store, e.g. 'dl-token'. */
  name: string;
  limit: RateLimit;
  /** Share the limit through Redis (REDIS_URL); memory when absent. */
  redis?: Redis;
  /** Redis key prefix (REDIS_KEY_PREFIX). */
  keyPrefix?: string;
}

/** A limit shared by the instances when given Redis. */
export class SharedRateLimiter {
  private readonly limiter: RateLimiterMemory | RateLimiterRedis;

  constructor(options: SharedRateLimiterOptions) {
    const { burst, perSecond } = options.limit;
    if (!(burst > 0) || !(perSecond > 0)) throw new RangeError(`rate limit ${options.name}: burst and perSecond must be positive`);
    const points = Math.max(1, Math.floor(burst));
    const duration = Math.max(1, Math.ceil(points / perSecond));
    const memory = new RateLimiterMemory({ points, duration, keyPrefix: options.name });
    this.limiter = options.redis
      ? new RateLimiterRedis({
          storeClient: options.redis,
          points,
          duration,
          keyPrefix: `${options.keyPrefix ?? 'bot:'}rl:${options.name}`,
          insuranceLimiter: memory,
        })
      : memory;
  }

  /** Takes one request from `key`'s allowance. */
  async take(key: string): Promise<LimitCheck> {
    try {
      const res = await this.limiter.consume(key, 1);
      return { allowed: true, retryAfterSeconds: retryAfter(res) };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: retryAfter(rejection) };
      // A store error with no insurance left: do not lock everyone out.
      return { allowed: true, retryAfterSeconds: 1 };
    }
  }
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Rate limits for POST /api/messages, answered with 429 and a Retry-After header:
 * - per client (the caller's address, see clientKey): checked before the body is read, so a flood costs little;
 * - per conversation (channel + conversation id): checked once the activity is authenticated, just before the turn
 *   runs, so a stranger cannot use up a real conversation's allowance with forged requests.
 * Both are rate-limiter-flexible limits (see SharedRateLimiter): `max` requests per `windowSeconds`; 0 turns a limit
 * off. With Redis (REDIS_URL) the counts are shared by every instance, so N instances allow what one does.
 */
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { Next, Request, Response } from 'restify';
import { sendJson } from './http';
import { clientKey, LimitCheck, SharedRateLimiter } from './rateLimiter';

export interface MessageLimits {
  /** Requests per client per window (0 = no limit). */
  perClient: number;
  /** Turns per conversation per window (0 = no limit). */
  perConversation: number;
  windowSeconds: number;
}

/**
 * A person types far fewer than 120 messages in 10 seconds (a scripted client replaying a long conversation may not).
 * The per-client limit is a flood guard, not a quota: behind Azure Bot Service every person's messages come from a few
 * Bot Connector addresses, so it must stay above what one instance can serve (about 3,000 turns/s measured on 2 cores,
 * bench/results.md); 50,000 per 10 s is, and a load test from one address is not throttled either.
 */
export const DEFAULT_MESSAGE_LIMITS: MessageLimits = { perClient: 50_000, perConversation: 120, windowSeconds: 10 };

export interface SharedLimitStore {
  /** Share the limits through Redis; memory when absent. */
  redis?: Redis;
  keyPrefix?: string;
}

const UNLIMITED: LimitCheck = { allowed: true, retryAfterSeconds: 1 };

export class MessageRateLimits {
  private readonly clients: SharedRateLimiter | undefined;
  private readonly conversations: SharedRateLimiter | undefined;

  constructor(
    readonly limits: MessageLimits = DEFAULT_MESSAGE_LIMITS,
    store: SharedLimitStore = {},
  ) {
    if (!(limits.windowSeconds > 0)) throw new RangeError(`windowSeconds must be positive (got ${limits.windowSeconds})`);
    const limiter = (name: string, max: number) =>
      max > 0 ? new SharedRateLimiter({ name, limit: { burst: max, perSecond: max / limits.windowSeconds }, ...store }) : undefined;
    this.clients = limiter('messages-client', limits.perClient);
    this.conversations = limiter('messages-conversation', limits.perConversation);
  }

  /** Takes one request from the client's allowance. */
  takeClient(key: string): Promise<LimitCheck> {
    return this.clients ? this.clients.take(key) : Promise.resolve(UNLIMITED);
  }

  /** Takes one turn from the conversation's allowance. The counter's key is a digest: no conversation id is stored (in Redis). */
  takeConversation(channelId: string, conversationId: string): Promise<LimitCheck> {
    if (!this.conversations) return Promise.resolve(UNLIMITED);
    return this.conversations.take(createHash('sha256').update(`${channelId}\u0000${conversationId}`).digest('base64url').slice(0, 32));
  }

  /** restify handler for the route: 429 before the body is read when the client is over its limit. */
  clientGate() {
    return (req: Request, res: Response, next: Next): void => {
      void this.takeClient(clientKey(req)).then((check) => {
        if (check.allowed) return next();
        sendTooManyRequests(res, check.retryAfterSeconds, 'Too many requests from this client; please slow down');
        // Drain the body we are not going to read, so the connection stays usable.
        req.resume();
        next(false);
      });
    };
  }
}

export function sendTooManyRequests(res: Response, retryAfterSeconds: number, message: string): void {
  sendJson(res, 429, { error: { code: 'TooManyRequests', message } }, { 'Retry-After': String(retryAfterSeconds) });
}

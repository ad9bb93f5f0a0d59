/**
 * Rate limits for POST /api/messages, answered with 429 and a Retry-After header:
 * - per client (the caller's address, see clientKey): checked before the body is read, so a flood costs little;
 * - per conversation (channel + conversation id): checked once the activity is authenticated, just before the turn
 *   runs, so a stranger cannot use up a real conversation's allowance with forged requests.
 * Both are token buckets (RateLimiter): `max` requests at once, regained evenly over `windowSeconds`. 0 turns a
 * limit off. Limits are per process: with N instances behind a load balancer a client may get up to N times as many.
 */
import type { Next, Request, Response } from 'restify';
import { sendJson } from './http';
import { clientKey, RateLimiter } from './rateLimiter';

export interface MessageLimits {
  /** Requests per client per window (0 = no limit). */
  perClient: number;
  /** Turns per conversation per window (0 = no limit). */
  perConversation: number;
  windowSeconds: number;
}

/**
 * A person types far fewer than 120 messages in 10 seconds (a scripted client replaying a long conversation may not). The per-client default is above what one instance can
 * serve on a small machine (about 550 turns/s measured on 2 cores with 100 connections), so a load test from one
 * address is not throttled; behind Azure Bot Service every request comes from a few Bot Connector addresses.
 */
export const DEFAULT_MESSAGE_LIMITS: MessageLimits = { perClient: 6000, perConversation: 120, windowSeconds: 10 };

export class MessageRateLimits {
  private readonly clients: RateLimiter | undefined;
  private readonly conversations: RateLimiter | undefined;

  constructor(
    readonly limits: MessageLimits = DEFAULT_MESSAGE_LIMITS,
    now: () => number = Date.now,
  ) {
    if (!(limits.windowSeconds > 0)) throw new RangeError(`windowSeconds must be positive (got ${limits.windowSeconds})`);
    const bucket = (max: number) => (max > 0 ? new RateLimiter({ burst: max, perSecond: max / limits.windowSeconds }, now) : undefined);
    this.clients = bucket(limits.perClient);
    this.conversations = bucket(limits.perConversation);
  }

  /** Takes one request from the client's allowance; false when it is used up. */
  takeClient(key: string): boolean {
    return this.clients ? this.clients.take(key) : true;
  }

  /** Takes one turn from the conversation's allowance; false when it is used up. */
  takeConversation(channelId: string, conversationId: string): boolean {
    return this.conversations ? this.conversations.take(`${channelId}\u0000${conversationId}`) : true;
  }

  /** Seconds until a used-up allowance has room for one more request. */
  retryAfterSeconds(kind: 'client' | 'conversation'): number {
    const max = kind === 'client' ? this.limits.perClient : this.limits.perConversation;
    return Math.max(1, Math.ceil(this.limits.windowSeconds / Math.max(1, max)));
  }

  /** restify handler for the route: 429 before the body is read when the client is over its limit. */
  clientGate() {
    return (req: Request, res: Response, next: Next): void => {
      if (this.takeClient(clientKey(req))) return next();
      sendTooManyRequests(res, this.retryAfterSeconds('client'), 'Too many requests from this client; please slow down');
      // Drain the body we are not going to read, so the connection stays usable.
      req.resume();
      next(false);
    };
  }
}

export function sendTooManyRequests(res: Response, retryAfterSeconds: number, message: string): void {
  sendJson(res, 429, { error: { code: 'TooManyRequests', message } }, { 'Retry-After': String(retryAfterSeconds) });
}

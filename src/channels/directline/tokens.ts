/**
 * Direct Line tokens for the local emulator: HMAC-SHA256 signed, bound to one conversation and one user, with an
 * expiry. JWT-like layout (prefix.payload.signature) so Web Chat can read the user id from the payload, as it does
 * with Azure tokens. Nothing is stored per token, so issuing one costs no memory. The key comes from the configuration
 * (DIRECT_LINE_SIGNING_KEY) or from the Direct Line store (generated once, shared by instances, kept across
 * restarts; see useKey), so tokens stay valid after a restart and on every instance. The key is never logged. `scope` keeps a short-lived stream
 * token (put in WebSocket URLs) from being usable as a conversation token and vice versa.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenScope = 'conversation' | 'stream';

export interface TokenClaims {
  conversationId: string;
  userId: string;
  scope: TokenScope;
  /** Expiry, milliseconds since epoch. */
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'missing' | 'malformed' | 'signature' | 'expired' | 'scope' };

const PREFIX = 'dlx1';

/** `user` is named as in Azure Direct Line tokens: Web Chat reads it to know which user it is. */
interface Payload {
  c: string;
  user: string;
  s: TokenScope;
  e: number;
  n: string;
}

export class DirectLineTokens {
  private key: Buffer;

  constructor(
    key: string | undefined,
    private readonly now: () => number,
  ) {
    this.key = key ? Buffer.from(key, 'utf8') : randomBytes(32);
  }

  /** Switches to `key` (the store's shared key, read once at start-up before any token is issued). */
  useKey(key: string): void {
    this.key = Buffer.from(key, 'utf8');
  }

  issue(conversationId: string, userId: string, scope: TokenScope, ttlSeconds: number): { token: string; expiresIn: number } {
    const payload: Payload = { c: conversationId, user: userId, s: scope, e: this.now() + ttlSeconds * 1000, n: randomBytes(6).toString('base64url') };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return { token: `${PREFIX}.${body}.${this.sign(body)}`, expiresIn: ttlSeconds };
  }

  verify(token: string | undefined, scope: TokenScope): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed' };
    const [, body, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(body));
    const actual = Buffer.from(signature);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: 'signature' };
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (typeof payload.c !== 'string' || typeof payload.user !== 'string' || typeof payload.e !== 'number') {
      return { ok: false, reason: 'malformed' };
    }
    if (payload.s !== scope) return { ok: false, reason: 'scope' };
    if (payload.e <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, claims: { conversationId: payload.c, userId: payload.user, scope: payload.s, expiresAt: payload.e } };
  }

  /** Seconds until the claims expire (at least 0). */
  secondsLeft(claims: TokenClaims): number {
    return Math.max(0, Math.floor((claims.expiresAt - this.now()) / 1000));
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(`${PREFIX}.${body}`).digest('base64url');
  }
}

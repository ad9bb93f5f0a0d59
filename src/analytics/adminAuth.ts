/**
 * Admin sign-in, the same scheme as the agent console: the page posts ADMIN_KEY once to /admin/api/session and gets a
 * session token (HMAC-signed with a key derived from ADMIN_KEY, 12 h by default) that it sends as
 * `Authorization: Bearer <token>`. Scripts may send the key itself as the bearer token
 * (`curl -H "Authorization: Bearer $ADMIN_KEY" …/admin/api/export.csv`). Keys are compared in constant time
 * (both sides hashed first, so neither content nor length leaks through timing) and never logged.
 * Changing ADMIN_KEY signs everyone out.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_ADMIN_SESSION_MS = 12 * 60 * 60 * 1000;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}

export class AdminAuth {
  private readonly keyDigest: Buffer;
  private readonly signingKey: Buffer;

  constructor(
    adminKey: string,
    private readonly sessionTtlMs: number = DEFAULT_ADMIN_SESSION_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.keyDigest = digest(adminKey);
    this.signingKey = createHmac('sha256', adminKey).update('admin-dashboard-session').digest();
  }

  /** True when `candidate` is the admin key. */
  checkKey(candidate: unknown): boolean {
    if (typeof candidate !== 'string' || candidate === '') return false;
    return timingSafeEqual(digest(candidate), this.keyDigest);
  }

  issue(): { token: string; expiresAt: number } {
    const expiresAt = this.now() + this.sessionTtlMs;
    const payload = Buffer.from(JSON.stringify({ role: 'admin', exp: expiresAt })).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, expiresAt };
  }

  /** True for a valid, unexpired session token, or for the admin key itself. */
  verify(token: string | undefined): boolean {
    if (!token) return false;
    const [payload, signature, extra] = token.split('.');
    if (payload && signature && extra === undefined) {
      const expected = Buffer.from(this.sign(payload));
      const actual = Buffer.from(signature);
      if (actual.length === expected.length && timingSafeEqual(actual, expected)) {
        try {
          const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { role?: unknown; exp?: unknown };
          return claims.role === 'admin' && typeof claims.exp === 'number' && claims.exp > this.now();
        } catch {
          return false;
        }
      }
    }
    return this.checkKey(token);
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.signingKey).update(payload).digest('base64url');
  }
}

/**
 * Sign-in with a shared key (AGENT_KEY for the agent console, ADMIN_KEY for the dashboard): the key is checked in
 * constant time (both sides hashed first, so neither content nor length leaks through timing), and a signed-in
 * browser gets a session token — claims plus expiry, HMAC-signed with a key derived from the shared key and a
 * purpose, so a token for one purpose is worthless for another and changing the key signs everyone out.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export class KeySessions<Claims extends object> {
  private readonly keyDigest: Buffer;
  private readonly signingKey: Buffer;

  constructor(
    key: string,
    purpose: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.keyDigest = digest(key);
    this.signingKey = createHmac('sha256', key).update(purpose).digest();
  }

  /** True when `candidate` is the shared key. */
  checkKey(candidate: unknown): boolean {
    if (typeof candidate !== 'string' || candidate === '') return false;
    return timingSafeEqual(digest(candidate), this.keyDigest);
  }

  issue(claims: Claims): { token: string; expiresAt: number } {
    const expiresAt = this.now() + this.ttlMs;
    const payload = Buffer.from(JSON.stringify({ ...claims, exp: expiresAt })).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, expiresAt };
  }

  /** The claims of a well-signed, unexpired token (to be checked further by the caller); undefined otherwise. */
  verify(token: string | undefined): (Partial<Claims> & { exp: number }) | undefined {
    if (!token) return undefined;
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const actual = Buffer.from(signature);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Claims> & { exp?: unknown };
      if (typeof claims.exp !== 'number' || claims.exp <= this.now()) return undefined;
      return claims as Partial<Claims> & { exp: number };
    } catch {
      return undefined;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.signingKey).update(payload).digest('base64url');
  }
}

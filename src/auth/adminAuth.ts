/**
 * Admin sign-in, the same scheme as the agent console (see KeySessions): the page posts ADMIN_KEY once to
 * /admin/api/session and gets a session token (12 h by default) that it sends as `Authorization: Bearer <token>`.
 * Scripts may send the key itself as the bearer token
 * (`curl -H "Authorization: Bearer $ADMIN_KEY" …/admin/api/export.csv`). Keys are never logged.
 */
import { KeySessions } from './keySessions';

export { bearerToken } from '../http/bearerToken';

const DEFAULT_ADMIN_SESSION_MS = 12 * 60 * 60 * 1000;

export class AdminAuth {
  private readonly sessions: KeySessions<{ role: 'admin' }>;

  constructor(adminKey: string, sessionTtlMs: number = DEFAULT_ADMIN_SESSION_MS, now: () => number = Date.now) {
    this.sessions = new KeySessions(adminKey, 'admin-dashboard-session', sessionTtlMs, now);
  }

  /** True when `candidate` is the admin key. */
  checkKey(candidate: unknown): boolean {
    return this.sessions.checkKey(candidate);
  }

  issue(): { token: string; expiresAt: number } {
    return this.sessions.issue({ role: 'admin' });
  }

  /** True for a valid, unexpired session token, or for the admin key itself. */
  verify(token: string | undefined): boolean {
    return this.sessions.verify(token)?.role === 'admin' || this.checkKey(token);
  }
}

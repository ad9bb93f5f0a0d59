/**
 * Who is signed in to /admin: with the admin key, a session token (POST /admin/api/session) kept in this tab's
 * sessionStorage (the key itself is not kept) and sent as `Authorization: Bearer`; with a work account (OpenID
 * Connect), the HttpOnly session cookie.
 */
import type { AdminSession, AdminWhoami } from '../../analytics/adminRoutes';
import { checked, fetchJson } from '../shared/http';
import { stored } from '../shared/format';

const token = stored(() => sessionStorage, 'adminSession');
let currentToken = token.get();
let oidcMode = false;

export const session = {
  get token(): string | null {
    return currentToken;
  },
  set token(value: string | null) {
    token.set(value);
    currentToken = value;
  },
  get oidc(): boolean {
    return oidcMode;
  },
};

/** GET with the session (Bearer token or cookie), never cached; rejects with an HttpError unless OK. */
export async function authorizedFetch(path: string): Promise<Response> {
  const headers: Record<string, string> = currentToken ? { Authorization: `Bearer ${currentToken}` } : {};
  return checked(await fetch(path, { headers, cache: 'no-store', credentials: 'same-origin' }));
}

/** Trades the admin key for a session token. */
export async function signInWithKey(key: string): Promise<void> {
  const answer = await fetchJson<AdminSession>('/admin/api/session', { method: 'POST', json: { key } });
  session.token = answer.token;
}

/** How this server signs admins in (a key, work accounts, or both); a key when it cannot tell. */
export async function whoami(): Promise<AdminWhoami> {
  const who = await fetchJson<AdminWhoami>('/admin/api/whoami', { cache: 'no-store' }).catch((): AdminWhoami => ({ mode: 'key' }));
  oidcMode = who.mode === 'oidc';
  return who;
}

export async function signOut(): Promise<void> {
  session.token = null;
  if (oidcMode) await fetch('/auth/sign-out', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
}

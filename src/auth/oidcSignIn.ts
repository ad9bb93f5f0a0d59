/**
 * Sign-in with the organisation's accounts through OpenID Connect (authorization code flow with PKCE, using the
 * well-kept openid-client): Microsoft Entra ID in production, any standard provider elsewhere.
 *   GET  /auth/sign-in?to=/agent|/admin   → the provider's sign-in page (state, nonce and PKCE verifier kept server-side)
 *   GET  /auth/callback                   ← the provider: the code is exchanged, the ID token checked, a session made
 *   POST /auth/sign-out                   ends the session (everywhere) and clears the cookie
 *   GET  /auth/me                         the signed-in user and their roles, or 401
 * Only users with the agent or the admin role (OIDC_AGENT_ROLE / OIDC_ADMIN_ROLE in OIDC_ROLES_CLAIM) get a session;
 * others are told their account is not allowed. Tokens are never logged or stored; the session keeps the user's
 * id, name, e-mail and roles only.
 */
import type { Storage } from 'botbuilder';
import { generators, Issuer, type BaseClient } from 'openid-client';
import type { Request, Response, Server } from 'restify';
import { sendError, sendJson } from '../http/http';
import { errorFields, type Log } from '../logging/log';
import { cookieOf, isHttps, setCookie } from './cookies';
import { isAdmin, isAgent, userOf, type RoleRules, type SignedInUser } from './roles';
import { SessionStore } from './sessionStore';

export interface OidcSettings extends RoleRules {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** Space-separated; default "openid profile email". */
  scopes: string;
  /** The site's public address (the redirect URI is PUBLIC_URL/auth/callback). */
  publicUrl: string;
  /** How long a sign-in lasts. */
  sessionMs: number;
}

export const SESSION_COOKIE = 'support_session';
const PENDING_COOKIE = 'support_sign_in';
const PENDING_MS = 10 * 60 * 1000;
/** Where a sign-in may return to. */
const RETURN_PATHS = new Set(['/agent', '/admin']);

interface Pending {
  pending: true;
  state: string;
  nonce: string;
  codeVerifier: string;
  to: string;
}

interface UserSession {
  user: SignedInUser;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: Response, status: number, title: string, body: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem"><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" });
  res.end(html);
}

export class OidcSignIn {
  readonly mode = 'oidc' as const;
  private readonly sessions: SessionStore<UserSession>;
  private readonly pending: SessionStore<Pending>;
  private client: Promise<BaseClient> | undefined;
  private readonly redirectUri: string;

  constructor(
    private readonly settings: OidcSettings,
    storage: Storage,
    private readonly log: Log,
    now: () => number = Date.now,
  ) {
    this.sessions = new SessionStore<UserSession>(storage, now);
    this.pending = new SessionStore<Pending>(storage, now);
    this.redirectUri = `${settings.publicUrl.replace(/\/+$/, '')}/auth/callback`;
  }

  get rules(): RoleRules {
    return this.settings;
  }

  /** Where the pages send a browser to sign in. */
  signInUrl(to: string): string {
    return `/auth/sign-in?to=${encodeURIComponent(to)}`;
  }

  /** The signed-in user of a request (from the session cookie), or undefined. */
  async userOf(req: Request): Promise<SignedInUser | undefined> {
    const session = await this.sessions.get(cookieOf(req, SESSION_COOKIE));
    return session && !('pending' in session.data) ? session.data.user : undefined;
  }

  /** Discovers the provider once (again after a failure, so a provider that was down at start is picked up later). */
  private getClient(): Promise<BaseClient> {
    this.client ??= Issuer.discover(this.settings.issuer).then(
      (issuer) =>
        new issuer.Client({
          client_id: this.settings.clientId,
          ...(this.settings.clientSecret ? { client_secret: this.settings.clientSecret } : { token_endpoint_auth_method: 'none' }),
          redirect_uris: [this.redirectUri],
          response_types: ['code'],
        }),
      (error: unknown) => {
        this.client = undefined;
        throw error;
      },
    );
    return this.client;
  }

  /** GET /auth/sign-in, /auth/callback, POST /auth/sign-out, GET /auth/me. */
  mount(server: Server): void {
    server.get('/auth/sign-in', async (req: Request, res: Response) => this.signIn(req, res));
    server.get('/auth/callback', async (req: Request, res: Response) => this.callback(req, res));
    server.post('/auth/sign-out', async (req: Request, res: Response) => this.signOut(req, res));
    server.get('/auth/me', async (req: Request, res: Response) => this.me(req, res));
  }

  /** GET /auth/sign-in?to=: remembers the attempt (state, nonce, PKCE verifier) and redirects to the provider. */
  private async signIn(req: Request, res: Response): Promise<void> {
    const requested = new URL(req.url ?? '/', 'http://local').searchParams.get('to') ?? '/agent';
    const to = RETURN_PATHS.has(requested) ? requested : '/agent';
    try {
      const client = await this.getClient();
      const codeVerifier = generators.codeVerifier();
      const state = generators.state();
      const nonce = generators.nonce();
      const { id } = await this.pending.create({ pending: true, state, nonce, codeVerifier, to }, PENDING_MS);
      setCookie(res, PENDING_COOKIE, id, { maxAgeSeconds: PENDING_MS / 1000, secure: isHttps(req, this.settings.publicUrl) });
      const url = client.authorizationUrl({
        scope: this.settings.scopes,
        state,
        nonce,
        code_challenge: generators.codeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      res.writeHead(302, { Location: url, 'Cache-Control': 'no-store' });
      res.end();
    } catch (error) {
      this.log.error({ err: errorFields(error) }, 'sign-in: the identity provider could not be reached');
      page(res, 503, 'Sign-in is unavailable', '<p>The sign-in service could not be reached. Please try again in a minute.</p>');
    }
  }

  /** GET /auth/callback: the provider's answer → a session for an account with the agent or admin role. */
  private async callback(req: Request, res: Response): Promise<void> {
    const pendingId = cookieOf(req, PENDING_COOKIE);
    const pending = await this.pending.get(pendingId).catch(() => undefined);
    const secure = isHttps(req, this.settings.publicUrl);
    setCookie(res, PENDING_COOKIE, '', { maxAgeSeconds: 0, secure });
    if (!pending || !('pending' in pending.data)) {
      return page(res, 400, 'Sign-in expired', '<p>This sign-in took too long or was already used. <a href="/agent">Start again</a>.</p>');
    }
    await this.pending.destroy(pendingId);
    const { state, nonce, codeVerifier, to } = pending.data;
    let user: SignedInUser | undefined;
    try {
      const client = await this.getClient();
      const params = client.callbackParams(req);
      const tokens = await client.callback(this.redirectUri, params, { state, nonce, code_verifier: codeVerifier });
      user = userOf(tokens.claims() as Record<string, unknown>, this.settings);
    } catch (error) {
      this.log.warn({ err: errorFields(error) }, 'sign-in: the callback was refused');
      return page(res, 400, 'Sign-in failed', `<p>The sign-in could not be completed. <a href="${to}">Try again</a>.</p>`);
    }
    if (!user) return page(res, 400, 'Sign-in failed', '<p>The identity provider did not say who you are.</p>');
    if (!isAgent(user, this.settings) && !isAdmin(user, this.settings)) {
      this.log.warn({ userId: user.id }, 'sign-in: refused, the account has neither the agent nor the admin role');
      return page(
        res,
        403,
        'Not allowed',
        `<p>You are signed in as ${escapeHtml(user.name)}, but this account may not use the agent console or the dashboard. Ask your administrator to assign you the role <code>${escapeHtml(this.settings.agentRole)}</code>.</p>`,
      );
    }
    const session = await this.sessions.create({ user }, this.settings.sessionMs);
    setCookie(res, SESSION_COOKIE, session.id, { maxAgeSeconds: this.settings.sessionMs / 1000, secure });
    this.log.info({ userId: user.id, agent: isAgent(user, this.settings), admin: isAdmin(user, this.settings) }, 'sign-in: signed in');
    res.writeHead(302, { Location: to, 'Cache-Control': 'no-store' });
    res.end();
  }

  /** POST /auth/sign-out. */
  private async signOut(req: Request, res: Response): Promise<void> {
    try {
      await this.sessions.destroy(cookieOf(req, SESSION_COOKIE));
    } catch (error) {
      this.log.error({ err: errorFields(error) }, 'sign-out: the session could not be deleted');
      return sendError(res, 500, 'InternalError', 'Sign-out failed; please try again');
    }
    setCookie(res, SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: isHttps(req, this.settings.publicUrl) });
    sendJson(res, 200, { signedOut: true });
  }

  /** GET /auth/me: who is signed in (401 when nobody). */
  private async me(req: Request, res: Response): Promise<void> {
    const user = await this.userOf(req);
    if (!user) return sendError(res, 401, 'Unauthorized', 'Not signed in');
    sendJson(res, 200, { id: user.id, name: user.name, agent: isAgent(user, this.settings), admin: isAdmin(user, this.settings) });
  }
}

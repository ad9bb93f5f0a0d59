/**
 * The operators' dashboard, mounted through ServerDeps.routes:
 *   GET  /admin                          the page (public/admin/index.html): sign-in form, then figures and charts
 *   GET  /admin/admin.js, admin.css      its script and styles
 *   POST /admin/api/session {key}        sign in: {token, expiresAt} (see src/auth/adminAuth.ts)
 *   GET  /admin/api/summary?from=&to=    the figures as JSON              (Authorization: Bearer <token or key>)
 *   GET  /admin/api/export.csv?from=&to= one row per conversation         (Authorization: Bearer <token or key>)
 *   GET  /admin/api/whoami               {mode: 'oidc'|'key', user?, signInUrl?}: how to sign in
 *   POST /admin/api/privacy/erase {conversation | user: "<channelId>/<id>"}   erase (docs/privacy.md): the counts removed
 *   POST /admin/api/privacy/export {conversation | user}                       everything held, one JSON document
 *   GET  /admin/api/privacy/erasures?limit=                                    the erasure log, newest first
 * (privacy routes only when a PrivacyService is given; references travel in the body, never in URLs or logs)
 * With OpenID Connect (src/auth), accounts with the admin role (OIDC_ADMIN_ROLE) are signed in by their session
 * cookie; ADMIN_KEY, when also set, still works as a Bearer key for scripts.
 * Neither ADMIN_KEY nor OIDC configured → everything under /admin is 404 (off). Wrong or missing key/token → 401; repeated wrong
 * keys from one client → 429.
 */
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { defaultPublicDir } from '../http/publicDir';
import { jsonBody, queryOf, sendError, sendJson, sendNotFound } from '../http/http';
import { sendTooManyRequests } from '../http/limits';
import { sendStaticFile } from '../http/staticFile';
import { STAFF_PAGE_POLICY as CONTENT_SECURITY_POLICY } from '../http/contentSecurityPolicy';
import { isPlainObject } from '../util/isPlainObject';
import { errorFields, type Log } from '../logging/log';
import { clientKey, type RateLimit, SharedRateLimiter } from '../http/rateLimiter';
import type { OidcSignIn } from '../auth/oidcSignIn';
import { isAdmin } from '../auth/roles';
import { AdminAuth, bearerToken } from '../auth/adminAuth';
import { csvChunks } from './csv';
import { sendCsv } from './csvResponse';
import { parsePeriod, PeriodError, type Period } from './period';
import { summarizeStore } from './summarizeStore';
import type { AnalyticsStore } from './types';
import { parseConversationRef, parseUserRef, RefError } from '../privacy/personalData';
import type { PrivacyService } from '../privacy/privacyService';


/** GET /admin/api/whoami: how to sign in, and who is signed in with a work account (the /admin page reads it). */
export interface AdminWhoami {
  mode: 'oidc' | 'key';
  user?: { id: string; name: string };
  /** Signed in with a work account that lacks the admin role. */
  notAdmin?: { name: string };
  signInUrl?: string;
  /** With work accounts: whether ADMIN_KEY is configured too (the key form stays). */
  keyAccepted?: boolean;
}

/** POST /admin/api/session: the session token for the admin key. */
export interface AdminSession {
  token: string;
  expiresAt: number;
}
export interface AdminRouteOptions {
  /** ADMIN_KEY; undefined or empty turns the dashboard off. */
  adminKey: string | undefined;
  store: AnalyticsStore;
  /** Sign-in with the organisation's accounts: admins have OIDC_ADMIN_ROLE. */
  oidc?: OidcSignIn;
  /** No reply for this long and no outcome → abandoned (ANALYTICS_ABANDON_MINUTES). */
  abandonAfterMs: number;
  /** Cause id → display name. */
  routeLabels?: Readonly<Record<string, string>>;
  log: Log;
  /** Directory holding admin/index.html (default: the repository's public/). */
  publicDir?: string;
  /** Limit on wrong keys per client (default burst 10, one more every 5 s). */
  failedAuthLimit?: RateLimit;
  /** Lifetime of a sign-in (default 12 h). */
  sessionTtlMs?: number;
  now?: () => number;
  /** Access and erasure requests (src/privacy); without it the privacy routes are 404. */
  privacy?: PrivacyService;
}

/** Conversations per page of the CSV export (one short query each, ~2–4 ms of work; the event loop runs between pages). */
export const EXPORT_PAGE = 200;

const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  '/admin': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/admin/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/admin/admin.js': { file: 'admin.js', type: 'application/javascript; charset=utf-8' },
  '/admin/admin.css': { file: 'admin.css', type: 'text/css; charset=utf-8' },
};

export function adminRoutes(options: AdminRouteOptions): (server: Server) => void {
  return (server) => mountAdminRoutes(server, options);
}

function mountAdminRoutes(server: Server, options: AdminRouteOptions): void {
  if (!options.adminKey && !options.oidc) {
    // Off: also keeps the generic static route from serving public/admin/ files.
    const notFound = async (_req: Request, res: Response): Promise<void> => sendNotFound(res);
    server.get('/admin', notFound);
    server.get('/admin/*', notFound);
    server.post('/admin/*', notFound);
    return;
  }
  const routes = new AdminRoutes(options);
  server.get('/admin/api/whoami', async (req: Request, res: Response) => routes.whoami(req, res));
  server.post('/admin/api/session', jsonBody(4096), async (req: Request, res: Response) => routes.session(req, res));
  server.get('/admin/api/summary', async (req: Request, res: Response) => routes.summary(req, res));
  server.get('/admin/api/export.csv', async (req: Request, res: Response) => routes.exportCsv(req, res));
  if (options.privacy) {
    mountPrivacyRoutes(server, options.privacy, async (req, res) => routes.authorized(req, res), async (req) => routes.adminName(req), options.log);
  }
  server.get('/admin', async (req: Request, res: Response) => routes.serveAsset(req, res));
  server.get('/admin/*', async (req: Request, res: Response) => routes.serveAsset(req, res));
}

/** The dashboard's route handlers, one method per route, and what they share (sign-in checks, the period). */
class AdminRoutes {
  private readonly now: () => number;
  private readonly auth: AdminAuth | undefined;
  private readonly oidc: OidcSignIn | undefined;
  private readonly limiter: SharedRateLimiter;
  private readonly dir: string;

  constructor(private readonly options: AdminRouteOptions) {
    this.now = options.now ?? Date.now;
    this.auth = options.adminKey ? new AdminAuth(options.adminKey, options.sessionTtlMs, this.now) : undefined;
    this.oidc = options.oidc;
    this.limiter = new SharedRateLimiter({ name: 'admin-sign-in', limit: options.failedAuthLimit ?? { burst: 10, perSecond: 0.2 } });
    this.dir = path.join(options.publicDir ?? defaultPublicDir(), 'admin');
  }

  /** GET /admin/api/whoami: how to sign in, and who is signed in. */
  async whoami(req: Request, res: Response): Promise<void> {
    const { oidc } = this;
    const user = await this.oidcAdmin(req);
    const signedIn = !user && oidc ? await oidc.userOf(req).catch(() => undefined) : undefined;
    const who: AdminWhoami = {
      mode: oidc ? 'oidc' : 'key',
      ...(user ? { user: { id: user.id, name: user.name } } : {}),
      ...(signedIn ? { notAdmin: { name: signedIn.name } } : {}),
      ...(oidc ? { signInUrl: '/auth/sign-in?to=%2Fadmin', keyAccepted: Boolean(this.auth) } : {}),
    };
    sendJson(res, 200, who);
  }

  /** POST /admin/api/session {key}: a session token for the admin key. */
  async session(req: Request, res: Response): Promise<void> {
    const body: unknown = req.body;
    const { auth } = this;
    if (!auth || !isPlainObject(body) || !auth.checkKey(body.key)) return this.refuse(req, res);
    const session: AdminSession = auth.issue();
    sendJson(res, 200, session);
  }

  /** GET /admin/api/summary?from=&to=: the figures as JSON. */
  async summary(req: Request, res: Response): Promise<void> {
    if (!(await this.authorized(req, res))) return;
    const p = this.period(req, res);
    if (!p) return;
    const { store, abandonAfterMs, routeLabels, log } = this.options;
    try {
      // From the stores' counters: the cost grows with the period's days and routes, not its conversations.
      sendJson(res, 200, await summarizeStore(store, { ...p, now: this.now(), abandonAfterMs, routeLabels }));
    } catch (err) {
      log.error({ err: errorFields(err) }, 'admin: summary failed');
      sendError(res, 500, 'InternalError', 'The figures could not be read');
    }
  }

  /** GET /admin/api/export.csv?from=&to=: one row per conversation. */
  async exportCsv(req: Request, res: Response): Promise<void> {
    if (!(await this.authorized(req, res))) return;
    const p = this.period(req, res);
    if (!p) return;
    // Streamed a page at a time, paced (csvResponse.ts): memory and event-loop time stay bounded however long the period.
    const chunks = csvChunks(this.options.store.exportPages(p.from, p.to, EXPORT_PAGE), this.now(), this.options.abandonAfterMs);
    const name = `conversations_${new Date(p.from).toISOString().slice(0, 10)}_${new Date(p.to - 1).toISOString().slice(0, 10)}.csv`;
    await sendCsv(res, chunks, name, this.options.log);
  }

  /** GET /admin, /admin/*: the page, its script and styles. */
  async serveAsset(req: Request, res: Response): Promise<void> {
    const asset = ASSETS[req.getPath()];
    if (!asset) return sendNotFound(res);
    await sendStaticFile(res, { path: path.join(this.dir, asset.file), type: asset.type, contentSecurityPolicy: CONTENT_SECURITY_POLICY }, 'The admin page is not available');
  }

  /** True when the request carries a valid session token, the admin key, or an admin's sign-in; otherwise refuses it. */
  async authorized(req: Request, res: Response): Promise<boolean> {
    const { oidc } = this;
    const bearer = bearerToken(req.headers.authorization);
    if (bearer && this.auth?.verify(bearer)) return true;
    if (await this.oidcAdmin(req)) return true;
    if (!bearer && oidc) {
      // Signed in but not an admin, or not signed in: no key was tried, so no rate limit.
      sendError(res, (await oidc.userOf(req).catch(() => undefined)) ? 403 : 401, 'Unauthorized', 'Sign in with an admin account');
      return false;
    }
    await this.refuse(req, res);
    return false;
  }

  /** The admin's name for the erasure log. */
  async adminName(req: Request): Promise<string> {
    const user = await this.oidcAdmin(req);
    return user ? `admin:${user.id}` : 'admin:ADMIN_KEY';
  }

  /** Answers 401, or 429 when this client has sent too many wrong keys. */
  private async refuse(req: Request, res: Response): Promise<void> {
    const check = await this.limiter.take(clientKey(req));
    if (!check.allowed) {
      sendTooManyRequests(res, check.retryAfterSeconds, 'Too many wrong keys; wait a minute and try again');
      return;
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="admin"');
    sendError(res, 401, 'Unauthorized', 'The admin key is missing or wrong');
  }

  /** The admin account signed in with OpenID Connect, if any. */
  private async oidcAdmin(req: Request) {
    const { oidc } = this;
    if (!oidc) return undefined;
    const user = await oidc.userOf(req).catch(() => undefined);
    return user && isAdmin(user, oidc.rules) ? user : undefined;
  }

  /** The requested period, or undefined after answering 400. */
  private period(req: Request, res: Response): Period | undefined {
    const query = queryOf(req);
    try {
      return parsePeriod({ from: query.get('from'), to: query.get('to') }, this.now());
    } catch (err) {
      if (err instanceof PeriodError) {
        sendError(res, 400, 'BadArgument', err.message);
        return undefined;
      }
      throw err;
    }
  }
}

/** The privacy routes (see the list at the top). `who` names the admin for the erasure log. */
function mountPrivacyRoutes(
  server: Server,
  privacy: PrivacyService,
  authorized: (req: Request, res: Response) => Promise<boolean>,
  who: (req: Request) => Promise<string>,
  log: Log,
): void {
  /** The body's reference: {conversation} or {user}; undefined after answering 400. */
  const subjectOf = (req: Request, res: Response) => {
    const body: unknown = req.body;
    try {
      if (isPlainObject(body) && body.conversation !== undefined && body.user === undefined) return { conversation: parseConversationRef(body.conversation) };
      if (isPlainObject(body) && body.user !== undefined && body.conversation === undefined) return { user: parseUserRef(body.user) };
      sendError(res, 400, 'BadArgument', 'Send {"conversation": "<channelId>/<conversationId>"} or {"user": "<channelId>/<userId>"}');
    } catch (err) {
      if (!(err instanceof RefError)) throw err;
      sendError(res, 400, 'BadArgument', err.message);
    }
    return undefined;
  };

  server.post('/admin/api/privacy/erase', jsonBody(4096), async (req: Request, res: Response) => {
    if (!(await authorized(req, res))) return;
    const subject = subjectOf(req, res);
    if (!subject) return;
    try {
      const by = await who(req);
      const result = subject.user ? await privacy.eraseUser(subject.user, by) : await privacy.eraseConversation(subject.conversation!, by);
      log.info({ scope: result.scope, conversations: result.conversations, removed: result.removed, by }, 'privacy: erasure done');
      sendJson(res, 200, result);
    } catch (err) {
      log.error({ err: errorFields(err) }, 'privacy: erasure failed');
      sendError(res, 500, 'InternalError', 'The erasure failed; nothing was logged as done. Try again.');
    }
  });

  server.post('/admin/api/privacy/export', jsonBody(4096), async (req: Request, res: Response) => {
    if (!(await authorized(req, res))) return;
    const subject = subjectOf(req, res);
    if (!subject) return;
    try {
      const document = subject.user ? await privacy.exportUser(subject.user) : await privacy.exportConversation(subject.conversation!);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Disposition', 'attachment; filename="personal-data.json"');
      sendJson(res, 200, document);
    } catch (err) {
      log.error({ err: errorFields(err) }, 'privacy: export failed');
      sendError(res, 500, 'InternalError', 'The export could not be read');
    }
  });

  server.get('/admin/api/privacy/erasures', async (req: Request, res: Response) => {
    if (!(await authorized(req, res))) return;
    const limit = Math.min(Math.max(Number(queryOf(req).get('limit') ?? 100) || 100, 1), 10_000);
    sendJson(res, 200, { erasures: await privacy.erasures(limit) });
  });
}

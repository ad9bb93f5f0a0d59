/**
 * The agent console: a page at /agent (public/agent/) and its JSON API under /agent/api. The page is pushed news
 * (Server-Sent Events) and fetches what changed; it never polls.
 *   GET  /agent/api/session               {mode: 'oidc'|'shared-key', agent?, signInUrl?}: how to sign in, who is signed in
 *   POST /agent/api/sign-in               shared-key mode only: {key, name} → {token, agent} (+ HttpOnly cookie); wrong key → 401
 *   POST /agent/api/sign-out
 *   GET  /agent/api/events                text/event-stream: `queue` events {requestId, state} as requests change, on
 *                                          every instance (pub/sub), and `typing` events {requestId} while the person
 *                                          of the agent's hand-off types; keeps the agent counted as signed in while open
 *   GET  /agent/api/answers?q=&language=  the bot's solutions and FAQ answers that match (answers at hand), in that language
 *   GET  /agent/api/queue                 waiting and active requests (also tells the desk this agent is signed in)
 *   GET  /agent/api/requests/:id          one request with its masked transcript and live messages
 *   POST /agent/api/requests/:id/accept   409 when another agent was first
 *   POST /agent/api/requests/:id/messages {text}
 *   POST /agent/api/requests/:id/end
 *   POST /agent/api/requests/:id/typing   the agent is typing: the person sees it (consoleLiveRoutes.ts, typingRelay.ts)
 *   GET  /agent/api/requests/:id/images/:slot  an image the person sent during the hand-off (consoleLiveRoutes.ts)
 * Every API call but session and sign-in needs a signed-in agent: with OpenID Connect the session cookie of an account
 * with the agent role (src/auth); with the shared key its token as `Authorization: Bearer <token>` or cookie. Without
 * either configured the console is off: every /agent route answers 404 (including the page's files).
 */
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { defaultPublicDir } from '../http/publicDir';
import { jsonBody, sendError, sendJson, sendNotFound } from '../http/http';
import { sendTooManyRequests } from '../http/limits';
import { sendStaticFile } from '../http/staticFile';
import { STAFF_PAGE_POLICY } from '../http/contentSecurityPolicy';
import { isPlainObject } from '../util/isPlainObject';
import { errorFields, type Log } from '../logging/log';
import { clientKey, SharedRateLimiter, type RateLimit } from '../http/rateLimiter';
import { isHttps, setCookie } from '../auth/cookies';
import { cleanAgentName, type AgentAuth } from '../auth/agentAuth';
import { AGENT_KEY_COOKIE, type AgentIdentity, type SharedKeyIdentity } from './agentIdentity';
import type { LocalizedAnswerSearch } from './answerSearch';
import { isLanguage } from '../content/i18n/languages';
import type { ConsoleEvents } from './consoleEvents';
import { ConsoleView, type AgentSessionView, type AgentSignInView, type QueueView } from './consoleView';
import type { HandoffDesk } from './handoffDesk';
import { requestId, sendFailure, type ApiHandler } from './consoleHttp';
import { mountLiveRoutes } from './consoleLiveRoutes';
import type { TypingRelay } from './typingRelay';
import type { HandoffAgent } from './types';

const AGENT_CONSOLE_PATH = '/agent';

export interface AgentConsoleDeps {
  desk: HandoffDesk;
  /** How agents sign in (OpenID Connect or the shared key); undefined when neither is configured: the console is off. */
  identity: AgentIdentity | undefined;
  /** News of changed requests, pushed to the consoles. */
  events: ConsoleEvents;
  /** Typing relayed both ways during a hand-off (without it: no typing route, no typing events). */
  typing?: TypingRelay;
  /** Answers at hand (the bot's solutions and FAQs), in each language. */
  answers: Pick<LocalizedAnswerSearch, 'search'>;
  /** PUBLIC_URL, for the Secure flag of cookies. */
  publicUrl?: string;
  view: ConsoleView;
  log: Log;
  maxBodyBytes: number;
  /** Directory holding index.html, agent.js, agent.css (default: public/agent of this repository). */
  consoleDir?: string;
  /** Sign-in attempts per client (default burst 10, one more every 5 s). */
  signInRateLimit?: RateLimit;
  now?: () => number;
}

const FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'agent.js': 'application/javascript; charset=utf-8',
  'agent.css': 'text/css; charset=utf-8',
};

/** Agents' presence is written at most this often per agent and instance. */
const HEARTBEAT_EVERY_MS = 5000;
/** An open event stream renews its agent's presence (and sends a keep-alive comment) this often. */
const STREAM_BEAT_MS = 10_000;

type DeskAction = (id: string, agent: HandoffAgent, input: Record<string, unknown>) => ReturnType<HandoffDesk['accept']>;

/** Mounts the console; the returned function ends its open event streams (call it before the server closes). */
export function mountAgentConsole(server: Server, deps: AgentConsoleDeps): () => Promise<void> {
  const base = AGENT_CONSOLE_PATH;
  const routes = new AgentConsoleRoutes(deps);
  const body = jsonBody(deps.maxBodyBytes);
  const { desk } = deps;

  server.get(base, async (_req: Request, res: Response) => routes.serveFile(res, 'index.html'));
  server.get(`${base}/`, async (_req: Request, res: Response) => routes.serveFile(res, 'index.html'));
  server.get(`${base}/:file`, async (req: Request, res: Response) => routes.serveFile(res, String(req.params.file)));
  server.get(`${base}/api/session`, async (req: Request, res: Response) => routes.session(req, res));
  server.post(`${base}/api/sign-in`, body, async (req: Request, res: Response) => routes.signIn(req, res));
  server.post(`${base}/api/sign-out`, body, routes.api((req, res, agent) => routes.signOut(req, res, agent)));
  server.get(`${base}/api/events`, async (req: Request, res: Response) => routes.events(req, res));
  server.get(`${base}/api/answers`, routes.api((req, res) => routes.searchAnswers(req, res)));
  server.get(`${base}/api/queue`, routes.api((_req, res, agent) => routes.queue(res, agent)));
  server.get(`${base}/api/requests/:id`, routes.api((req, res, agent) => routes.request(req, res, agent)));
  server.post(`${base}/api/requests/:id/accept`, body, routes.action((id, agent) => desk.accept(id, agent)));
  server.post(`${base}/api/requests/:id/end`, body, routes.action((id, agent) => desk.end(id, agent)));
  server.post(
    `${base}/api/requests/:id/messages`,
    body,
    routes.action((id, agent, input) => {
      deps.typing?.forget(id);
      return desk.sendFromAgent(id, agent, typeof input.text === 'string' ? input.text : '');
    }),
  );
  mountLiveRoutes(server, { base, body, desk, typing: deps.typing, api: (handler) => routes.api(handler) });
  // Anything else under /agent/api is not a console route (and must not fall through to the public/ files).
  server.get(`${base}/api/*`, async (_req: Request, res: Response) => sendNotFound(res));
  return () => routes.closeStreams();
}

/** The console's route handlers, one method per route, and what they share (sign-in checks, presence, streams). */
class AgentConsoleRoutes {
  private readonly auth: AgentAuth | undefined;
  private readonly now: () => number;
  private readonly dir: string;
  private readonly limiter: SharedRateLimiter;
  private readonly lastHeartbeat = new Map<string, number>();
  /** One event stream per open console; each ends when its console goes away or the server closes. */
  private readonly streams = new Set<Response>();

  constructor(private readonly deps: AgentConsoleDeps) {
    this.auth = deps.identity?.mode === 'shared-key' ? (deps.identity as SharedKeyIdentity).auth : undefined;
    this.now = deps.now ?? Date.now;
    this.dir = deps.consoleDir ?? path.join(defaultPublicDir(), 'agent');
    this.limiter = new SharedRateLimiter({ name: 'agent-sign-in', limit: deps.signInRateLimit ?? { burst: 10, perSecond: 0.2 } });
  }

  /** GET /agent, /agent/, /agent/:file: the page's files (404 when the console is off). */
  async serveFile(res: Response, file: string): Promise<void> {
    const type = FILES[file];
    if (!this.deps.identity || !type) return sendNotFound(res);
    const contentSecurityPolicy = file.endsWith('.html') ? STAFF_PAGE_POLICY : undefined;
    await sendStaticFile(res, { path: path.join(this.dir, file), type, contentSecurityPolicy }, 'The agent console is not available');
  }

  /** GET /agent/api/session: how to sign in, and who is signed in (401 when nobody). */
  async session(req: Request, res: Response): Promise<void> {
    const { identity } = this.deps;
    if (!identity) return sendNotFound(res);
    const agent = await identity.agentOf(req).catch(() => undefined);
    sendJson(res, agent ? 200 : 401, {
      mode: identity.mode,
      ...(agent ? { agent: { id: agent.id, name: agent.name } } : {}),
      ...(identity.mode === 'oidc' ? { signInUrl: '/auth/sign-in?to=%2Fagent', signOutUrl: '/auth/sign-out' } : {}),
    } satisfies AgentSessionView);
  }

  /** POST /agent/api/sign-in (shared-key mode): {key, name} → a session token and cookie. */
  async signIn(req: Request, res: Response): Promise<void> {
    const { identity, desk, log } = this.deps;
    const auth = this.auth;
    if (!identity) return sendNotFound(res);
    if (!auth) return sendError(res, 400, 'UseYourAccount', 'Agents sign in with their work account here, not with a key');
    const check = await this.limiter.take(clientKey(req));
    if (!check.allowed) return sendTooManyRequests(res, check.retryAfterSeconds, 'Too many sign-in attempts; please wait a minute');
    const input = isPlainObject(req.body) ? req.body : {};
    if (!auth.checkKey(input.key)) {
      log.warn({ client: clientKey(req) }, 'agent console: sign-in with a wrong key');
      return sendError(res, 401, 'Unauthorized', 'That agent key is not right');
    }
    const name = cleanAgentName(input.name);
    if (!name) return sendError(res, 400, 'BadArgument', 'Enter your name (letters, digits, spaces; up to 40 characters)');
    const session = auth.issue(name);
    try {
      await desk.heartbeat(session.agent);
      this.lastHeartbeat.set(session.agent.id, this.now());
    } catch (error) {
      log.error({ err: errorFields(error) }, 'agent console: could not record the sign-in');
      return sendError(res, 500, 'InternalError', 'Something went wrong; please try again');
    }
    log.info({ agentId: session.agent.id }, 'agent console: signed in');
    setCookie(res, AGENT_KEY_COOKIE, session.token, { maxAgeSeconds: (session.expiresAt - this.now()) / 1000, secure: isHttps(req, this.deps.publicUrl) });
    sendJson(res, 200, { token: session.token, agent: { id: session.agent.id, name: session.agent.name }, expiresAt: new Date(session.expiresAt).toISOString() } satisfies AgentSignInView);
  }

  /** POST /agent/api/sign-out. */
  async signOut(req: Request, res: Response, agent: HandoffAgent): Promise<void> {
    await this.deps.desk.signOut(agent);
    this.lastHeartbeat.delete(agent.id);
    if (this.auth) setCookie(res, AGENT_KEY_COOKIE, '', { maxAgeSeconds: 0, secure: isHttps(req, this.deps.publicUrl) });
    sendJson(res, 200, {});
  }

  /** GET /agent/api/events: the console's event stream (`queue` news); keeps the agent counted as signed in while open. */
  async events(req: Request, res: Response): Promise<void> {
    const me = await this.agentOf(req, res);
    if (!me) return;
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ agent: { id: me.id, name: me.name } })}\n\n`);
    this.streams.add(res);
    const beat = (): Promise<void> => this.streamHeartbeat(me);
    await beat();
    const stopQueue = this.deps.events.listen((event) => res.write(`event: queue\ndata: ${JSON.stringify(event)}\n\n`));
    // The person typing, only to the console of the agent connected to them.
    const stopTyping = this.deps.events.listenTyping((event) => {
      if (event.agentId === me.id) res.write(`event: typing\ndata: ${JSON.stringify({ requestId: event.requestId })}\n\n`);
    });
    const stop = (): void => {
      stopQueue();
      stopTyping();
    };
    const timer = setInterval(() => {
      res.write(': keep-alive\n\n');
      void beat();
    }, STREAM_BEAT_MS);
    timer.unref();
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearInterval(timer);
        stop();
        this.streams.delete(res);
        resolve();
      };
      req.once('close', done);
      res.once('close', done);
    });
  }

  /** GET /agent/api/answers?q=&language=es: answers at hand, in the person's language (the request's `language`; default en). */
  async searchAnswers(req: Request, res: Response): Promise<void> {
    const params = new URL(req.url ?? '/', 'http://local').searchParams;
    const q = params.get('q') ?? '';
    const language = params.get('language') ?? 'en';
    if (!isLanguage(language)) return sendError(res, 400, 'BadRequest', 'language must be a language the bot speaks (en, es, fr, de)');
    sendJson(res, 200, { answers: this.deps.answers.search(q, 6, language) });
  }

  /** GET /agent/api/queue: waiting and active requests (also tells the desk this agent is signed in). */
  async queue(res: Response, agent: HandoffAgent): Promise<void> {
    const { desk, view } = this.deps;
    await this.heartbeat(agent);
    const at = this.now();
    const [requests, agents] = await Promise.all([desk.openRequests(), desk.agentsOnline()]);
    const summaries = requests.map((r) => view.summary(r, agent.id, at));
    sendJson(res, 200, {
      now: new Date(at).toISOString(),
      me: { id: agent.id, name: agent.name },
      agentsOnline: agents.map((a) => a.name),
      waiting: summaries.filter((s) => s.state === 'waiting'),
      active: summaries.filter((s) => s.state === 'active'),
    } satisfies QueueView);
  }

  /** GET /agent/api/requests/:id: one request with its masked transcript. */
  async request(req: Request, res: Response, agent: HandoffAgent): Promise<void> {
    const id = requestId(req, res);
    if (!id) return;
    const request = await this.deps.desk.get(id);
    if (!request) return sendError(res, 404, 'NotFound', 'No such request');
    sendJson(res, 200, this.deps.view.detail(request, agent.id, this.now()));
  }

  /** POST /agent/api/requests/:id/(accept|end|messages): runs the desk's action and answers the request or why not. */
  action(run: DeskAction): (req: Request, res: Response) => Promise<void> {
    return this.api(async (req, res, agent) => {
      const id = requestId(req, res);
      if (!id) return;
      const result = await run(id, agent, isPlainObject(req.body) ? req.body : {});
      if (result.ok) return sendJson(res, 200, this.deps.view.detail(result.request, agent.id, this.now()));
      sendFailure(res, result.reason);
    });
  }

  /** Runs an API handler for a signed-in agent; storage failures become 500 JSON. */
  api(handler: ApiHandler): (req: Request, res: Response) => Promise<void> {
    return async (req, res) => {
      const agent = await this.agentOf(req, res);
      if (!agent) return;
      try {
        await handler(req, res, agent);
      } catch (error) {
        this.deps.log.error({ err: errorFields(error), path: req.getPath() }, 'agent console request failed');
        sendError(res, 500, 'InternalError', 'Something went wrong; please try again');
      }
    };
  }

  /** Ends the open event streams (before the server closes). */
  async closeStreams(): Promise<void> {
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  /** The signed-in agent, or undefined after answering 404 (console off), 401, or 500 (the session could not be read). */
  private async agentOf(req: Request, res: Response): Promise<HandoffAgent | undefined> {
    const { identity, log } = this.deps;
    if (!identity) {
      sendNotFound(res);
      return undefined;
    }
    try {
      const agent = await identity.agentOf(req);
      if (!agent) sendError(res, 401, 'Unauthorized', identity.mode === 'oidc' ? 'Sign in with an agent account' : 'Sign in with the agent key');
      return agent;
    } catch (error) {
      log.error({ err: errorFields(error) }, 'agent console: the session could not be read');
      sendError(res, 500, 'InternalError', 'Something went wrong; please try again');
      return undefined;
    }
  }

  /** Tells the desk the agent is signed in, at most every HEARTBEAT_EVERY_MS per agent. */
  private async heartbeat(agent: HandoffAgent): Promise<void> {
    const at = this.now();
    if (at - (this.lastHeartbeat.get(agent.id) ?? 0) < HEARTBEAT_EVERY_MS) return;
    this.lastHeartbeat.set(agent.id, at);
    if (this.lastHeartbeat.size > 1000) this.lastHeartbeat.delete(this.lastHeartbeat.keys().next().value!);
    await this.deps.desk.heartbeat(agent);
  }

  /** An open event stream's presence beat: a failure is logged, the stream stays open. */
  private async streamHeartbeat(agent: HandoffAgent): Promise<void> {
    try {
      await this.deps.desk.heartbeat(agent);
      this.lastHeartbeat.set(agent.id, this.now());
    } catch (error) {
      this.deps.log.warn({ err: errorFields(error) }, 'agent console: presence could not be recorded');
    }
  }
}


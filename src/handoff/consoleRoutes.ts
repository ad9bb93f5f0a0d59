/**
 * The agent console: a page at /agent (public/agent/) and its JSON API under /agent/api, polled by the page.
 *   POST /agent/api/sign-in               {key, name} → {token, agent}; wrong key → 401
 *   POST /agent/api/sign-out
 *   GET  /agent/api/queue                 waiting and active requests (also tells the desk this agent is signed in)
 *   GET  /agent/api/requests/:id          one request with its masked transcript and live messages
 *   POST /agent/api/requests/:id/accept   409 when another agent was first
 *   POST /agent/api/requests/:id/messages {text}
 *   POST /agent/api/requests/:id/end
 * Every API call but sign-in needs `Authorization: Bearer <token>`. Without an agent key configured the console is
 * off: every /agent route answers 404 (including the page's files, which the public/ route would otherwise serve).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { defaultPublicDir } from '../channels/webchat/assets';
import { isPlainObject, jsonBody, sendError, sendJson } from '../server/http';
import { errorFields, type Log } from '../server/log';
import { clientKey, RateLimiter, type RateLimit } from '../server/rateLimiter';
import { bearerToken } from '../channels/directline/tokens';
import { AgentAuth, cleanAgentName } from './agentAuth';
import { ConsoleView } from './consoleView';
import type { DeskFailure, HandoffDesk } from './handoffDesk';
import type { HandoffAgent } from './types';

export const AGENT_CONSOLE_PATH = '/agent';

export interface AgentConsoleDeps {
  desk: HandoffDesk;
  /** Undefined when no agent key is configured: the console is off. */
  auth: AgentAuth | undefined;
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

const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const REQUEST_ID = /^[0-9a-f-]{36}$/;
/** Agents' presence is written at most this often per agent and instance (their console polls every second or two). */
const HEARTBEAT_EVERY_MS = 5000;

const FAILURE_STATUS: Readonly<Record<DeskFailure, [number, string, string]>> = {
  not_found: [404, 'NotFound', 'No such request'],
  taken: [409, 'Taken', 'Another agent has already accepted this conversation'],
  not_yours: [403, 'NotYours', 'This conversation is not connected to you'],
  closed: [409, 'Closed', 'This conversation is no longer waiting or active'],
  undelivered: [502, 'Undelivered', 'The message could not be delivered to the person'],
  invalid: [400, 'BadArgument', 'The message must be 1 to 2000 characters'],
};

export function mountAgentConsole(server: Server, deps: AgentConsoleDeps): void {
  const base = AGENT_CONSOLE_PATH;
  const { desk, auth, view, log } = deps;
  const now = deps.now ?? Date.now;
  const dir = deps.consoleDir ?? path.join(defaultPublicDir(), 'agent');
  const body = jsonBody(deps.maxBodyBytes);
  const limiter = new RateLimiter(deps.signInRateLimit ?? { burst: 10, perSecond: 0.2 }, now);
  const lastHeartbeat = new Map<string, number>();

  const off = (res: Response): void => sendError(res, 404, 'NotFound', 'Not found');

  const serveFile = async (res: Response, file: string): Promise<void> => {
    const type = FILES[file];
    if (!auth || !type) return off(res);
    try {
      const content = await readFile(path.join(dir, file));
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': String(content.length),
        'Cache-Control': 'no-cache',
        ...(file.endsWith('.html') ? { 'Content-Security-Policy': CONSOLE_CSP } : {}),
      });
      res.end(content);
    } catch {
      sendError(res, 500, 'AssetMissing', 'The agent console is not available');
    }
  };

  server.get(base, async (_req: Request, res: Response) => serveFile(res, 'index.html'));
  server.get(`${base}/`, async (_req: Request, res: Response) => serveFile(res, 'index.html'));
  server.get(`${base}/:file`, async (req: Request, res: Response) => serveFile(res, String(req.params.file)));

  /** The signed-in agent, or undefined after answering 404 (console off) or 401. */
  const signedIn = (req: Request, res: Response): HandoffAgent | undefined => {
    if (!auth) {
      off(res);
      return undefined;
    }
    const agent = auth.verify(bearerToken(req.headers.authorization));
    if (!agent) sendError(res, 401, 'Unauthorized', 'Sign in with the agent key');
    return agent;
  };

  /** Runs an API handler; storage failures become 500 JSON. */
  const api =
    (handler: (req: Request, res: Response, agent: HandoffAgent) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      const agent = signedIn(req, res);
      if (!agent) return;
      try {
        await handler(req, res, agent);
      } catch (error) {
        log.error({ err: errorFields(error), path: req.getPath() }, 'agent console request failed');
        sendError(res, 500, 'InternalError', 'Something went wrong; please try again');
      }
    };

  const requestId = (req: Request, res: Response): string | undefined => {
    const id = String(req.params.id ?? '');
    if (REQUEST_ID.test(id)) return id;
    sendError(res, 404, 'NotFound', 'No such request');
    return undefined;
  };

  const heartbeat = async (agent: HandoffAgent): Promise<void> => {
    const at = now();
    if (at - (lastHeartbeat.get(agent.id) ?? 0) < HEARTBEAT_EVERY_MS) return;
    lastHeartbeat.set(agent.id, at);
    if (lastHeartbeat.size > 1000) lastHeartbeat.delete(lastHeartbeat.keys().next().value!);
    await desk.heartbeat(agent);
  };

  server.post(`${base}/api/sign-in`, body, async (req: Request, res: Response) => {
    if (!auth) return off(res);
    if (!limiter.take(clientKey(req))) return sendError(res, 429, 'TooManyRequests', 'Too many sign-in attempts; please wait a minute');
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
      lastHeartbeat.set(session.agent.id, now());
    } catch (error) {
      log.error({ err: errorFields(error) }, 'agent console: could not record the sign-in');
      return sendError(res, 500, 'InternalError', 'Something went wrong; please try again');
    }
    log.info({ agentId: session.agent.id }, 'agent console: signed in');
    sendJson(res, 200, { token: session.token, agent: { id: session.agent.id, name: session.agent.name }, expiresAt: new Date(session.expiresAt).toISOString() });
  });

  server.post(
    `${base}/api/sign-out`,
    body,
    api(async (_req, res, agent) => {
      await desk.signOut(agent);
      lastHeartbeat.delete(agent.id);
      sendJson(res, 200, {});
    }),
  );

  server.get(
    `${base}/api/queue`,
    api(async (_req, res, agent) => {
      await heartbeat(agent);
      const at = now();
      const [requests, agents] = await Promise.all([desk.openRequests(), desk.agentsOnline()]);
      const summaries = requests.map((r) => view.summary(r, agent.id, at));
      sendJson(res, 200, {
        now: new Date(at).toISOString(),
        me: { id: agent.id, name: agent.name },
        agentsOnline: agents.map((a) => a.name),
        waiting: summaries.filter((s) => s.state === 'waiting'),
        active: summaries.filter((s) => s.state === 'active'),
      });
    }),
  );

  server.get(
    `${base}/api/requests/:id`,
    api(async (req, res, agent) => {
      const id = requestId(req, res);
      if (!id) return;
      const request = await desk.get(id);
      if (!request) return sendError(res, 404, 'NotFound', 'No such request');
      sendJson(res, 200, view.detail(request, agent.id, now()));
    }),
  );

  const action = (run: (id: string, agent: HandoffAgent, input: Record<string, unknown>) => ReturnType<HandoffDesk['accept']>) =>
    api(async (req, res, agent) => {
      const id = requestId(req, res);
      if (!id) return;
      const result = await run(id, agent, isPlainObject(req.body) ? req.body : {});
      if (result.ok) return sendJson(res, 200, view.detail(result.request, agent.id, now()));
      const [status, code, message] = FAILURE_STATUS[result.reason];
      sendError(res, status, code, message);
    });

  server.post(`${base}/api/requests/:id/accept`, body, action((id, agent) => desk.accept(id, agent)));
  server.post(`${base}/api/requests/:id/end`, body, action((id, agent) => desk.end(id, agent)));
  server.post(
    `${base}/api/requests/:id/messages`,
    body,
    action((id, agent, input) => desk.sendFromAgent(id, agent, typeof input.text === 'string' ? input.text : '')),
  );

  // Anything else under /agent/api is not a console route (and must not fall through to the public/ files).
  server.get(`${base}/api/*`, async (_req: Request, res: Response) => off(res));
}

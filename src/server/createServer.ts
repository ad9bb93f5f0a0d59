/**
 * The HTTP server (restify 12):
 *   POST /api/messages          Bot Framework activities → adapter.process (see messagesRoute.ts: limits, 400/401/429)
 *   GET  /healthz               {status:"ok"}: the process is alive
 *   GET  /readyz                200 when every readiness probe passes (model, store, Redis), else 503 naming it
 *   GET  /, /webchat.js, /...   the support page, the Web Chat bundle, public/ files
 *   POST /api/directline/token  a Direct Line token for the page (Azure with a secret, else the local emulator)
 *   /v3/directline/...          local Direct Line 3.0 emulator + WebSocket streams (when enabled)
 *   /directline-connector/...   Bot Connector endpoints the adapter calls for emulator conversations
 *   GET  /embed.js, /embed      the launcher script for other sites and the chat panel it frames (ALLOWED_ORIGINS)
 * Dependencies come in (adapter, bot, options, log); nothing is read from the environment here.
 */
import type { AddressInfo } from 'node:net';
import restify, { Request, Response, Server } from 'restify';
import type { TurnContext } from 'botbuilder';
import { CONNECTOR_PATH, DirectLineEmulator } from '../channels/directline/emulator';
import { DirectLineStreams } from '../channels/directline/streams';
import type { DirectLineStore } from '../storage/directLineConversationStore';
import type { PubSub } from '../storage/pubsub';
import { mountAssetRoutes } from '../channels/webchat/assets';
import { mountEmbedRoutes } from '../channels/webchat/embed';
import { originGate } from '../http/origins';
import { DEFAULT_DIRECT_LINE_ENDPOINT, mountTokenRoute } from '../channels/webchat/tokenRoute';
import { sendJson } from '../http/http';
import { directLineConnectOrigins, supportPagePolicy } from '../http/contentSecurityPolicy';
import type { MessageLimits, SharedLimitStore } from '../http/limits';
import { errorFields, Log } from '../logging/log';
import { mountMessagesRoute } from './messagesRoute';
import { mountReadinessRoute } from './readinessRoute';
import type { Readiness } from '../health/readiness';
import { logFor, requestLogging } from '../logging/requestLog';
import type { RateLimit } from '../http/rateLimiter';
import type { SupportCloudAdapter } from '../channels/supportCloudAdapter';
import type { TurnMetrics } from '../metrics/botMetrics';
import type { TurnGate } from './turnGate';

interface DirectLineOptions {
  /** Mount the local Direct Line emulator (/v3/directline). The lead enables it when no secret is configured. */
  enabled: boolean;
  /** Lifetime of emulator tokens, seconds. Web Chat refreshes every 15 min, so keep it above 900 (default 1800). */
  tokenTtlSeconds: number;
  /** Azure Bot Service Direct Line secret; when set, /api/directline/token exchanges it for a token upstream. */
  secret?: string;
  /** Direct Line service origin (default https://directline.botframework.com). */
  endpoint?: string;
  /**
   * Key for signing emulator tokens. When absent, the key kept in the Direct Line store is used (generated once; shared
   * by the instances with Redis, kept across restarts with SQLite, new per process only with the memory store).
   */
  tokenSigningKey?: string;
  maxConversations?: number;
  conversationIdleSeconds?: number;
  maxActivitiesPerConversation?: number;
  /** Limit per client for /api/directline/token and for new emulator tokens/conversations (default burst 20, 1 per second). */
  tokenRateLimit?: RateLimit;
}

export interface ServerOptions {
  port: number;
  host: string;
  /** Largest accepted request body (bytes); larger → 413. */
  maxBodyBytes: number;
  directLine: DirectLineOptions;
  /** Display name of the bot in emulator conversations. */
  botName?: string;
  /** Directory of the support page (default: the repository's public/). */
  publicDir?: string;
  /** Rate limits of /api/messages (default DEFAULT_MESSAGE_LIMITS in limits.ts; 0 turns one off). */
  messageLimits?: MessageLimits;
  /** Other sites that may embed the chat (/embed.js) and call its endpoints (ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
}

export interface ServerDeps {
  adapter: SupportCloudAdapter;
  bot: { run(context: TurnContext): Promise<void> };
  options: ServerOptions;
  log: Log;
  /** Clock for tokens and expiry (tests); default Date.now. */
  now?: () => number;
  /** More routes (agent console, admin dashboard…), mounted after the built-in ones. */
  routes?: ReadonlyArray<(server: Server) => void>;
  /** Called on close() before the HTTP server stops (e.g. to close an agent console's streams). */
  onClose?: ReadonlyArray<() => Promise<void>>;
  /** Where the built-in Direct Line keeps conversations (the bot's store kind) and how it reaches other instances. */
  directLineStore?: DirectLineStore;
  pubsub?: PubSub;
  /** Redis to share rate limits between instances (memory when absent). */
  rateLimitStore?: SharedLimitStore;
  /** Per-turn metrics of POST /api/messages (see metrics/botMetrics.ts). */
  metrics?: TurnMetrics;
  /** Fair admission of /api/messages turns (see turnGate.ts); a default one when absent. */
  turnGate?: TurnGate;
  /** The probes behind GET /readyz (see health/readiness.ts); without it /readyz answers 200 with no checks. */
  readiness?: Pick<Readiness, 'check'>;
}

export interface SupportServer {
  readonly restify: Server;
  /** The local Direct Line emulator, when enabled. */
  readonly directLine: DirectLineEmulator | undefined;
  /** Web Chat pages connected to this instance's built-in Direct Line by WebSocket (0 when it is off). */
  directLineConnections(): number;
  /** Starts listening on options.host:options.port; resolves with the base URL reachable from this machine. */
  listen(): Promise<{ url: string; port: number }>;
  /** Stops accepting work, lets bot turns finish, closes streams and the server. */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 5000;

export function createServer(deps: ServerDeps): SupportServer {
  const { adapter, bot, options, log } = deps;
  const server = restify.createServer({ name: 'icloud-backup-help', handleUncaughtExceptions: false });
  let localUrl: string | undefined;
  const localOrigin = (): string => localUrl ?? `http://127.0.0.1:${options.port}`;

  server.pre(requestLogging(log));
  server.pre(originGate(options.allowedOrigins ?? []));
  server.pre(securityHeaders);
  answerRestifyErrorsAsJson(server, log);

  server.get('/healthz', async (_req: Request, res: Response) => sendJson(res, 200, { status: 'ok' }));
  mountReadinessRoute(server, deps.readiness, log);
  mountMessagesRoute(server, { adapter, bot, log, maxBodyBytes: options.maxBodyBytes, limits: options.messageLimits, sharedLimits: deps.rateLimitStore, now: deps.now, metrics: deps.metrics, turnGate: deps.turnGate });

  const dl = options.directLine;
  const { emulator, streams } = mountDirectLine(server, deps);
  mountTokenRoute(server, {
    secret: dl.secret,
    endpoint: dl.endpoint,
    emulator,
    localOrigin,
    rateLimit: dl.tokenRateLimit ?? { burst: 20, perSecond: 1 },
    rateLimitStore: deps.rateLimitStore,
    log,
    now: deps.now,
  });

  for (const mount of deps.routes ?? []) mount(server);
  const pagePolicy = contentSecurityPolicy(dl);
  mountEmbedRoutes(server, { publicDir: options.publicDir, allowedOrigins: options.allowedOrigins ?? [], contentSecurityPolicy: pagePolicy });
  mountAssetRoutes(server, { publicDir: options.publicDir, contentSecurityPolicy: pagePolicy });

  return {
    restify: server,
    directLine: emulator,
    directLineConnections: () => streams?.openStreams ?? 0,
    async listen() {
      await emulator?.start();
      const address = await listenOn(server, options);
      localUrl = `http://${loopbackHost(address)}:${address.port}`;
      emulator?.setServiceUrl(`${localUrl}${CONNECTOR_PATH}`);
      log.info({ url: localUrl, directLineEmulator: Boolean(emulator), directLineSecret: Boolean(dl.secret) }, 'Server listening');
      return { url: localUrl, port: address.port };
    },
    async close() {
      // Turns in flight still need the connector routes, so drain them before the server stops accepting.
      await emulator?.close();
      await streams?.close();
      for (const closing of deps.onClose ?? []) await closing();
      await closeGracefully(server);
    },
  };
}

/** Headers every answer carries: no MIME sniffing, no referrer, never framed (the embed page overrides with its CSP). */
function securityHeaders(_req: Request, res: Response, next: restify.Next): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}

/** Errors raised by restify itself (404, 405, handler rejections) in the same JSON shape as ours. */
function answerRestifyErrorsAsJson(server: Server, log: Log): void {
  server.on('restifyError', (req: Request, _res: Response, err: Error & { statusCode?: number; body?: { code?: string } }, callback: () => void) => {
    const status = err.statusCode ?? 500;
    const code = err.body?.code ?? err.name;
    const message = status >= 500 ? 'Internal server error' : err.message;
    if (status >= 500) logFor(req, log).error({ err: errorFields(err), path: req.getPath() }, 'Request failed');
    Object.assign(err, { toJSON: () => ({ error: { code, message } }) });
    callback();
  });
}

/** The local Direct Line emulator and its WebSocket streams, when enabled (no Direct Line secret). */
function mountDirectLine(server: Server, deps: ServerDeps): { emulator?: DirectLineEmulator; streams?: DirectLineStreams } {
  const { options, log } = deps;
  const dl = options.directLine;
  if (!dl.enabled) return {};
  const emulator = new DirectLineEmulator({
    adapter: deps.adapter,
    bot: deps.bot,
    log,
    now: deps.now,
    store: deps.directLineStore,
    pubsub: deps.pubsub,
    rateLimitStore: deps.rateLimitStore,
    options: {
      tokenTtlSeconds: dl.tokenTtlSeconds,
      maxBodyBytes: options.maxBodyBytes,
      tokenSigningKey: dl.tokenSigningKey,
      maxConversations: dl.maxConversations,
      conversationIdleSeconds: dl.conversationIdleSeconds,
      maxActivitiesPerConversation: dl.maxActivitiesPerConversation,
      botName: options.botName,
      rateLimit: dl.tokenRateLimit,
    },
  });
  const streams = new DirectLineStreams({ hub: emulator.hub, tokens: emulator.tokens, log });
  emulator.mount(server);
  streams.attach(server.server);
  return { emulator, streams };
}

/** Starts listening on options.host:options.port; resolves with the bound address. */
async function listenOn(server: Server, options: ServerOptions): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}

/** Stops accepting connections; open ones get SHUTDOWN_GRACE_MS to finish before they are cut. */
async function closeGracefully(server: Server): Promise<void> {
  const http = server.server;
  if (!http.listening) return;
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => http.closeAllConnections(), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    http.closeIdleConnections();
  });
}

/** Why a body posted to /api/messages is not an activity we can process (moved to activityShape.ts). */

/** How this process reaches itself: wildcard addresses become loopback, IPv6 gets brackets. */
function loopbackHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0' || address.address === '') return '127.0.0.1';
  if (address.address === '::') return '127.0.0.1';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

/** CSP for the support page: everything from this origin, plus the Azure Direct Line service when a secret is set. */
function contentSecurityPolicy(dl: DirectLineOptions): string {
  return supportPagePolicy(dl.secret ? directLineConnectOrigins(dl.endpoint ?? DEFAULT_DIRECT_LINE_ENDPOINT) : []);
}

/**
 * Local Direct Line 3.0 service under /v3/directline, so Web Chat (`WebChat.createDirectLine({ domain, token })`)
 * works without Azure. User activities are echoed into the conversation log (Web Chat needs the echo, with its
 * channelData.clientActivityID, to mark a message as sent) and handed to the bot through the same adapter as
 * /api/messages; the bot replies through the Bot Connector REST API to our own connector routes
 * (see connectorRoutes.ts), which append to the log and push to WebSocket streams (see streams.ts).
 */
import type { Activity, ChannelAccount } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { SupportCloudAdapter } from '../../server/supportCloudAdapter';
import { isPlainObject, jsonBody, queryOf, requestOrigin, sendError, sendJson } from '../../server/http';
import { errorFields, Log } from '../../server/log';
import { clientKey, RateLimit, RateLimiter } from '../../server/rateLimiter';
import { BotBridge, TooManyPendingTurnsError, TurnRunner } from './botBridge';
import { mountConnectorRoutes } from './connectorRoutes';
import { ConversationStore } from './conversationStore';
import { isAcceptableUserId, isConversationId, newConversationId, newUserId } from './ids';
import { bearerToken, DirectLineTokens, TokenClaims } from './tokens';
import { activityForBot, CHANNEL_ID, userActivityFrom } from './userActivity';

export const DIRECT_LINE_PATH = '/v3/directline';
export const CONNECTOR_PATH = '/directline-connector';
const STREAM_TOKEN_TTL_SECONDS = 120;
/** Largest activity a user may post (serialised); the bot reads at most a few thousand characters anyway. */
const MAX_USER_ACTIVITY_BYTES = 16 * 1024;

export interface DirectLineEmulatorOptions {
  /** Lifetime of conversation tokens. Web Chat refreshes every 15 minutes, so keep this above 900. */
  tokenTtlSeconds: number;
  maxBodyBytes: number;
  /** Key for signing tokens; random per process when absent (tokens then die with the process). */
  tokenSigningKey?: string;
  maxActivitiesPerConversation?: number;
  /** Approximate bytes of activities kept per conversation (default 256 KB). */
  maxBytesPerConversation?: number;
  conversationIdleSeconds?: number;
  maxConversations?: number;
  /** Activities waiting for the bot in one conversation before new ones get 429. */
  maxPendingTurnsPerConversation?: number;
  botName?: string;
  /** Limit per client for creating tokens and conversations (default burst 20, 1 per second). */
  rateLimit?: RateLimit;
}

export interface DirectLineEmulatorDeps {
  adapter: SupportCloudAdapter;
  bot: TurnRunner;
  log: Log;
  options: DirectLineEmulatorOptions;
  now?: () => number;
}

export interface IssuedToken {
  conversationId: string;
  token: string;
  expires_in: number;
  userId: string;
}

export class DirectLineEmulator {
  readonly store: ConversationStore;
  readonly tokens: DirectLineTokens;
  readonly botAccount: ChannelAccount;
  private readonly bridge: BotBridge;
  private readonly limiter: RateLimiter;
  private readonly now: () => number;
  private readonly log: Log;
  private readonly ttlSeconds: number;
  private serviceUrl: string | undefined;
  private unregisterConnector: (() => void) | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(private readonly deps: DirectLineEmulatorDeps) {
    const o = deps.options;
    this.now = deps.now ?? Date.now;
    this.log = deps.log;
    this.ttlSeconds = o.tokenTtlSeconds;
    this.tokens = new DirectLineTokens(o.tokenSigningKey, this.now);
    const idleMs = (o.conversationIdleSeconds ?? 3600) * 1000;
    this.store = new ConversationStore({
      maxActivitiesPerConversation: o.maxActivitiesPerConversation ?? 200,
      maxBytesPerConversation: o.maxBytesPerConversation ?? 256 * 1024,
      idleMs,
      maxConversations: o.maxConversations ?? 2000,
      now: this.now,
    });
    this.botAccount = { id: deps.adapter.botAppId ?? 'icloud-backup-help-bot', name: o.botName ?? 'iCloud Backup Help', role: 'bot' };
    this.limiter = new RateLimiter(o.rateLimit ?? { burst: 20, perSecond: 1 }, this.now);
    this.bridge = new BotBridge(deps.adapter, deps.bot, deps.log, o.maxPendingTurnsPerConversation ?? 10);
    this.sweepTimer = setInterval(() => this.store.sweep(), Math.min(idleMs, 60_000));
    this.sweepTimer.unref();
  }

  /** Adds the /v3/directline and connector routes. */
  mount(server: Server): void {
    const body = jsonBody(this.deps.options.maxBodyBytes);
    const p = DIRECT_LINE_PATH;
    server.post(`${p}/tokens/generate`, body, async (req: Request, res: Response) => this.generateToken(req, res));
    server.post(`${p}/tokens/refresh`, body, async (req: Request, res: Response) => this.refreshToken(req, res));
    server.post(`${p}/conversations`, body, async (req: Request, res: Response) => this.startConversation(req, res));
    server.get(`${p}/conversations/:conversationId`, async (req: Request, res: Response) => this.reconnect(req, res));
    server.get(`${p}/conversations/:conversationId/activities`, async (req: Request, res: Response) => this.getActivities(req, res));
    server.post(`${p}/conversations/:conversationId/activities`, body, async (req: Request, res: Response) => this.postActivity(req, res));
    server.post(`${p}/conversations/:conversationId/upload`, async (_req: Request, res: Response) =>
      sendError(res, 400, 'BadArgument', 'File uploads are not supported'),
    );
    mountConnectorRoutes(server, {
      path: CONNECTOR_PATH,
      store: this.store,
      botAccount: this.botAccount,
      isAuthorized: (header) => this.deps.adapter.localConnectors.isAuthorized(header),
      maxBodyBytes: this.deps.options.maxBodyBytes,
      now: this.now,
    });
  }

  /** Called once the server listens: where the bot must send replies (e.g. http://127.0.0.1:3978/directline-connector). */
  setServiceUrl(serviceUrl: string): void {
    this.unregisterConnector?.();
    this.serviceUrl = serviceUrl;
    this.unregisterConnector = this.deps.adapter.localConnectors.register(serviceUrl);
  }

  /** A new conversation token, as POST /tokens/generate returns it (also used by /api/directline/token). */
  issueToken(userId: string = newUserId()): IssuedToken {
    const conversationId = newConversationId();
    const { token, expiresIn } = this.tokens.issue(conversationId, userId, 'conversation', this.ttlSeconds);
    return { conversationId, token, expires_in: expiresIn, userId };
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    await this.bridge.drain();
    this.store.clear();
    this.unregisterConnector?.();
    this.unregisterConnector = undefined;
  }

  // ---- routes -------------------------------------------------------------------------------------------------

  private generateToken(req: Request, res: Response): void {
    if (!this.allowed(req, res)) return;
    const requested = isPlainObject(req.body) && isPlainObject(req.body.user) ? req.body.user.id : undefined;
    if (requested !== undefined && !isAcceptableUserId(requested)) {
      return sendError(res, 400, 'BadArgument', 'user.id must look like dl_<letters, digits, _ or ->');
    }
    const issued = this.issueToken(requested);
    sendJson(res, 200, { conversationId: issued.conversationId, token: issued.token, expires_in: issued.expires_in });
  }

  private refreshToken(req: Request, res: Response): void {
    const claims = this.authenticate(req, res);
    if (!claims) return;
    const { token, expiresIn } = this.tokens.issue(claims.conversationId, claims.userId, 'conversation', this.ttlSeconds);
    sendJson(res, 200, { conversationId: claims.conversationId, token, expires_in: expiresIn });
  }

  private startConversation(req: Request, res: Response): void {
    const claims = this.authenticate(req, res);
    if (!claims) return;
    if (!this.store.get(claims.conversationId) && !this.allowed(req, res)) return;
    const locale = isPlainObject(req.body) && typeof req.body.locale === 'string' && req.body.locale.length <= 20 ? req.body.locale : undefined;
    const { created } = this.store.getOrCreate(claims.conversationId, claims.userId, locale);
    if (created) this.welcome(claims, locale);
    sendJson(res, created ? 201 : 200, this.conversationResponse(req, claims));
  }

  private reconnect(req: Request, res: Response): void {
    const claims = this.authenticate(req, res, req.params.conversationId);
    if (!claims) return;
    // A conversation that expired (or a server restart) comes back empty; the bot keeps its own state.
    this.store.getOrCreate(claims.conversationId, claims.userId);
    const watermark = queryOf(req).get('watermark') ?? undefined;
    sendJson(res, 200, this.conversationResponse(req, claims, watermark));
  }

  private getActivities(req: Request, res: Response): void {
    const claims = this.authenticate(req, res, req.params.conversationId);
    if (!claims) return;
    this.store.getOrCreate(claims.conversationId, claims.userId);
    const group = this.store.since(claims.conversationId, queryOf(req).get('watermark') ?? undefined);
    sendJson(res, 200, group);
  }

  private async postActivity(req: Request, res: Response): Promise<void> {
    const claims = this.authenticate(req, res, req.params.conversationId);
    if (!claims) return;
    const serviceUrl = this.serviceUrl;
    if (!serviceUrl || this.closing) return sendError(res, 503, 'ServiceUnavailable', 'The Direct Line service is not ready yet');
    const check = userActivityFrom(req.body, claims.conversationId, claims.userId, new Date(this.now()));
    if (!check.ok) return sendError(res, 400, 'BadArgument', check.message);
    if (JSON.stringify(check.activity).length > MAX_USER_ACTIVITY_BYTES) {
      return sendError(res, 413, 'PayloadTooLarge', 'The message is too long');
    }

    this.store.getOrCreate(claims.conversationId, claims.userId);
    const stored = this.store.append(claims.conversationId, check.activity);
    if (!stored) return sendError(res, 404, 'NotFound', 'Conversation not found');
    try {
      await this.bridge.send(activityForBot(stored, serviceUrl, this.botAccount));
      sendJson(res, 200, { id: stored.id });
    } catch (error) {
      if (error instanceof TooManyPendingTurnsError) {
        return sendError(res, 429, 'TooManyRequests', 'Please wait for the bot to answer before sending more');
      }
      this.log.error({ err: errorFields(error), conversationId: claims.conversationId }, 'Direct Line activity could not be delivered to the bot');
      sendError(res, 502, 'BotError', 'The bot could not process the activity');
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private allowed(req: Request, res: Response): boolean {
    if (this.limiter.take(clientKey(req))) return true;
    sendError(res, 429, 'TooManyRequests', 'Too many requests; please wait a moment and try again');
    return false;
  }

  /**
   * Checks the Bearer conversation token (and, when given, that it belongs to `conversationId`).
   * Sends 401 for a missing or invalid token, 403 for an expired one or another conversation's.
   */
  private authenticate(req: Request, res: Response, conversationId?: string): TokenClaims | undefined {
    const check = this.tokens.verify(bearerToken(req.headers.authorization), 'conversation');
    if (!check.ok) {
      if (check.reason === 'expired') sendError(res, 403, 'TokenExpired', 'The token has expired');
      else if (check.reason === 'missing') sendError(res, 401, 'Unauthorized', 'A Bearer token is required');
      else sendError(res, 401, 'TokenInvalid', 'The token is not valid');
      return undefined;
    }
    if (conversationId !== undefined && (!isConversationId(conversationId) || conversationId !== check.claims.conversationId)) {
      sendError(res, 403, 'Forbidden', 'The token is not valid for this conversation');
      return undefined;
    }
    return check.claims;
  }

  private conversationResponse(req: Request, claims: TokenClaims, watermark?: string): object {
    const origin = requestOrigin(req, this.serviceUrl ? new URL(this.serviceUrl).origin : 'http://127.0.0.1');
    const wsOrigin = origin.replace(/^http/, 'ws');
    const stream = this.tokens.issue(claims.conversationId, claims.userId, 'stream', STREAM_TOKEN_TTL_SECONDS);
    const query = new URLSearchParams({ t: stream.token });
    if (watermark !== undefined && /^\d+$/.test(watermark)) query.set('watermark', watermark);
    return {
      conversationId: claims.conversationId,
      // The same token: Web Chat keeps using it and refreshes it through /tokens/refresh.
      token: bearerToken(req.headers.authorization),
      expires_in: this.tokens.secondsLeft(claims),
      streamUrl: `${wsOrigin}${DIRECT_LINE_PATH}/conversations/${encodeURIComponent(claims.conversationId)}/stream?${query.toString()}`,
    };
  }

  /** Tells the bot the user joined, so its welcome is waiting when the page opens. */
  private welcome(claims: TokenClaims, locale: string | undefined): void {
    if (!this.serviceUrl) return;
    const user = { id: claims.userId, role: 'user' } as ChannelAccount;
    const update: Partial<Activity> = {
      type: 'conversationUpdate',
      id: `${claims.conversationId}|conversationUpdate`,
      channelId: CHANNEL_ID,
      conversation: { id: claims.conversationId } as Activity['conversation'],
      from: user,
      membersAdded: [user],
      timestamp: new Date(this.now()),
      ...(locale ? { locale } : {}),
    };
    this.bridge.sendInBackground(activityForBot({ ...update, type: 'conversationUpdate' }, this.serviceUrl, this.botAccount));
  }
}

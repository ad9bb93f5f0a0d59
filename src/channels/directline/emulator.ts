/**
 * Local Direct Line 3.0 service under /v3/directline, so Web Chat (`WebChat.createDirectLine({ domain, token })`)
 * works without Azure. User activities are echoed into the conversation log (Web Chat needs the echo, with its
 * channelData.clientActivityID, to mark a message as sent) and handed to the bot through the same adapter as
 * /api/messages; the bot replies through the Bot Connector REST API to our own connector routes
 * (see connectorRoutes.ts), which append to the log and push to WebSocket streams (see streams.ts).
 */
import type { Activity, Attachment, ChannelAccount } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { SupportCloudAdapter } from '../supportCloudAdapter';
import { jsonBody, queryOf, requestOrigin, sendError, sendJson } from '../../http/http';
import { isPlainObject } from '../../util/isPlainObject';
import { errorFields, Log } from '../../logging/log';
import { clientKey, RateLimit, SharedRateLimiter } from '../../http/rateLimiter';
import { sendTooManyRequests, type SharedLimitStore } from '../../http/limits';
import { BotBridge, TooManyPendingTurnsError, TurnRunner } from './botBridge';
import { mountConnectorRoutes } from './connectorRoutes';
import { ConversationHub } from './conversationHub';
import { clientActivityIdOf, DirectLineStore, MemoryDirectLineStore, type StoredActivity } from '../../storage/directLineConversationStore';
import { InProcessPubSub, PubSub } from '../../storage/pubsub';
import { isAcceptableUserId, isConversationId, newConversationId, newUserId } from './ids';
import { DirectLineTokens, TokenClaims } from './tokens';
import { bearerToken } from '../../http/bearerToken';
import { logFor } from '../../logging/requestLog';
import { maskedActivity } from '../../privacy/redact';
import { activityForBot, CHANNEL_ID, userActivityFrom } from './userActivity';
import { attachmentsForBot, parseUpload, storedAttachments } from './upload';
import { deliverTypingToBot } from './typingDelivery';

export const DIRECT_LINE_PATH = '/v3/directline';
export const CONNECTOR_PATH = '/directline-connector';
const STREAM_TOKEN_TTL_SECONDS = 120;
/** Largest activity a user may post (serialised); the bot reads at most a few thousand characters anyway. */
const MAX_USER_ACTIVITY_BYTES = 16 * 1024;

interface DirectLineEmulatorOptions {
  /** Lifetime of conversation tokens. Web Chat refreshes every 15 minutes, so keep this above 900. */
  tokenTtlSeconds: number;
  maxBodyBytes: number;
  /** Largest upload (Web Chat's upload button) in bytes; default maxBodyBytes. */
  maxUploadBytes?: number;
  /** Key for signing tokens; when absent the store's key is used (generated once, kept in the store). */
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
  /** Where conversations live (SQLite/Redis in the app, so they survive restarts); default in memory. Not closed here. */
  store?: DirectLineStore;
  /** Reaches the instance holding a page's stream (Redis with several instances); default in-process. */
  pubsub?: PubSub;
  /** Redis to share the token/conversation rate limit between instances. */
  rateLimitStore?: SharedLimitStore;
  now?: () => number;
}

export interface IssuedToken {
  conversationId: string;
  token: string;
  expires_in: number;
  userId: string;
}

/** Retry-After of a 503 answered while the conversation store is down. */
const STORE_RETRY_AFTER_SECONDS = 5;

export class DirectLineEmulator {
  readonly hub: ConversationHub;
  readonly tokens: DirectLineTokens;
  readonly botAccount: ChannelAccount;
  private readonly bridge: BotBridge;
  private readonly limiter: SharedRateLimiter;
  private readonly now: () => number;
  private readonly log: Log;
  private readonly ttlSeconds: number;
  private serviceUrl: string | undefined;
  private unregisterConnector: (() => void) | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private readonly ownedStore: MemoryDirectLineStore | undefined;
  private readonly ownedPubSub: PubSub | undefined;
  /** User activities being given to the bot by this instance, by activity id (a re-sent one waits for the same turn). */
  private readonly delivering = new Map<string, Promise<void>>();

  constructor(private readonly deps: DirectLineEmulatorDeps) {
    const o = deps.options;
    this.now = deps.now ?? Date.now;
    this.log = deps.log;
    this.ttlSeconds = o.tokenTtlSeconds;
    this.tokens = new DirectLineTokens(o.tokenSigningKey, this.now);
    const idleMs = (o.conversationIdleSeconds ?? 3600) * 1000;
    this.ownedStore = deps.store
      ? undefined
      : new MemoryDirectLineStore({
          maxActivitiesPerConversation: o.maxActivitiesPerConversation,
          maxBytesPerConversation: o.maxBytesPerConversation,
          idleMs,
          maxConversations: o.maxConversations,
          now: this.now,
        });
    this.ownedPubSub = deps.pubsub ? undefined : new InProcessPubSub();
    this.hub = new ConversationHub(deps.store ?? this.ownedStore!, deps.pubsub ?? this.ownedPubSub!);
    this.botAccount = { id: deps.adapter.botAppId ?? 'icloud-backup-help-bot', name: o.botName ?? 'iCloud Backup Help', role: 'bot' };
    this.limiter = new SharedRateLimiter({ name: 'dl-conversations', limit: o.rateLimit ?? { burst: 20, perSecond: 1 }, ...deps.rateLimitStore });
    this.bridge = new BotBridge(deps.adapter, deps.bot, deps.log, o.maxPendingTurnsPerConversation ?? 10);
    this.sweepTimer = setInterval(() => void this.hub.store.sweep().catch(() => undefined), Math.min(idleMs, 60 * 60_000));
    this.sweepTimer.unref();
  }

  /** Adds the /v3/directline and connector routes. */
  mount(server: Server): void {
    const body = jsonBody(this.deps.options.maxBodyBytes);
    const p = DIRECT_LINE_PATH;
    const guarded = this.unavailableOnStoreFailure;
    server.post(`${p}/tokens/generate`, body, guarded((req, res) => this.generateToken(req, res)));
    server.post(`${p}/tokens/refresh`, body, async (req: Request, res: Response) => this.refreshToken(req, res));
    server.post(`${p}/conversations`, body, guarded((req, res) => this.startConversation(req, res)));
    server.get(`${p}/conversations/:conversationId`, guarded((req, res) => this.reconnect(req, res)));
    server.get(`${p}/conversations/:conversationId/activities`, guarded((req, res) => this.getActivities(req, res)));
    server.post(`${p}/conversations/:conversationId/activities`, body, guarded((req, res) => this.postActivity(req, res)));
    server.post(`${p}/conversations/:conversationId/upload`, guarded((req, res) => this.upload(req, res)));
    mountConnectorRoutes(server, {
      path: CONNECTOR_PATH,
      hub: this.hub,
      botAccount: this.botAccount,
      isAuthorized: (header) => this.deps.adapter.localConnectors.isAuthorized(header),
      maxBodyBytes: this.deps.options.maxBodyBytes,
      now: this.now,
    });
  }

  /** Reads the store's signing key when none is configured (before the server takes requests). */
  async start(): Promise<void> {
    if (!this.deps.options.tokenSigningKey) this.tokens.useKey(await this.hub.store.signingKey());
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
    await this.ownedStore?.close();
    await this.ownedPubSub?.close();
    this.unregisterConnector?.();
    this.unregisterConnector = undefined;
  }

  // ---- routes -------------------------------------------------------------------------------------------------

  private async generateToken(req: Request, res: Response): Promise<void> {
    if (!(await this.allowed(req, res))) return;
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

  private async startConversation(req: Request, res: Response): Promise<void> {
    const claims = this.authenticate(req, res);
    if (!claims) return;
    if (!(await this.hub.get(claims.conversationId)) && !(await this.allowed(req, res))) return;
    const locale = isPlainObject(req.body) && typeof req.body.locale === 'string' && req.body.locale.length <= 20 ? req.body.locale : undefined;
    const { created } = await this.hub.getOrCreate(claims.conversationId, claims.userId, locale);
    if (created) this.welcome(claims, locale);
    sendJson(res, created ? 201 : 200, this.conversationResponse(req, claims));
  }

  private async reconnect(req: Request, res: Response): Promise<void> {
    const claims = this.authenticate(req, res, req.params.conversationId);
    if (!claims) return;
    // After a restart the conversation is still in the store; one that expired comes back empty (the bot keeps its own state).
    await this.hub.getOrCreate(claims.conversationId, claims.userId);
    const watermark = queryOf(req).get('watermark') ?? undefined;
    sendJson(res, 200, this.conversationResponse(req, claims, watermark));
  }

  private async getActivities(req: Request, res: Response): Promise<void> {
    const claims = this.authenticate(req, res, req.params.conversationId);
    if (!claims) return;
    await this.hub.getOrCreate(claims.conversationId, claims.userId);
    const group = await this.hub.since(claims.conversationId, queryOf(req).get('watermark') ?? undefined);
    sendJson(res, 200, group);
  }

  private async postActivity(req: Request, res: Response): Promise<void> {
    const claims = this.authenticate(req, res, req.params.conversationId);
    if (!claims) return;
    const check = userActivityFrom(req.body, claims.conversationId, claims.userId, new Date(this.now()));
    if (!check.ok) return sendError(res, 400, 'BadArgument', check.message);
    if (check.activity.type === 'typing') return this.deliverTyping(req, res, claims, check.activity);
    await this.deliver(req, res, claims, check.activity);
  }

  /** The person typing: given to the bot, never stored (typingDelivery.ts). */
  private async deliverTyping(req: Request, res: Response, claims: TokenClaims, activity: Omit<StoredActivity, 'id'>): Promise<void> {
    if (!this.serviceUrl || this.closing) return sendError(res, 503, 'ServiceUnavailable', 'The Direct Line service is not ready yet');
    await deliverTypingToBot({ hub: this.hub, bridge: this.bridge, botAccount: this.botAccount, log: logFor(req, this.log) }, res, { conversationId: claims.conversationId, activity, serviceUrl: this.serviceUrl });
  }

  /** Web Chat's upload: the activity and its files; images reach the bot for its turn only (upload.ts). */
  private async upload(req: Request, res: Response): Promise<void> {
    const claims = this.authenticate(req, res, req.params.conversationId);
    if (!claims) return;
    const parsed = await parseUpload(req, this.deps.options.maxUploadBytes ?? this.deps.options.maxBodyBytes);
    if (!parsed.ok) return sendError(res, parsed.status, parsed.status === 400 ? 'BadArgument' : parsed.status === 413 ? 'PayloadTooLarge' : 'UnsupportedMediaType', parsed.message);
    const check = userActivityFrom({ ...parsed.activity, attachments: undefined }, claims.conversationId, claims.userId, new Date(this.now()));
    if (!check.ok) return sendError(res, 400, 'BadArgument', check.message);
    const stored = { ...check.activity, attachments: storedAttachments(parsed.files) };
    await this.deliver(req, res, claims, stored, attachmentsForBot(parsed.files));
  }

  /** Stores a person's activity (masked) and gives it to the bot; `attachments` replace the stored ones for the bot. */
  private async deliver(req: Request, res: Response, claims: TokenClaims, activity: Omit<StoredActivity, 'id'>, attachments?: Attachment[]): Promise<void> {
    const serviceUrl = this.serviceUrl;
    if (!serviceUrl || this.closing) return sendError(res, 503, 'ServiceUnavailable', 'The Direct Line service is not ready yet');
    const check = { activity };
    if (JSON.stringify(check.activity).length > MAX_USER_ACTIVITY_BYTES) {
      return sendError(res, 413, 'PayloadTooLarge', 'The message is too long');
    }

    await this.hub.getOrCreate(claims.conversationId, claims.userId);
    // A re-sent activity (same clientActivityID: a client retrying after a lost answer) is stored and given to the bot once.
    const clientActivityId = clientActivityIdOf(check.activity);
    // Stored (and echoed to the page) masked, like every text kept for later; the bot gets what the person typed.
    const appended = await this.hub.append(claims.conversationId, maskedActivity(check.activity), clientActivityId);
    if (!appended) return sendError(res, 404, 'NotFound', 'Conversation not found');
    const stored = appended.activity;
    const asTyped = appended.duplicate ? stored : { ...stored, text: check.activity.text, value: check.activity.value, ...(attachments ? { attachments } : {}) };
    if (appended.duplicate && appended.delivered) return sendJson(res, 200, { id: stored.id });
    try {
      let turn = this.delivering.get(stored.id);
      if (!turn) {
        turn = this.bridge.send(activityForBot(asTyped, serviceUrl, this.botAccount));
        this.delivering.set(stored.id, turn);
        const done = turn;
        void done.then(
          () => this.delivering.get(stored.id) === done && this.delivering.delete(stored.id),
          () => this.delivering.get(stored.id) === done && this.delivering.delete(stored.id),
        );
      }
      await turn;
      if (clientActivityId) await this.hub.markDelivered(claims.conversationId, clientActivityId);
      sendJson(res, 200, { id: stored.id });
    } catch (error) {
      if (error instanceof TooManyPendingTurnsError) {
        return sendError(res, 429, 'TooManyRequests', 'Please wait for the bot to answer before sending more');
      }
      logFor(req, this.log).error({ err: errorFields(error), conversationId: claims.conversationId }, 'Direct Line activity could not be delivered to the bot');
      sendError(res, 502, 'BotError', 'The bot could not process the activity');
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  /**
   * A route whose conversation store (SQLite, Redis) fails answers 503 with Retry-After at once, instead of an
   * unanswered or 500 request: Direct Line clients (Web Chat) retry a 503 later, and a message that got it was not
   * stored, so the page shows it as not sent and nothing is silently dropped.
   */
  private readonly unavailableOnStoreFailure =
    (route: (req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        await route(req, res);
      } catch (error) {
        logFor(req, this.log).warn({ err: errorFields(error) }, 'Direct Line: the conversation store failed; answered 503');
        if (res.headersSent) return;
        res.setHeader('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
        sendError(res, 503, 'ServiceUnavailable', 'The chat service cannot reach its storage right now; please try again in a minute');
      }
    };

  private async allowed(req: Request, res: Response): Promise<boolean> {
    const check = await this.limiter.take(clientKey(req));
    if (check.allowed) return true;
    sendTooManyRequests(res, check.retryAfterSeconds, 'Too many requests; please wait a moment and try again');
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

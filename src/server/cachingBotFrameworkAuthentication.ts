/**
 * BotFrameworkAuthentication that reuses the Bot Connector clients it hands out.
 *
 * botbuilder's CloudAdapter builds a new ConnectorClient and a new UserTokenClient for every incoming activity
 * (each one a fresh @azure/core-client HTTP pipeline, ~70 µs of CPU and its garbage per turn, measured in
 * bench/results.md), even when the turn never calls the connector (expectReplies, the built-in Direct Line). The clients
 * hold no per-turn state: a ConnectorClient is its service URL, the credentials for one app id and audience, and a
 * stateless pipeline; the credentials fetch and refresh their own tokens. So one client per (app id, service URL,
 * audience) is reused, as botbuilder's older BotFrameworkAdapter did with its connector client cache.
 *
 * Authentication itself is untouched: every request's token is still validated by the wrapped instance. The caches
 * are bounded LRUs (a service URL comes from the activity), and a failed creation is not kept.
 */
import { LRUCache } from 'lru-cache';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';

/** Distinct (app id, service URL, audience) connector clients kept (Teams uses a handful of regional URLs). */
const DEFAULT_MAX_CLIENTS = 200;

/** The app id the SDK's connector factory and user token client are built for (ParameterizedBotFrameworkAuthentication). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

/** Shares created values by key; a rejected creation is forgotten so the next call tries again. */
class PromiseCache<T extends object> {
  private readonly entries: LRUCache<string, Promise<T>>;

  constructor(max: number) {
    this.entries = new LRUCache<string, Promise<T>>({ max });
  }

  get(key: string, create: () => Promise<T>): Promise<T> {
    const existing = this.entries.get(key);
    if (existing) return existing;
    const created = create();
    this.entries.set(key, created);
    created.catch(() => {
      if (this.entries.get(key) === created) this.entries.delete(key);
    });
    return created;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A ConnectorFactory for one app id whose clients come from the shared cache. */
class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: PromiseCache<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(`${this.appId}\n${serviceUrl}\n${audience ?? ''}`, () => this.inner.create(serviceUrl, audience));
  }
}

export class CachingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly connectorClients: PromiseCache<ConnectorClient>;
  private readonly userTokenClients: PromiseCache<UserTokenClient>;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    maxClients = DEFAULT_MAX_CLIENTS,
  ) {
    super();
    this.connectorClients = new PromiseCache(maxClients);
    this.userTokenClients = new PromiseCache(maxClients);
  }

  /** Connector clients currently kept (for tests). */
  get cachedConnectorClients(): number {
    return this.connectorClients.size;
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachingFactory(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachingFactory(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.cachingFactory(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private withCachingFactory(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.cachingFactory(result.connectorFactory, result.claimsIdentity) };
  }

  private cachingFactory(inner: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CachingConnectorFactory(inner, appIdOf(claimsIdentity), this.connectorClients);
  }
}

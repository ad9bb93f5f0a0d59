/**
 * Credentials factory used by the adapter: behaves exactly like botbuilder's ConfigurationServiceClientCredentialFactory,
 * except that requests to serviceUrls hosted in this process (see LocalConnectorRegistry) are signed with the local
 * secret rather than an Azure AD token. This keeps the local Direct Line emulator working with or without an app id,
 * and for proactive messages too.
 */
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { LocalConnectorRegistry } from '../channels/localConnectors';

type Credentials = Awaited<ReturnType<ConfigurationServiceClientCredentialFactory['createCredentials']>>;
type WebResource = Parameters<Credentials['signRequest']>[0];
type FactoryOptions = ConstructorParameters<typeof ConfigurationServiceClientCredentialFactory>[0];

class LocalAwareCredentials implements Credentials {
  constructor(
    private readonly inner: Credentials,
    private readonly local: LocalConnectorRegistry,
  ) {}

  async signRequest(webResource: WebResource): Promise<WebResource> {
    if (this.local.isLocal(webResource.url)) {
      webResource.headers.set('Authorization', `Bearer ${this.local.secret}`);
      return webResource;
    }
    return this.inner.signRequest(webResource);
  }

  // Keeps secrets out of anything that serialises the connector client.
  toJSON(): object {
    return { name: 'LocalAwareCredentials' };
  }
}

export class LocalAwareCredentialFactory extends ConfigurationServiceClientCredentialFactory {
  constructor(
    options: FactoryOptions,
    private readonly local: LocalConnectorRegistry,
  ) {
    super(options);
  }

  override async createCredentials(
    appId: string,
    audience: string,
    loginEndpoint: string,
    validateAuthority: boolean,
  ): Promise<Credentials> {
    const inner = await super.createCredentials(appId, audience, loginEndpoint, validateAuthority);
    return new LocalAwareCredentials(inner, this.local);
  }
}

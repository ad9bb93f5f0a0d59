import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { AuthenticationError, ConnectorFactory, type ClaimsIdentity, type ConnectorClient } from 'botframework-connector';
import { CachingBotFrameworkAuthentication } from '../../src/server/cachingBotFrameworkAuthentication';

function activity(serviceUrl: string): Activity {
  return {
    type: 'message',
    id: 'a1',
    channelId: 'test',
    serviceUrl,
    from: { id: 'user' },
    recipient: { id: 'bot' },
    conversation: { id: 'conv' },
    text: 'hi',
  } as Activity;
}

describe('CachingBotFrameworkAuthentication', () => {
  test('requests to the same service URL share one ConnectorClient and one UserTokenClient', async () => {
    const auth = new CachingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication({}));
    const first = await auth.authenticateRequest(activity('https://smba.example/'), '');
    const second = await auth.authenticateRequest(activity('https://smba.example/'), '');
    const a = await first.connectorFactory!.create('https://smba.example/', first.audience);
    const b = await second.connectorFactory!.create('https://smba.example/', second.audience);
    expect(b).toBe(a);
    const other = await second.connectorFactory!.create('https://other.example/', second.audience);
    expect(other).not.toBe(a);
    expect(auth.cachedConnectorClients).toBe(2);
    expect(await auth.createUserTokenClient(first.claimsIdentity)).toBe(await auth.createUserTokenClient(second.claimsIdentity));
  });

  test('a proactive connector factory (createConnectorFactory) uses the same cache', async () => {
    const auth = new CachingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication({}));
    const fromRequest = await auth.authenticateRequest(activity('https://smba.example/'), '');
    const client = await fromRequest.connectorFactory!.create('https://smba.example/', fromRequest.audience);
    const proactive = auth.createConnectorFactory(fromRequest.claimsIdentity);
    expect(await proactive.create('https://smba.example/', fromRequest.audience)).toBe(client);
  });

  test('every request is still authenticated: a bad token is refused when an app id is configured', async () => {
    const auth = new CachingBotFrameworkAuthentication(
      new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x', MicrosoftAppType: 'MultiTenant' }),
    );
    await expect(auth.authenticateRequest(activity('https://smba.example/'), '')).rejects.toBeInstanceOf(AuthenticationError);
    await expect(auth.authenticateRequest(activity('https://smba.example/'), 'Bearer not-a-jwt')).rejects.toThrow();
  });

  test('a failed client creation is not kept: the next request tries again', async () => {
    const inner = new ConfigurationBotFrameworkAuthentication({});
    let attempts = 0;
    const flaky = new (class extends ConnectorFactory {
      async create(): Promise<ConnectorClient> {
        attempts += 1;
        if (attempts === 1) throw new Error('credentials unavailable');
        return { attempt: attempts } as unknown as ConnectorClient;
      }
    })();
    inner.createConnectorFactory = (_claims: ClaimsIdentity) => flaky;
    const auth = new CachingBotFrameworkAuthentication(inner);
    const claims = (await auth.authenticateRequest(activity('https://smba.example/'), '')).claimsIdentity;
    const factory = auth.createConnectorFactory(claims);
    await expect(factory.create('https://smba.example/')).rejects.toThrow('credentials unavailable');
    await new Promise((resolve) => setImmediate(resolve));
    const client = await factory.create('https://smba.example/');
    expect(client).toEqual({ attempt: 2 });
    expect(await factory.create('https://smba.example/')).toBe(client);
    expect(attempts).toBe(2);
  });

  test('the cache is bounded', async () => {
    const auth = new CachingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication({}), 3);
    const { connectorFactory, audience } = await auth.authenticateRequest(activity('https://a.example/'), '');
    for (let i = 0; i < 10; i++) await connectorFactory!.create(`https://s${i}.example/`, audience);
    expect(auth.cachedConnectorClients).toBe(3);
  });
});

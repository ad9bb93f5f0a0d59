/**
 * Teams-shaped image attachments: downloaded with the bot's token only from allow-listed hosts (here a local stub of
 * the attachment host); any other host — or a redirect to one — is never requested.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TurnContext } from 'botbuilder';
import { AllowListedImageSource, BOT_FRAMEWORK_IMAGE_HOSTS } from '../../src/channels/images/allowListedImageSource';

interface StubHost {
  url: string;
  requests: Array<{ path: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

async function stubHost(handler: (path: string) => { status: number; body?: Buffer; location?: string }): Promise<StubHost> {
  const requests: StubHost['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    const answer = handler(req.url ?? '');
    res.writeHead(answer.status, answer.location ? { location: answer.location } : {});
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const context = {} as TurnContext;
const source = new AllowListedImageSource({ hosts: ['127.0.0.1'], token: async () => 'bot-token', allowHttp: true });

describe('AllowListedImageSource', () => {
  test('the default allow-list: Bot Framework / Teams hosts over https only, no look-alikes', () => {
    const teams = new AllowListedImageSource({ hosts: BOT_FRAMEWORK_IMAGE_HOSTS, token: async () => undefined });
    expect(teams.allows('https://smba.trafficmanager.net/emea/v3/attachments/abc/views/original')).toBe(true);
    expect(teams.allows('https://eu.api.botframework.com/v3/attachments/x')).toBe(true);
    expect(teams.allows('http://smba.trafficmanager.net/x')).toBe(false);
    expect(teams.allows('https://smba.trafficmanager.net.evil.example/x')).toBe(false);
    expect(teams.allows('https://evil.example/smba.trafficmanager.net')).toBe(false);
    expect(teams.allows('https://botframework.com.evil.example/x')).toBe(false);
    expect(teams.allows('https://user:pw@smba.trafficmanager.net/x')).toBe(false);
    expect(teams.allows('file:///etc/passwd')).toBe(false);
    expect(teams.allows('not a url')).toBe(false);
  });

  test('an allowed host is asked with the bot token and its bytes are returned', async () => {
    const host = await stubHost(() => ({ status: 200, body: Buffer.from('image bytes') }));
    try {
      const got = await source.bytesOf(`${host.url}/v3/attachments/1/views/original`, context, 1000);
      expect(got).toEqual({ ok: true, bytes: Buffer.from('image bytes') });
      expect(host.requests[0]!.headers.authorization).toBe('Bearer bot-token');
    } finally {
      await host.close();
    }
  });

  test('another host is never requested; a redirect is not followed; a body over the limit is refused', async () => {
    const elsewhere = await stubHost(() => ({ status: 200, body: Buffer.from('x') }));
    const host = await stubHost((path) => (path === '/redirect' ? { status: 302, location: `${elsewhere.url.replace('127.0.0.1', 'localhost')}/x` } : { status: 200, body: Buffer.alloc(5000) }));
    try {
      expect(await source.bytesOf(`${elsewhere.url.replace('127.0.0.1', 'localhost')}/cat.png`, context, 1000)).toBeUndefined();
      expect(await source.bytesOf(`${host.url}/redirect`, context, 1000)).toEqual({ ok: false, failure: 'unavailable' });
      expect(elsewhere.requests).toHaveLength(0);
      expect(await source.bytesOf(`${host.url}/big`, context, 1000)).toEqual({ ok: false, failure: 'too_big' });
    } finally {
      await host.close();
      await elsewhere.close();
    }
  });
});

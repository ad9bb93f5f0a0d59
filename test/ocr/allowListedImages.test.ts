/**
 * Teams- and Azure Direct Line-shaped image attachments: downloaded with the bot's token only from allow-listed hosts
 * (here a local stub of the attachment host); any other host — or a redirect to one — is never requested.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TurnContext } from 'botbuilder';
import { AllowListedImageSource, BOT_FRAMEWORK_IMAGE_HOSTS, imageHostsFor } from '../../src/channels/images/allowListedImageSource';
import { bytesOfAttachment } from '../../src/channels/images/imageAttachments';

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

  test('Azure Direct Line: its attachment hosts (global, regional, a sovereign cloud endpoint when set), nothing else', () => {
    const global = new AllowListedImageSource({ hosts: imageHostsFor({ secret: 's', endpoint: 'https://directline.botframework.com' }), token: async () => undefined });
    expect(global.allows('https://directline.botframework.com/attachments/C1/0000001/0/screenshot.png?t=abc')).toBe(true);
    expect(global.allows('https://europe.directline.botframework.com/attachments/C1/0000001/0/screenshot.png')).toBe(true);
    expect(global.allows('http://directline.botframework.com/attachments/C1/0000001/0/screenshot.png')).toBe(false);
    expect(global.allows('https://directline.botframework.com.evil.example/attachments/x')).toBe(false);
    const gov = imageHostsFor({ secret: 's', endpoint: 'https://directline.botframework.azure.us/' });
    expect(gov).toEqual([...BOT_FRAMEWORK_IMAGE_HOSTS, 'directline.botframework.azure.us']);
    const govSource = new AllowListedImageSource({ hosts: gov, token: async () => undefined });
    expect(govSource.allows('https://directline.botframework.azure.us/attachments/C1/1/0/a.png')).toBe(true);
    expect(govSource.allows('https://other.botframework.azure.us/attachments/C1/1/0/a.png')).toBe(false);
    // No secret (the built-in Direct Line: uploads arrive as data: URIs), or an endpoint that is not https: nothing added.
    expect(imageHostsFor({ endpoint: 'https://directline.botframework.azure.us' })).toEqual(BOT_FRAMEWORK_IMAGE_HOSTS);
    expect(imageHostsFor({ secret: 's', endpoint: 'http://127.0.0.1:9' })).toEqual(BOT_FRAMEWORK_IMAGE_HOSTS);
    expect(imageHostsFor(undefined)).toEqual(BOT_FRAMEWORK_IMAGE_HOSTS);
  });

  test('a Direct Line-shaped upload (contentUrl on the attachment host, ?t= kept) is fetched from the stub with the bot token, once', async () => {
    const host = await stubHost(() => ({ status: 200, body: Buffer.from('png bytes') }));
    try {
      const attachment = { contentType: 'image/png', name: 'screenshot.png', contentUrl: `${host.url}/attachments/C1-abc/0000002/0/screenshot.png?t=signed` };
      expect(await bytesOfAttachment(attachment, context, [source], 1000)).toEqual({ ok: true, bytes: Buffer.from('png bytes') });
      expect(host.requests).toEqual([{ path: '/attachments/C1-abc/0000002/0/screenshot.png?t=signed', headers: expect.objectContaining({ authorization: 'Bearer bot-token' }) }]);
      // The same upload larger than the image limit: refused while reading, not kept.
      expect(await bytesOfAttachment(attachment, context, [source], 4)).toEqual({ ok: false, failure: 'too_big' });
      // Its URL on any other host: never requested, "couldn't get that image".
      const elsewhere = { ...attachment, contentUrl: attachment.contentUrl.replace('127.0.0.1', 'localhost') };
      expect(await bytesOfAttachment(elsewhere, context, [source], 1000)).toEqual({ ok: false, failure: 'unavailable' });
      expect(host.requests).toHaveLength(2);
    } finally {
      await host.close();
    }
  });
});

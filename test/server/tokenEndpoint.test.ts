import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DirectLineClient, httpJson } from '../helpers/directLineClient';
import { recordingLog, startTestServer, TestServer } from '../helpers/server';
import { TestBot, WELCOME_TEXT } from '../helpers/testBot';

const SECRET = 'fake-direct-line-secret-value-123';

interface FakeUpstream {
  url: string;
  requests: Array<{ method?: string; url?: string; authorization?: string; body: string }>;
  respondWith: { status: number; body: unknown };
  close(): Promise<void>;
}

async function startFakeDirectLine(): Promise<FakeUpstream> {
  const fake: Omit<FakeUpstream, 'url' | 'close'> = {
    requests: [],
    respondWith: { status: 200, body: { conversationId: 'upstream-conversation', token: 'upstream-token', expires_in: 3600 } },
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      fake.requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
      res.writeHead(fake.respondWith.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(fake.respondWith.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    get requests() {
      return fake.requests;
    },
    get respondWith() {
      return fake.respondWith;
    },
    set respondWith(value) {
      fake.respondWith = value;
    },
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('POST /api/directline/token with a Direct Line secret', () => {
  let upstream: FakeUpstream;
  let server: TestServer;
  const log = recordingLog();
  beforeAll(async () => {
    upstream = await startFakeDirectLine();
    server = await startTestServer({
      bot: new TestBot(),
      log,
      options: { directLine: { enabled: false, secret: SECRET, endpoint: upstream.url } },
    });
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  test('exchanges the secret upstream and returns only the token', async () => {
    const result = await httpJson(`${server.baseUrl}/api/directline/token`, { method: 'POST' });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      token: 'upstream-token',
      conversationId: 'upstream-conversation',
      expires_in: 3600,
      domain: `${upstream.url}/v3/directline`,
      userId: expect.stringMatching(/^dl_/),
    });
    expect(JSON.stringify(result.body)).not.toContain(SECRET);

    const call = upstream.requests.at(-1)!;
    expect(call).toMatchObject({ method: 'POST', url: '/v3/directline/tokens/generate', authorization: `Bearer ${SECRET}` });
    expect(JSON.parse(call.body)).toEqual({ user: { id: result.body.userId } });
  });

  test('an upstream failure gives 502 without the secret, and is logged without it', async () => {
    upstream.respondWith = { status: 403, body: { error: { code: 'BadArgument', message: `bad secret ${SECRET}` } } };
    const result = await httpJson(`${server.baseUrl}/api/directline/token`, { method: 'POST' });
    expect(result.status).toBe(502);
    expect(JSON.stringify(result.body)).not.toContain(SECRET);
    expect(log.entries.some((e) => e.level === 'error')).toBe(true);
    expect(JSON.stringify(log.entries)).not.toContain(SECRET);
    upstream.respondWith = { status: 200, body: { conversationId: 'c', token: 't', expires_in: 1800 } };
  });

  test('a malformed upstream answer gives 502', async () => {
    upstream.respondWith = { status: 200, body: { hello: 'world' } };
    const result = await httpJson(`${server.baseUrl}/api/directline/token`, { method: 'POST' });
    expect(result.status).toBe(502);
    upstream.respondWith = { status: 200, body: { conversationId: 'c', token: 't', expires_in: 1800 } };
  });

  test('the emulator is not mounted when disabled', async () => {
    const generate = await httpJson(`${server.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
    expect([404, 405]).toContain(generate.status); // 405: only GET /* (static files) matches the path
    const read = await httpJson(`${server.baseUrl}/v3/directline/conversations/abcdefgh12345678/activities`);
    expect(read.status).toBe(404);
  });

  test('the page CSP allows the Direct Line service', async () => {
    const response = await fetch(`${server.baseUrl}/`);
    expect(response.headers.get('content-security-policy')).toContain(upstream.url);
  });
});

describe('POST /api/directline/token without a secret', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ bot: new TestBot(), options: { directLine: { tokenRateLimit: { burst: 3, perSecond: 0.001 } } } });
  });
  afterAll(() => server.close());

  test('returns a local emulator token that works with the emulator', async () => {
    const result = await httpJson(`${server.baseUrl}/api/directline/token`, { method: 'POST' });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      token: expect.any(String),
      conversationId: expect.any(String),
      expires_in: 1800,
      domain: `${server.baseUrl}/v3/directline`,
      userId: expect.stringMatching(/^dl_/),
    });
    const client = new DirectLineClient(result.body.domain);
    client.token = result.body.token;
    await client.start();
    expect(client.conversationId).toBe(result.body.conversationId);
    await client.waitFor((all) => all.some((a) => a.text === WELCOME_TEXT));
  });

  test('is rate limited per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await httpJson(`${server.baseUrl}/api/directline/token`, { method: 'POST' })).status);
    expect(statuses).toContain(429);
  });
});

describe('POST /api/directline/token with neither', () => {
  test('answers 503', async () => {
    const server = await startTestServer({ bot: new TestBot(), options: { directLine: { enabled: false } } });
    try {
      const result = await httpJson(`${server.baseUrl}/api/directline/token`, { method: 'POST' });
      expect(result.status).toBe(503);
      expect(result.body.error.code).toBe('NotConfigured');
    } finally {
      await server.close();
    }
  });
});

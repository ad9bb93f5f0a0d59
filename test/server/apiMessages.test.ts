import { httpJson } from '../helpers/directLineClient';
import { recordingLog, repositoryPrompts, startTestServer, TestServer } from '../helpers/server';
import { FAIL_TEXT, STORAGE_BUTTON, TestBot, WELCOME_TEXT } from '../helpers/testBot';

function activity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: 'a1',
    text: 'hello there',
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9/unused',
    deliveryMode: 'expectReplies',
    conversation: { id: 'conv-1' },
    from: { id: 'user-1', name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    ...overrides,
  };
}

describe('HTTP server without an app id (anonymous, Emulator style)', () => {
  let server: TestServer;
  const log = recordingLog();
  beforeAll(async () => {
    server = await startTestServer({ bot: new TestBot(), log });
  });
  afterAll(() => server.close());

  test('GET /healthz answers 200 {status:"ok"}', async () => {
    const result = await httpJson(`${server.baseUrl}/healthz`);
    expect(result).toEqual({ status: 200, body: { status: 'ok' } });
  });

  test('POST /api/messages with deliveryMode expectReplies returns the bot replies', async () => {
    const result = await httpJson(`${server.baseUrl}/api/messages`, { body: activity() });
    expect(result.status).toBe(200);
    expect(result.body.activities).toHaveLength(1);
    expect(result.body.activities[0]).toMatchObject({ type: 'message', text: 'You said: hello there' });
    expect(result.body.activities[0].suggestedActions.actions.map((a: { title: string }) => a.title)).toEqual([STORAGE_BUTTON]);
  });

  test('conversationUpdate gets the welcome with suggested actions', async () => {
    const result = await httpJson(`${server.baseUrl}/api/messages`, {
      body: activity({ type: 'conversationUpdate', text: undefined, membersAdded: [{ id: 'user-1' }] }),
    });
    expect(result.status).toBe(200);
    expect(result.body.activities.map((a: { text: string }) => a.text)).toEqual([WELCOME_TEXT]);
  });

  test('malformed JSON gets 400 with a JSON error', async () => {
    const result = await httpJson(`${server.baseUrl}/api/messages`, {
      method: 'POST',
      rawBody: '{"type": "message", ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ error: { code: 'BadArgument', message: expect.stringContaining('not valid JSON') } });
  });

  test.each([
    ['type', { type: undefined }, 'type'],
    ['conversation.id', { conversation: {} }, 'conversation.id'],
    ['conversation', { conversation: undefined }, 'conversation.id'],
    ['from', { from: undefined }, 'from.id'],
  ])('an activity without %s gets 400', async (_name, overrides, mentioned) => {
    const result = await httpJson(`${server.baseUrl}/api/messages`, { body: activity(overrides) });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain(mentioned);
  });

  test('a JSON array is not an activity: 400', async () => {
    const result = await httpJson(`${server.baseUrl}/api/messages`, { body: [activity()] });
    expect(result.status).toBe(400);
  });

  test('a body over the size limit gets 413', async () => {
    const result = await httpJson(`${server.baseUrl}/api/messages`, { body: activity({ text: 'x'.repeat(300 * 1024) }) });
    expect(result.status).toBe(413);
    expect(result.body.error.code).toBe('PayloadTooLarge');
  });

  test('a body that is not JSON gets 415', async () => {
    const result = await httpJson(`${server.baseUrl}/api/messages`, { method: 'POST', rawBody: 'type=message', headers: { 'Content-Type': 'text/plain' } });
    expect(result.status).toBe(415);
  });

  test('GET /api/messages is refused, in the JSON error shape', async () => {
    const result = await httpJson(`${server.baseUrl}/api/messages`);
    expect([404, 405]).toContain(result.status);
    expect(result.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  test('unknown paths get 404 in the JSON error shape', async () => {
    const result = await httpJson(`${server.baseUrl}/no/such/thing`);
    expect(result.status).toBe(404);
    expect(result.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  test('a bot error is logged without the secret-looking text and the user gets an apology', async () => {
    const result = await httpJson(`${server.baseUrl}/api/messages`, { body: activity({ text: FAIL_TEXT }) });
    expect(result.status).toBe(200);
    expect(result.body.activities.map((a: { text: string }) => a.text)).toEqual([repositoryPrompts().turnFailed]);
    const entry = log.entries.find((e) => e.level === 'error' && e.message === 'Unhandled error during a bot turn');
    expect(entry).toBeDefined();
    const logged = JSON.stringify(entry);
    expect(logged).toContain('Intentional failure');
    expect(logged).not.toContain('hunter2');
  });

  test('the server keeps serving after a failing turn', async () => {
    const result = await httpJson(`${server.baseUrl}/healthz`);
    expect(result.status).toBe(200);
  });

  test('security headers are set', async () => {
    const response = await fetch(`${server.baseUrl}/healthz`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('when even the error handler fails', () => {
  test('/api/messages answers 500 JSON without internal details and the server keeps running', async () => {
    const server = await startTestServer({ bot: new TestBot() });
    try {
      jest.spyOn(console, 'error').mockImplementation(() => undefined);
      server.adapter.onTurnError = async () => {
        throw new Error('internal detail: db at 10.0.0.5');
      };
      const result = await httpJson(`${server.baseUrl}/api/messages`, { body: activity({ text: FAIL_TEXT }) });
      expect(result.status).toBe(500);
      expect(result.body).toEqual({ error: { code: 'InternalError', message: expect.any(String) } });
      expect(JSON.stringify(result.body)).not.toContain('10.0.0.5');
      expect((await httpJson(`${server.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('HTTP server with an app id', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      bot: new TestBot(),
      botAuth: { MicrosoftAppType: 'MultiTenant', MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-password' },
    });
  });
  afterAll(() => server.close());

  function forgedToken(issuer: string): string {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    return `${encode({ alg: 'RS256', typ: 'JWT', kid: 'forged' })}.${encode({
      iss: issuer,
      aud: '00000000-0000-0000-0000-000000000001',
      serviceurl: 'http://127.0.0.1:9/',
      nbf: now - 10,
      exp: now + 3600,
    })}.${Buffer.from('not-a-signature').toString('base64url')}`;
  }

  test('a request without a token gets 401', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await httpJson(`${server.baseUrl}/api/messages`, { body: activity() });
    expect(result.status).toBe(401);
  });

  test('a forged, unsigned Bearer token gets 401', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await httpJson(`${server.baseUrl}/api/messages`, { body: activity(), token: forgedToken('https://evil.example.com') });
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ error: { code: 'Unauthorized', message: expect.any(String) } });
  });
});

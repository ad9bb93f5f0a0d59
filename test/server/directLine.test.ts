import { DirectLineClient, DlActivity, httpJson } from '../helpers/directLineClient';
import { startTestServer, TestServer } from '../helpers/server';
import { STORAGE_BUTTON, TestBot, WELCOME_TEXT } from '../helpers/testBot';

const botTexts = (activities: DlActivity[]) => activities.filter((a) => a.from?.role === 'bot').map((a) => a.text);

describe('local Direct Line 3.0 emulator over REST', () => {
  let server: TestServer;
  let domain: string;
  let now = Date.parse('2030-01-01T00:00:00Z');
  const bot = new TestBot();
  beforeAll(async () => {
    server = await startTestServer({ bot, now: () => now, options: { directLine: { tokenTtlSeconds: 1800 } } });
    domain = `${server.baseUrl}/v3/directline`;
  });
  afterAll(() => server.close());

  test('token → start → welcome arrives → post → reply arrives after the watermark', async () => {
    const client = new DirectLineClient(domain);
    const generated = await client.generateToken();
    expect(generated.status).toBe(200);
    expect(generated.body).toEqual({ conversationId: expect.any(String), token: expect.any(String), expires_in: 1800 });

    const started = await client.start();
    expect(started.status).toBe(201);
    expect(started.body.conversationId).toBe(generated.body.conversationId);
    expect(started.body.streamUrl).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${started.body.conversationId}/stream\\?t=`));

    const afterWelcome = await client.waitFor((all) => botTexts(all).includes(WELCOME_TEXT));
    const welcome = afterWelcome.find((a) => a.text === WELCOME_TEXT)!;
    expect(welcome.from).toEqual({ id: expect.any(String), name: 'iCloud Backup Help', role: 'bot' });
    expect(welcome.suggestedActions?.actions.map((a) => a.title)).toEqual([STORAGE_BUTTON, 'Something else']);
    expect(welcome.id).toMatch(new RegExp(`^${started.body.conversationId}\\|\\d+$`));
    expect(welcome).not.toHaveProperty('serviceUrl');

    const before = await client.activities();
    const watermark = before.body.watermark;
    const sent = await client.say('my backup failed');
    expect(sent.id).toEqual(expect.any(String));

    const newer = await client.activities(watermark);
    expect(newer.status).toBe(200);
    // The user's own activity comes back first (Web Chat needs it, with its clientActivityID), then the reply.
    expect(newer.body.activities.map((a) => [a.from?.role, a.text])).toEqual([
      ['user', 'my backup failed'],
      ['bot', 'You said: my backup failed'],
    ]);
    const [echo, reply] = newer.body.activities as [DlActivity, DlActivity];
    expect(echo.id).toBe(sent.id);
    expect(echo.channelData).toEqual({ clientActivityID: sent.clientActivityID });
    expect(echo.from?.id).toMatch(/^dl_/); // the token's user, not what the client claimed
    expect(reply.replyToId).toBe(sent.id);
    expect(Number(newer.body.watermark)).toBeGreaterThan(Number(watermark));

    const nothingNew = await client.activities(newer.body.watermark);
    expect(nothingNew.body.activities).toEqual([]);
  });

  test('a token bound to a user id keeps it', async () => {
    const client = new DirectLineClient(domain);
    await client.generateToken({ user: { id: 'dl_customer42' } });
    await client.start();
    await client.say('hello');
    const all = await client.waitFor((activities) => botTexts(activities).includes('You said: hello'));
    expect(all.find((a) => a.text === 'hello')?.from?.id).toBe('dl_customer42');
    expect((await client.generateToken({ user: { id: 'admin' } })).status).toBe(400);
  });

  test('the refreshed token works and lasts longer', async () => {
    const client = new DirectLineClient(domain);
    await client.generateToken();
    await client.start();
    const oldToken = client.token;
    now += 10 * 60 * 1000;
    const refreshed = await client.refresh();
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.token).not.toBe(oldToken);
    expect(refreshed.body.conversationId).toBe(client.conversationId);
    expect(refreshed.body.expires_in).toBe(1800);
    now += 25 * 60 * 1000; // the old token has expired by now, the refreshed one has not
    expect((await client.activities()).status).toBe(200);
    client.token = oldToken;
    expect((await client.activities()).status).toBe(403);
  });

  test("another conversation's activities are refused with 403", async () => {
    const alice = new DirectLineClient(domain);
    const mallory = new DirectLineClient(domain);
    await alice.generateToken();
    await alice.start();
    await alice.say('my Apple ID is alice@example.com');
    await mallory.generateToken();
    await mallory.start();

    const read = await mallory.activities(undefined, alice.conversationId);
    expect(read.status).toBe(403);
    expect(read.body).toEqual({ error: { code: 'Forbidden', message: expect.any(String) } });
    const write = await mallory.post({ type: 'message', text: 'injected' }, alice.conversationId);
    expect(write.status).toBe(403);
    const reconnect = await httpJson(`${domain}/conversations/${alice.conversationId}`, { token: mallory.token });
    expect(reconnect.status).toBe(403);
  });

  test('an expired token is refused with 403 TokenExpired', async () => {
    const client = new DirectLineClient(domain);
    await client.generateToken();
    await client.start();
    now += 31 * 60 * 1000;
    const result = await client.activities();
    expect(result.status).toBe(403);
    expect(result.body).toEqual({ error: { code: 'TokenExpired', message: expect.any(String) } });
    expect((await client.refresh()).status).toBe(403);
    expect((await client.say('late').catch((e: Error) => e.message))).toContain('403');
  });

  test('missing, tampered and stream-only tokens are refused with 401', async () => {
    const client = new DirectLineClient(domain);
    await client.generateToken();
    const started = await client.start();
    expect((await httpJson(`${domain}/conversations`, { method: 'POST', body: {} })).status).toBe(401);

    const [prefix, payload, signature] = client.token!.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { e: number };
    claims.e += 24 * 3600 * 1000;
    const tampered = `${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect((await httpJson(`${domain}/conversations/${client.conversationId}/activities`, { token: tampered })).status).toBe(401);
    expect((await httpJson(`${domain}/conversations/${client.conversationId}/activities`, { token: 'garbage' })).status).toBe(401);

    const streamToken = new URL(started.body.streamUrl).searchParams.get('t')!;
    expect((await httpJson(`${domain}/conversations/${client.conversationId}/activities`, { token: streamToken })).status).toBe(401);
  });

  test('posted activities are validated', async () => {
    const client = new DirectLineClient(domain);
    await client.generateToken();
    await client.start();
    expect((await client.post({ type: 'message', text: 42 as unknown as string })).status).toBe(400);
    expect((await client.post({ type: 'invoke' })).status).toBe(400);
    expect((await client.post({ type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'http://x/y.png' }] })).status).toBe(400);
    const raw = await httpJson(`${domain}/conversations/${client.conversationId}/activities`, {
      method: 'POST',
      token: client.token,
      rawBody: '{oops',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(raw.status).toBe(400);
    expect((await client.post({ type: 'message', text: 'x'.repeat(20_000) })).status).toBe(413);
  });

  test('reconnecting (GET conversation) gives a fresh streamUrl with the watermark', async () => {
    const client = new DirectLineClient(domain);
    await client.generateToken();
    await client.start();
    const result = await httpJson(`${domain}/conversations/${client.conversationId}?watermark=3`, { token: client.token });
    expect(result.status).toBe(200);
    expect(result.body.conversationId).toBe(client.conversationId);
    expect(result.body.streamUrl).toContain('watermark=3');
  });

  test('starting the same conversation twice does not welcome the user twice', async () => {
    const client = new DirectLineClient(domain);
    await client.generateToken();
    expect((await client.start()).status).toBe(201);
    expect((await client.start()).status).toBe(200);
    await client.say('ping');
    const all = await client.waitFor((activities) => botTexts(activities).includes('You said: ping'));
    expect(botTexts(all).filter((text) => text === WELCOME_TEXT)).toHaveLength(1);
  });

  test('the connector endpoints refuse callers without the local secret', async () => {
    const client = new DirectLineClient(domain);
    await client.generateToken();
    await client.start();
    const url = `${server.baseUrl}/directline-connector/v3/conversations/${client.conversationId}/activities`;
    const anonymous = await httpJson(url, { body: { type: 'message', text: 'fake bot message' } });
    expect(anonymous.status).toBe(401);
    const withUserToken = await httpJson(url, { body: { type: 'message', text: 'fake bot message' }, token: client.token });
    expect(withUserToken.status).toBe(401);
    const all = (await client.activities()).body.activities;
    expect(all.map((a) => a.text)).not.toContain('fake bot message');
  });
});

describe('proactive messages', () => {
  let server: TestServer;
  const bot = new TestBot();
  beforeAll(async () => {
    server = await startTestServer({ bot });
  });
  afterAll(() => server.close());

  test('continueConversationAsync reaches the Direct Line conversation', async () => {
    const client = new DirectLineClient(`${server.baseUrl}/v3/directline`);
    await client.generateToken();
    await client.start();
    await client.waitFor((all) => botTexts(all).includes(WELCOME_TEXT));
    const reference = bot.references.get(client.conversationId!);
    expect(reference?.serviceUrl).toBe(`${server.baseUrl}/directline-connector`);

    await server.adapter.continueConversationAsync('', reference!, async (context) => {
      await context.sendActivity('Your backup finished while you were away.');
    });
    const all = await client.waitFor((activities) => botTexts(activities).includes('Your backup finished while you were away.'));
    expect(all.at(-1)?.from?.role).toBe('bot');
  });

  test('updating and deleting a bot activity works through the connector', async () => {
    const client = new DirectLineClient(`${server.baseUrl}/v3/directline`);
    await client.generateToken();
    await client.start();
    await client.waitFor((all) => botTexts(all).includes(WELCOME_TEXT));
    const reference = bot.references.get(client.conversationId!)!;
    let sentId = '';
    await server.adapter.continueConversationAsync('', reference, async (context) => {
      sentId = (await context.sendActivity('Checking…'))!.id;
      await context.updateActivity({ id: sentId, type: 'message', text: 'Checked: 5 GB free' });
    });
    let all = await client.waitFor((activities) => botTexts(activities).includes('Checked: 5 GB free'));
    expect(all.filter((a) => a.id === sentId).map((a) => a.text)).toEqual(['Checked: 5 GB free']);

    await server.adapter.continueConversationAsync('', reference, async (context) => {
      await context.deleteActivity(sentId);
    });
    all = (await client.activities()).body.activities;
    expect(all.map((a) => a.id)).not.toContain(sentId);
  });
});

describe('proactive messages when the bot has an app id', () => {
  test('the emulator still works: local serviceUrls never need an Azure AD token', async () => {
    const bot = new TestBot();
    const server = await startTestServer({
      bot,
      botAuth: { MicrosoftAppType: 'MultiTenant', MicrosoftAppId: '00000000-0000-0000-0000-000000000002', MicrosoftAppPassword: 'not-real' },
    });
    try {
      const client = new DirectLineClient(`${server.baseUrl}/v3/directline`);
      await client.generateToken();
      await client.start();
      await client.waitFor((all) => botTexts(all).includes(WELCOME_TEXT));
      await client.say('hi');
      await client.waitFor((all) => botTexts(all).includes('You said: hi'));
      await server.adapter.continueConversationAsync('00000000-0000-0000-0000-000000000002', bot.references.get(client.conversationId!)!, async (context) => {
        await context.sendActivity('proactive with app id');
      });
      await client.waitFor((all) => botTexts(all).includes('proactive with app id'));
    } finally {
      await server.close();
    }
  });
});

/**
 * The agent console over HTTP with the real app (index.ts start(), memory storage): off without AGENT_KEY, 401 for a
 * wrong key or token, the queue with context, two agents racing to accept, messages both ways through the local
 * Direct Line (proactive messages), end, and the bot back.
 */
import { loadConfig } from '../../src/config/config';
import { start } from '../../src/index';
import { DirectLineClient, httpJson, type DlActivity } from '../helpers/directLineClient';

const AGENT_KEY = 'agent-console-test-key-0123';
const botTexts = (activities: DlActivity[]): string[] => activities.filter((a) => a.from?.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');

type App = Awaited<ReturnType<typeof start>>;

async function signIn(app: App, name: string, key = AGENT_KEY) {
  return httpJson<{ token: string; agent: { id: string; name: string } }>(`${app.url}/agent/api/sign-in`, { body: { key, name } });
}

async function person(app: App): Promise<DirectLineClient> {
  const client = new DirectLineClient(`${app.url}/v3/directline`);
  await client.generateToken();
  await client.start();
  await client.waitFor((all) => botTexts(all).some((t) => /What's happening with your backup/.test(t)));
  return client;
}

async function sayAndWait(client: DirectLineClient, text: string, expected: RegExp): Promise<void> {
  await client.say(text);
  await client.waitFor((all) => botTexts(all).some((t) => expected.test(t)));
}

describe('agent console is off without an agent key', () => {
  let app: App;
  beforeAll(async () => {
    app = await start(loadConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'silent' }));
  });
  afterAll(() => app?.stop());

  test.each(['/agent', '/agent/', '/agent/agent.js', '/agent/index.html', '/agent/api/queue'])('GET %s → 404', async (route) => {
    expect((await fetch(`${app.url}${route}`)).status).toBe(404);
  });

  test('sign-in → 404', async () => {
    expect((await signIn(app, 'Sam')).status).toBe(404);
  });
});

describe('agent console with an agent key', () => {
  let app: App;
  beforeAll(async () => {
    app = await start(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'silent', AGENT_KEY, HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600' }),
    );
  });
  afterAll(() => app?.stop());

  test('the page is served with a strict CSP; the API needs a valid sign-in', async () => {
    const page = await fetch(`${app.url}/agent`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('Agent console');

    expect((await signIn(app, 'Sam', 'not-the-key')).status).toBe(401);
    expect((await signIn(app, 'Sam', '')).status).toBe(401);
    expect((await signIn(app, '   ')).status).toBe(400);
    expect((await httpJson(`${app.url}/agent/api/queue`)).status).toBe(401);
    expect((await httpJson(`${app.url}/agent/api/queue`, { token: 'forged.token' })).status).toBe(401);
    const good = await signIn(app, 'Sam');
    expect(good.status).toBe(200);
    const tampered = `${good.body.token.split('.')[0]!.slice(0, -2)}xx.${good.body.token.split('.')[1]}`;
    expect((await httpJson(`${app.url}/agent/api/queue`, { token: tampered })).status).toBe(401);
    expect((await httpJson(`${app.url}/agent/api/queue`, { token: good.body.token })).status).toBe(200);
  });

  test('request → queue with context → two agents race → one chats with the person → end → the bot is back', async () => {
    const sam = (await signIn(app, 'Robin')).body;
    const alex = (await signIn(app, 'Kim')).body;

    const client = await person(app);
    await sayAndWait(client, 'backup failed but I have space', /Solution 2/);
    await sayAndWait(client, 'no', /Solution 3/);
    await sayAndWait(client, 'I want to talk to a real person', /connecting you to a person/i);

    const queue = await httpJson(`${app.url}/agent/api/queue`, { token: sam.token });
    expect(queue.status).toBe(200);
    expect(queue.body.agentsOnline).toEqual(expect.arrayContaining(['Robin', 'Kim']));
    const waiting = queue.body.waiting.find((w: { channel: string }) => w.channel === 'Web chat');
    expect(waiting).toMatchObject({
      route: 'Unstable internet connection',
      ruledOut: ['Insufficient iCloud storage'],
      solutionsTried: [
        { title: 'Check the Internet Connection', outcome: "Didn't fix it" },
        { title: 'Verify Apple ID and Password', outcome: 'Shown, no answer yet' },
      ],
    });
    const detail = await httpJson(`${app.url}/agent/api/requests/${waiting.id}`, { token: sam.token });
    expect(detail.body.transcript).toContainEqual(expect.objectContaining({ from: 'person', text: 'backup failed but I have space' }));
    expect(detail.body.transcript.some((e: { from: string; text: string }) => e.from === 'bot' && /Solution 2/.test(e.text))).toBe(true);

    const [a, b] = await Promise.all([
      httpJson(`${app.url}/agent/api/requests/${waiting.id}/accept`, { method: 'POST', token: sam.token }),
      httpJson(`${app.url}/agent/api/requests/${waiting.id}/accept`, { method: 'POST', token: alex.token }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [winner, loser] = a.status === 200 ? [sam, alex] : [alex, sam];
    await client.waitFor((all) => botTexts(all).some((t) => t.startsWith(`${winner.agent.name} has joined the chat`)));

    // Person → agent: the bot stays quiet.
    const before = botTexts((await client.activities()).body.activities).length;
    await client.say('hello, my email is jane@example.com');
    let messages: { from: string; text: string }[] = [];
    for (let i = 0; i < 100 && messages.length === 0; i++) {
      messages = (await httpJson(`${app.url}/agent/api/requests/${waiting.id}`, { token: winner.token })).body.messages;
      if (messages.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(messages).toEqual([expect.objectContaining({ from: 'person', text: 'hello, my email is •••' })]);
    expect(botTexts((await client.activities()).body.activities)).toHaveLength(before);

    // Agent → person, as a proactive message in their Web Chat conversation.
    expect((await httpJson(`${app.url}/agent/api/requests/${waiting.id}/messages`, { token: loser.token, body: { text: 'me too' } })).status).toBe(403);
    const sent = await httpJson(`${app.url}/agent/api/requests/${waiting.id}/messages`, { token: winner.token, body: { text: 'Hi! Let us check your Wi-Fi.' } });
    expect(sent.status).toBe(200);
    await client.waitFor((all) => botTexts(all).includes(`**${winner.agent.name}:** Hi! Let us check your Wi-Fi.`));

    const ended = await httpJson(`${app.url}/agent/api/requests/${waiting.id}/end`, { method: 'POST', token: winner.token });
    expect(ended.status).toBe(200);
    // The bot is back and asks once how it went (CSAT): "no" is a 👎 for that agent, then an optional comment.
    await client.waitFor((all) => botTexts(all).some((t) => t.includes(`Did ${winner.agent.name} help?`)) && botTexts(all).some((t) => t.startsWith(`${winner.agent.name} has left`)));
    expect((await httpJson(`${app.url}/agent/api/queue`, { token: sam.token })).body.active).toEqual([]);
    await sayAndWait(client, 'no', /one-line comment/);
    await sayAndWait(client, 'No comment', /anything else/i);
    await sayAndWait(client, 'no', /trouble again/);
  });

  test('unknown request ids are 404', async () => {
    const sam = (await signIn(app, 'Sam')).body;
    expect((await httpJson(`${app.url}/agent/api/requests/not-an-id`, { token: sam.token })).status).toBe(404);
    expect((await httpJson(`${app.url}/agent/api/requests/00000000-0000-0000-0000-000000000000/accept`, { method: 'POST', token: sam.token })).status).toBe(404);
  });
});

describe('nobody answers, with the real app', () => {
  let app: App;
  beforeAll(async () => {
    app = await start(loadConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'silent', AGENT_KEY, HANDOFF_ACCEPT_TIMEOUT_SECONDS: '1' }));
  });
  afterAll(() => app?.stop());

  test('no agent signed in: told at once, with Apple Support contacts; "cancel" leaves the queue', async () => {
    const client = await person(app);
    await sayAndWait(client, 'talk to a person', /no one from our support team is available/i);
    const all = botTexts((await client.activities()).body.activities).join('\n');
    expect(all).toContain('support.apple.com/contact');
    expect(all).not.toMatch(/connecting you/i);
    await sayAndWait(client, 'cancel', /out of the queue/i);
  });

  test('an agent signed in but nobody accepts in time: the timer tells the person, who stays queued', async () => {
    const sam = (await signIn(app, 'Sam')).body;
    const client = await person(app);
    await sayAndWait(client, 'talk to a person', /connecting you to a person/i);
    await client.waitFor((all) => botTexts(all).some((t) => /no one has been able to pick up yet/i.test(t)));
    const queue = await httpJson(`${app.url}/agent/api/queue`, { token: sam.token });
    expect(queue.body.waiting).toEqual([expect.objectContaining({ toldNobodyAvailable: true })]);
    const accepted = await httpJson(`${app.url}/agent/api/requests/${queue.body.waiting[0].id}/accept`, { method: 'POST', token: sam.token });
    expect(accepted.status).toBe(200);
    await client.waitFor((all) => botTexts(all).some((t) => t.startsWith('Sam has joined the chat')));
  });
});

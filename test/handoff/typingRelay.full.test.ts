/**
 * Typing relayed during a hand-off, over HTTP with the real app (memory storage, the built-in Direct Line): the
 * agent's POST …/typing reaches the person's Web Chat stream as a `typing` activity (never stored in the
 * conversation); the person's typing reaches their agent's console stream as a `typing` event (not another agent's);
 * the route's sign-in and ownership checks; and a person's typing outside a hand-off gets nothing (no reply, nothing
 * stored).
 */
import { randomUUID } from 'node:crypto';
import { CapturedLogs, TEST_ENV } from '../helpers/app';
import { loadConfig } from '../../src/config/config';
import { start } from '../../src/index';
import { DirectLineClient, httpJson, type DlActivity } from '../helpers/directLineClient';

const AGENT_KEY = 'typing-relay-agent-key-0123456789';
type App = Awaited<ReturnType<typeof start>>;
const botTexts = (all: DlActivity[]): string[] => all.filter((a) => a.from?.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');

/** An agent console's event stream (Server-Sent Events), read as text. */
class ConsoleStream {
  private text = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private constructor(response: Response) {
    this.reader = response.body!.getReader();
  }
  static async open(app: App, token: string): Promise<ConsoleStream> {
    const response = await fetch(`${app.url}/agent/api/events`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const stream = new ConsoleStream(response);
    await stream.until((s) => s.raw.includes('event: hello'));
    return stream;
  }
  events(name: string): Array<Record<string, unknown>> {
    return [...this.text.matchAll(new RegExp(`event: ${name}\\ndata: (.+)\\n\\n`, 'g'))].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
  }
  async until(predicate: (stream: ConsoleStream) => boolean): Promise<void> {
    while (!predicate(this)) {
      const { value, done } = await this.reader.read();
      if (done) throw new Error(`stream ended; got: ${this.text}`);
      this.text += this.decoder.decode(value, { stream: true });
    }
  }
  get raw(): string {
    return this.text;
  }
  close(): Promise<void> {
    return this.reader.cancel();
  }
}

async function signIn(app: App, name: string): Promise<string> {
  const res = await httpJson<{ token: string }>(`${app.url}/agent/api/sign-in`, { body: { key: AGENT_KEY, name } });
  expect(res.status).toBe(200);
  return res.body.token;
}

async function person(app: App): Promise<DirectLineClient> {
  const dl = new DirectLineClient(`${app.url}/v3/directline`);
  await dl.generateToken();
  await dl.start();
  await dl.waitFor((all) => botTexts(all).length > 0);
  return dl;
}

async function inHandoffWith(app: App, token: string): Promise<{ dl: DirectLineClient; id: string }> {
  const dl = await person(app);
  await dl.say('I want to talk to a real person');
  await dl.waitFor((all) => botTexts(all).some((t) => /connecting you to a person/i.test(t)));
  const queue = await httpJson<{ waiting: Array<{ id: string }> }>(`${app.url}/agent/api/queue`, { token });
  const id = queue.body.waiting.at(-1)!.id;
  expect((await httpJson(`${app.url}/agent/api/requests/${id}/accept`, { method: 'POST', token })).status).toBe(200);
  await dl.waitFor((all) => botTexts(all).some((t) => /has joined the chat/.test(t)));
  return { dl, id };
}

const typing = (app: App, id: string, token?: string) => httpJson<{ relayed?: boolean }>(`${app.url}/agent/api/requests/${id}/typing`, { method: 'POST', token });

describe('typing relayed during a hand-off', () => {
  let app: App;
  let robin: string;
  let kim: string;
  beforeAll(async () => {
    app = await start(loadConfig({ ...TEST_ENV, AGENT_KEY, HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600' }), { logDestination: new CapturedLogs() });
    robin = await signIn(app, 'Robin');
    kim = await signIn(app, 'Kim');
  });
  afterAll(() => app?.stop());

  test("the agent's typing reaches the person's stream as a typing activity, and is not stored", async () => {
    const { dl, id } = await inHandoffWith(app, robin);
    const stream = await dl.openStream();
    try {
      const res = await typing(app, id, robin);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ relayed: true });
      const seen = await stream.waitFor((all) => all.some((a) => a.type === 'typing'));
      expect(seen.find((a) => a.type === 'typing')).toEqual(expect.objectContaining({ from: expect.objectContaining({ role: 'bot' }) }));
      expect(seen.find((a) => a.type === 'typing')?.text).toBeUndefined();
      expect((await dl.activities()).body.activities.some((a) => a.type === 'typing')).toBe(false);
    } finally {
      await stream.close();
    }
  });

  test('the typing route: 401 signed out, 403 another agent, 404 unknown, 409 ended', async () => {
    const { id } = await inHandoffWith(app, robin);
    expect((await typing(app, id)).status).toBe(401);
    expect((await typing(app, id, 'forged.token')).status).toBe(401);
    expect((await typing(app, id, kim)).status).toBe(403);
    expect((await typing(app, randomUUID(), robin)).status).toBe(404);
    expect((await typing(app, 'not-a-request', robin)).status).toBe(404);
    expect((await httpJson(`${app.url}/agent/api/requests/${id}/end`, { method: 'POST', token: robin })).status).toBe(200);
    expect((await typing(app, id, robin)).status).toBe(409);
  });

  test("the person's typing reaches their agent's console, not another agent's; it is not a message", async () => {
    const { dl, id } = await inHandoffWith(app, robin);
    const mine = await ConsoleStream.open(app, robin);
    const other = await ConsoleStream.open(app, kim);
    try {
      expect((await dl.post({ type: 'typing' })).status).toBe(200);
      await mine.until((s) => s.events('typing').length > 0);
      expect(mine.events('typing')).toEqual([{ requestId: id }]);

      // A message after it reaches both consoles (as `queue` news); Kim's stream, in order, never had the typing.
      const before = other.events('queue').filter((e) => e.requestId === id).length;
      await dl.say('are you there?');
      await other.until((s) => s.events('queue').filter((e) => e.requestId === id).length > before);
      expect(other.raw).not.toContain('event: typing');
      const detail = await httpJson<{ messages: Array<{ text: string }> }>(`${app.url}/agent/api/requests/${id}`, { token: robin });
      expect(detail.body.messages.map((m) => m.text)).toEqual(['are you there?']);
      expect((await dl.activities()).body.activities.some((a) => a.type === 'typing')).toBe(false);
    } finally {
      await Promise.all([mine.close(), other.close()]);
    }
  });

  test('typing outside a hand-off: no reply and nothing stored', async () => {
    const dl = await person(app);
    const stateKey = `webchat/conversations/${dl.conversationId}/`;
    // A typing POST is answered once its turn is over, and turns run in order: after this one, the welcome's is over too.
    expect((await dl.post({ type: 'typing' })).status).toBe(200);
    const stateBefore = (await app.storage.read([stateKey]))[stateKey];
    const posted = await dl.post({ type: 'typing' });
    expect(posted.status).toBe(200);
    // The conversation's state was not even touched.
    expect((await app.storage.read([stateKey]))[stateKey]).toEqual(stateBefore);
    // Turns run in order per conversation: once "hello" is answered, the typing turn is long over.
    const hello = await dl.say('hello');
    const all = await dl.waitFor((activities) => activities.some((a) => a.from?.role === 'bot' && a.replyToId === hello.id));
    expect(all.some((a) => a.replyToId === posted.body.id)).toBe(false);
    expect(all.some((a) => a.type === 'typing')).toBe(false);
  });
});

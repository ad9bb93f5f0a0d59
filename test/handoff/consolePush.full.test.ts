/**
 * Push to the agent consoles: a request made on one instance reaches a console connected to another instance at
 * once, through the Redis pub/sub both share (two real app instances, a real redis-server) — and the event stream
 * keeps the agent counted as signed in without any polling; typing relayed both ways across the instances. Also the
 * answers-at-hand search.
 */
import { randomUUID } from 'node:crypto';
import { loadDialogContent } from '../../src/content/loadContent';
import { AnswerSearch, contentAnswers, knowledgeAnswers, type AnswerSource } from '../../src/handoff/answerSearch';
import { loadKnowledgeIndex } from '../../src/knowledge';
import { DirectLineClient, httpJson, type DlActivity } from '../helpers/directLineClient';
import { RedisServerHandle, startRedisServer } from '../helpers/redisServer';
import { RunningApp, startApp } from '../helpers/app';

const AGENT_KEY = 'push-test-agent-key-0123456';
const botTexts = (activities: DlActivity[]): string[] => activities.filter((a) => a.from?.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');

/** An open Server-Sent Events stream, read as text. */
class EventStream {
  private text = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  constructor(readonly response: Response) {
    this.reader = response.body!.getReader();
  }
  /** The `queue` events' data so far. */
  events(): { requestId: string; state: string }[] {
    return [...this.text.matchAll(/event: queue\ndata: (.+)\n\n/g)].map((m) => JSON.parse(m[1]!));
  }
  async until(predicate: (stream: EventStream) => boolean): Promise<void> {
    while (!predicate(this)) {
      const { value, done } = await this.reader.read();
      if (done) throw new Error(`stream ended; got: ${this.text}`);
      this.text += this.decoder.decode(value, { stream: true });
    }
  }
  get raw(): string {
    return this.text;
  }
  async close(): Promise<void> {
    await this.reader.cancel();
  }
}

describe('console push across instances (Redis pub/sub)', () => {
  let redis: RedisServerHandle;
  let first: RunningApp;
  let second: RunningApp;
  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { STORAGE: 'redis', REDIS_URL: redis.url, REDIS_KEY_PREFIX: `push-${randomUUID().slice(0, 8)}:`, AGENT_KEY, HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600' };
    // One after the other: in one test process, one instance's start-up work (models and four languages' knowledge
    // indexes, synchronous) would otherwise stall the other's Redis replies past their 1 s command timeout.
    first = await startApp(env);
    second = await startApp(env);
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await redis?.stop();
  });

  test('a request on instance 1 is pushed to a console on instance 2; the accept on 2 is pushed to a console on 1', async () => {
    const sam = (await httpJson(`${second.url}/agent/api/sign-in`, { body: { key: AGENT_KEY, name: 'Sam' } })).body;
    const alex = (await httpJson(`${first.url}/agent/api/sign-in`, { body: { key: AGENT_KEY, name: 'Alex' } })).body;
    const samStream = new EventStream(await fetch(`${second.url}/agent/api/events`, { headers: { Authorization: `Bearer ${sam.token}` } }));
    const alexStream = new EventStream(await fetch(`${first.url}/agent/api/events`, { headers: { Authorization: `Bearer ${alex.token}` } }));
    expect(samStream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await samStream.until((s) => s.raw.includes('event: hello'));
    await alexStream.until((s) => s.raw.includes('event: hello'));
    try {
      // The open streams count their agents as signed in (no queue polling needed).
      const online = (await httpJson(`${first.url}/agent/api/queue`, { token: alex.token })).body.agentsOnline;
      expect(online).toEqual(expect.arrayContaining(['Sam', 'Alex']));

      const person = new DirectLineClient(`${first.url}/v3/directline`);
      await person.generateToken();
      await person.start();
      await person.waitFor((all) => botTexts(all).some((t) => /What's happening with your backup/.test(t)));
      await person.say('talk to a person');

      await samStream.until((s) => s.events().some((e) => e.state === 'waiting'));
      const requestId = samStream.events().find((e) => e.state === 'waiting')!.requestId;
      const accepted = await httpJson(`${second.url}/agent/api/requests/${requestId}/accept`, { method: 'POST', token: sam.token });
      expect(accepted.status).toBe(200);
      await alexStream.until((s) => s.events().some((e) => e.requestId === requestId && e.state === 'active'));
      await person.waitFor((all) => botTexts(all).some((t) => t.startsWith('Sam has joined the chat')));

      // Typing across instances: the person's (served by 1) reaches Sam's console on 2; Sam's (posted to 2) reaches
      // the person's stream on 1 (the local Direct Line conversation is reached through pub/sub).
      expect((await person.post({ type: 'typing' })).status).toBe(200);
      await samStream.until((s) => s.raw.includes(`event: typing\ndata: {"requestId":"${requestId}"}`));
      const personStream = await person.openStream();
      try {
        const typed = await httpJson(`${second.url}/agent/api/requests/${requestId}/typing`, { method: 'POST', token: sam.token });
        expect(typed).toEqual(expect.objectContaining({ status: 200, body: { relayed: true } }));
        await personStream.waitFor((all) => all.some((a) => a.type === 'typing'));
      } finally {
        await personStream.close();
      }
      expect(alexStream.raw).not.toContain('event: typing');
    } finally {
      await samStream.close();
      await alexStream.close();
    }
  });

  test('the event stream needs a signed-in agent', async () => {
    expect((await fetch(`${first.url}/agent/api/events`)).status).toBe(401);
  });
});

describe('answers at hand', () => {
  const content = loadDialogContent('dialogs');
  const search = new AnswerSearch([contentAnswers(content)]);

  test('every solution and FAQ answer can be found', () => {
    expect(search.size).toBe(content.solutions.length + content.answers.length);
  });

  test('ranked by relevance: storage questions find the storage solution and FAQ first', () => {
    const ids = search.search('icloud storage full', 3).map((d) => d.id);
    expect(ids).toContain('solution:check_storage');
    expect(search.search('apple id password', 1)[0]!.id).toBe('solution:verify_apple_id');
  });

  test('an answer is plain text ready for the reply box (no markdown bold)', () => {
    const storage = search.search('storage', 5).find((d) => d.id === 'solution:check_storage')!;
    expect(storage.text).toMatch(/^Ensure Sufficient iCloud Storage: /);
    expect(storage.text).toContain('1. Go to Settings > [Your Name] > iCloud > Manage Account Storage.');
    expect(storage.text).not.toContain('**');
  });

  test('another source (e.g. a knowledge base) is one more entry in the list', () => {
    const kb: AnswerSource = { documents: () => [{ id: 'knowledge:photos', kind: 'knowledge', title: 'Backups and iCloud Photos', text: 'With iCloud Photos on, your photos are not part of the device backup.' }] };
    const withKb = new AnswerSearch([contentAnswers(content), kb]);
    expect(withKb.search('photos device backup', 1)[0]!.id).toBe('knowledge:photos');
  });

  test('the knowledge base the bot answers from is a source: its answer to "how long does a backup take" can be inserted', () => {
    const knowledge = loadKnowledgeIndex('dialogs', content);
    const withKb = new AnswerSearch([contentAnswers(content), knowledgeAnswers(knowledge.content)]);
    expect(withKb.size).toBe(content.solutions.length + content.answers.length + knowledge.content.entries.length);
    const found = withKb.search('how long does a backup take', 3);
    const entry = found.find((d) => d.kind === 'knowledge');
    expect(entry).toBeDefined();
    expect(entry!.text).toBe(knowledge.content.entries.find((e) => `knowledge:${e.id}` === entry!.id)!.answer.replace(/\*\*([^*]+)\*\*/g, '$1').trim());
    expect(entry!.text).not.toContain('**');
  });

  test('nothing relevant → nothing returned', () => {
    expect(search.search('zzzqqq', 5)).toEqual([]);
  });
});

/**
 * A screenshot sent during a hand-off reaches the agent as the image itself (not only the text read from it), on
 * memory, SQLite and Redis storage (a real redis-server): the agent connected to the hand-off gets the same bytes from
 * GET /agent/api/requests/:id/images/:slot with the sniffed type and nosniff; another agent gets 403, nobody signed in
 * 401. When the hand-off ends, expires or the conversation is erased, the route answers 404 and the store holds no
 * copy (SQLite: not even in the database file's free pages or its WAL).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '../../src/config/config';
import { start } from '../../src/index';
import { CapturedLogs, TEST_ENV } from '../helpers/app';
import { DirectLineClient, httpJson, type DlActivity } from '../helpers/directLineClient';
import { startRedisServer, type RedisServerHandle } from '../helpers/redisServer';
import { heicAlert } from '../ocr/images';
import { StubOcr } from '../ocr/stubOcr';

const AGENT_KEY = 'handoff-images-agent-key-0123456789';
const DAY_MS = 24 * 60 * 60 * 1000;
type App = Awaited<ReturnType<typeof start>>;
type Message = { from: string; text: string; image?: { url: string; type: string; bytes: number } };
const botTexts = (all: DlActivity[]): string[] => all.filter((a) => a.from?.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');

/** A PNG of random pixels: its bytes (and their base64) occur nowhere else. */
function noisePng(): Promise<Buffer> {
  return sharp(randomBytes(48 * 48 * 3), { raw: { width: 48, height: 48, channels: 3 } }).png().toBuffer();
}

/** Signs in (again while the store answers 500: a just-started app on a loaded machine may miss Redis' 1 s timeout once). */
async function signIn(app: App, name: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  let res = await httpJson<{ token: string }>(`${app.url}/agent/api/sign-in`, { body: { key: AGENT_KEY, name } });
  while (res.status === 500 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    res = await httpJson<{ token: string }>(`${app.url}/agent/api/sign-in`, { body: { key: AGENT_KEY, name } });
  }
  expect(res.status).toBe(200);
  return res.body.token;
}

/** A person in a hand-off accepted by the agent of `token`: their Direct Line client and the request id. */
async function personWithAgent(app: App, token: string): Promise<{ dl: DirectLineClient; id: string }> {
  const dl = new DirectLineClient(`${app.url}/v3/directline`);
  await dl.generateToken();
  await dl.start();
  await dl.say('I want to talk to a real person');
  await dl.waitFor((all) => botTexts(all).some((t) => /connecting you to a person/i.test(t)));
  const queue = await httpJson<{ waiting: Array<{ id: string }> }>(`${app.url}/agent/api/queue`, { token });
  const id = queue.body.waiting.at(-1)!.id;
  expect((await httpJson(`${app.url}/agent/api/requests/${id}/accept`, { method: 'POST', token })).status).toBe(200);
  return { dl, id };
}

async function upload(app: App, dl: DirectLineClient, bytes: Buffer): Promise<void> {
  const form = new FormData();
  form.append('activity', new Blob([JSON.stringify({ type: 'message' })], { type: 'application/vnd.microsoft.activity' }));
  // The client claims JPEG: the route must answer with what the bytes are.
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'shot.jpg');
  const res = await fetch(`${app.url}/v3/directline/conversations/${dl.conversationId}/upload`, { method: 'POST', headers: { Authorization: `Bearer ${dl.token}` }, body: form });
  expect(res.status).toBe(200);
}

/** Polls the request until it has `count` messages with an image; returns those messages. */
async function imageMessages(app: App, token: string, id: string, count: number): Promise<Message[]> {
  const deadline = Date.now() + 15_000;
  let withImages: Message[] = [];
  while (Date.now() < deadline) {
    const detail = await httpJson<{ messages: Message[] }>(`${app.url}/agent/api/requests/${id}`, { token });
    withImages = (detail.body.messages ?? []).filter((m) => m.image);
    if (withImages.length >= count) return withImages;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no ${count} image message(s); had ${JSON.stringify(withImages)}`);
}

async function getImage(app: App, url: string, token?: string): Promise<Response> {
  return fetch(`${app.url}${url}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
}

async function storedImage(app: App, id: string, slot = 0): Promise<unknown> {
  const key = `handoff/images/${id}/${slot}`;
  return (await app.storage.read([key]))[key];
}

type Backend = 'memory' | 'sqlite' | 'redis';

describe.each<Backend>(['memory', 'sqlite', 'redis'])('images during a hand-off (%s storage)', (backend) => {
  const ocr = new StubOcr();
  let app: App;
  let dir: string | undefined;
  let redis: RedisServerHandle | undefined;
  let robin: string;
  let kim: string;

  beforeAll(async () => {
    const env: Record<string, string> = { ...TEST_ENV, AGENT_KEY, HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600', STORAGE: backend };
    if (backend === 'sqlite') {
      dir = mkdtempSync(join(tmpdir(), 'handoff-images-'));
      env.SQLITE_PATH = join(dir, 'bot.sqlite');
    }
    if (backend === 'redis') {
      redis = await startRedisServer();
      Object.assign(env, { REDIS_URL: redis.url, REDIS_KEY_PREFIX: `img-${randomUUID().slice(0, 8)}:` });
    }
    app = await start(loadConfig(env), { logDestination: new CapturedLogs(), ocrEngine: ocr });
    robin = await signIn(app, 'Robin');
    kim = await signIn(app, 'Kim');
  });
  afterAll(async () => {
    await app?.stop();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the agent sees the image (same bytes, sniffed type); others do not; it is gone when the hand-off ends', async () => {
    const { dl, id } = await personWithAgent(app, robin);
    const shot = await noisePng();
    ocr.willRead('Not Enough Storage', 'This iPhone cannot be backed up because there is not enough iCloud storage available.');
    await upload(app, dl, shot);
    const [message] = await imageMessages(app, robin, id, 1);
    expect(message).toEqual(expect.objectContaining({ from: 'person', text: expect.stringContaining('not enough iCloud storage'), image: expect.objectContaining({ type: 'image/png', bytes: shot.length }) }));

    const served = await getImage(app, message!.image!.url, robin);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(served.headers.get('cache-control')).toContain('no-store');
    expect(Buffer.from(await served.arrayBuffer()).equals(shot)).toBe(true);
    expect((await getImage(app, message!.image!.url, kim)).status).toBe(403);
    expect((await getImage(app, message!.image!.url)).status).toBe(401);
    expect((await getImage(app, `/agent/api/requests/${id}/images/4`, robin)).status).toBe(404);
    expect((await getImage(app, `/agent/api/requests/${id}/images/x`, robin)).status).toBe(404);
    expect(await storedImage(app, id)).toBeDefined();

    expect((await httpJson(`${app.url}/agent/api/requests/${id}/end`, { method: 'POST', token: robin })).status).toBe(200);
    expect((await getImage(app, message!.image!.url, robin)).status).toBe(404);
    expect(await storedImage(app, id)).toBeUndefined();
  });

  // A browser shows no HEIC (an iPhone's own format): the agent gets a JPEG copy of the decoded photo. One backend is
  // enough for the decode; the stored copy is an ordinary image from there on (the test above, every backend).
  (backend === 'memory' ? test : test.skip)('a HEIC reaches the agent as a JPEG the console can show', async () => {
    const { dl, id } = await personWithAgent(app, robin);
    ocr.willRead('Not Enough Storage');
    await upload(app, dl, heicAlert());
    const [message] = await imageMessages(app, robin, id, 1);
    expect(message!.image!.type).toBe('image/jpeg');
    const served = await getImage(app, message!.image!.url, robin);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect(meta.format).toBe('jpeg');
    // The photo is 1179 × 2556: kept at its size (narrower than the display copy's 1600), upright.
    expect([meta.width, meta.height]).toEqual([1179, 2556]);
    expect((await httpJson(`${app.url}/agent/api/requests/${id}/end`, { method: 'POST', token: robin })).status).toBe(200);
  });

  test('an image with no error on it goes to the agent without the bot answering it', async () => {
    const { dl, id } = await personWithAgent(app, robin);
    ocr.willRead();
    await upload(app, dl, await noisePng());
    const [message] = await imageMessages(app, robin, id, 1);
    expect(message!.text).toBe('(an image)');
    expect(botTexts((await dl.activities()).body.activities).some((t) => /couldn't read any text|couldn't find a backup error/.test(t))).toBe(false);
    expect((await httpJson(`${app.url}/agent/api/requests/${id}/end`, { method: 'POST', token: robin })).status).toBe(200);
  });

  test('erasing the conversation leaves no image anywhere', async () => {
    const { dl, id } = await personWithAgent(app, robin);
    const shot = await noisePng();
    ocr.willRead('Not Enough Storage', 'This iPhone cannot be backed up because there is not enough iCloud storage available.');
    await upload(app, dl, shot);
    const [message] = await imageMessages(app, robin, id, 1);
    const ref = { channelId: 'webchat', conversationId: dl.conversationId! };
    const exported = await app.privacy.exportConversation(ref);
    expect(JSON.stringify(exported)).toContain(shot.toString('base64'));

    const erased = await app.privacy.eraseConversation(ref, 'test');
    expect(erased.removed['handoff.requests']).toBe(1);
    expect((await getImage(app, message!.image!.url, robin)).status).toBe(404);
    expect(await storedImage(app, id)).toBeUndefined();
    if (dir) {
      // secure_delete and the WAL checkpoint after an erasure: the bytes are not left in the files either.
      const fragment = shot.toString('base64').slice(40, 120);
      for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file)).toString('latin1').includes(fragment)).toBe(false);
    }
  });

  if (backend !== 'redis') {
    test('an image expires with its hand-off (the store idle TTL)', async () => {
      const { dl, id } = await personWithAgent(app, robin);
      ocr.willRead('Not Enough Storage', 'This iPhone cannot be backed up because there is not enough iCloud storage available.');
      await upload(app, dl, await noisePng());
      const [message] = await imageMessages(app, robin, id, 1);
      expect(await storedImage(app, id)).toBeDefined();
      await app.storage.expireIdle!(Date.now() + 31 * DAY_MS);
      expect((await getImage(app, message!.image!.url, robin)).status).toBe(404);
      expect(await storedImage(app, id)).toBeUndefined();
    });
  }
});

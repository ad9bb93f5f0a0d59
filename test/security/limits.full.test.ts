/**
 * Limits on /api/messages of the real app: body size (413), message length (a polite "too long"), rate limits per
 * client and per conversation (429 with Retry-After; 0 turns one off), and the limiter itself (shared through Redis).
 */
import { request } from 'node:http';
import { ConfigError, loadConfig } from '../../src/config/config';
import { DEFAULT_MESSAGE_LIMITS, MessageRateLimits } from '../../src/http/limits';
import { RunningApp, startApp } from '../helpers/app';
import { requestBodyLimit } from '../../src/channels/images';
import { HttpConversation, savedSession, solutionsIn } from '../helpers/chat';
import Redis from 'ioredis';
import { startRedisServer } from '../helpers/redisServer';

describe('the limiter', () => {
  test('per conversation: `max` per window, then 429 with the seconds until the window ends; conversations are separate', async () => {
    const limits = new MessageRateLimits({ perClient: 0, perConversation: 3, windowSeconds: 9 });
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await limits.takeConversation('msteams', 'a'));
    expect(taken.map((c) => c.allowed)).toEqual([true, true, true, false]);
    expect(taken[3]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(taken[3]!.retryAfterSeconds).toBeLessThanOrEqual(9);
    expect((await limits.takeConversation('msteams', 'b')).allowed).toBe(true);
    expect((await limits.takeConversation('webchat', 'a')).allowed).toBe(true);
  });

  test('with Redis the count is shared: two instances together get `max`, not twice as many', async () => {
    const redis = await startRedisServer();
    const clients = [new Redis(redis.url), new Redis(redis.url)];
    try {
      const [one, two] = clients.map((client) => new MessageRateLimits({ perClient: 0, perConversation: 4, windowSeconds: 60 }, { redis: client, keyPrefix: 'limits-test:' }));
      const allowed = [];
      for (let i = 0; i < 8; i++) allowed.push((await (i % 2 === 0 ? one! : two!).takeConversation('webchat', 'shared')).allowed);
      expect(allowed).toEqual([true, true, true, true, false, false, false, false]);
    } finally {
      clients.forEach((client) => client.disconnect());
      await redis.stop();
    }
  });

  test('0 turns a limit off', async () => {
    const limits = new MessageRateLimits({ perClient: 0, perConversation: 0, windowSeconds: 10 });
    const taken = await Promise.all(Array.from({ length: 1000 }, async () => (await limits.takeClient('127.0.0.1')).allowed && (await limits.takeConversation('c', 'x')).allowed));
    expect(taken.every(Boolean)).toBe(true);
  });

  test('configuration: defaults, overrides and bad values naming the variable', () => {
    expect(loadConfig({}).messageLimits).toEqual(DEFAULT_MESSAGE_LIMITS);
    expect(loadConfig({ RATE_LIMIT_PER_CLIENT: '0', RATE_LIMIT_PER_CONVERSATION: '12', RATE_LIMIT_WINDOW_SECONDS: '60' }).messageLimits).toEqual({
      perClient: 0,
      perConversation: 12,
      windowSeconds: 60,
    });
    expect(() => loadConfig({ RATE_LIMIT_PER_CONVERSATION: '-1' })).toThrow(/RATE_LIMIT_PER_CONVERSATION/);
    expect(() => loadConfig({ RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(/RATE_LIMIT_WINDOW_SECONDS/);
  });

  test('NODE_ENV=production without app credentials is refused with a clear message', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'Configuration error: MicrosoftAppId is required when NODE_ENV=production: without app credentials anyone could post to /api/messages',
    );
    expect(() => loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'x' })).toThrow(/MicrosoftAppPassword is required/);
    expect(loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'x', MicrosoftAppPassword: 'y' }).nodeEnv).toBe('production');
  });
});

/** The body limit with the default settings (screenshots on: room for one image as a data: URI). */
const BODY_LIMIT = requestBodyLimit(loadConfig({}));

describe('with the default limits', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(() => running.stop());

  test('a 100 KB message gets a polite "too long" and the conversation carries on', async () => {
    const person = new HttpConversation(running.url);
    expect(solutionsIn(await person.say('backup failed but I have space'))).toEqual([2]);
    const text = await person.say('x'.repeat(100 * 1024));
    expect(text).toContain('That message is 102400 characters long');
    expect(text).toContain('2000 characters or fewer');
    expect(solutionsIn(await person.say('no'))).toEqual([3]);
  });

  test('a message of emoji over the body limit (4 bytes each in UTF-8) gets 413 naming the limit', async () => {
    const person = new HttpConversation(running.url);
    const result = await person.post(person.activity({ text: '😀'.repeat(Math.ceil(BODY_LIMIT / 4) + 1024) }));
    expect(result.status).toBe(413);
    expect(result.body).toEqual({ error: { code: 'PayloadTooLarge', message: expect.stringContaining(String(BODY_LIMIT)) } });
  });

  test('with screenshots off (OCR_WORKERS=0) the body limit is MAX_BODY_BYTES itself', () => {
    expect(BODY_LIMIT).toBeGreaterThan(262144);
    expect(requestBodyLimit(loadConfig({ OCR_WORKERS: '0' }))).toBe(262144);
  });

  test('a body over the limit sent without Content-Length (chunked) is cut off with 413 too', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${running.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } });
      req.once('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      // The server may close the connection once it has answered; that is fine.
      req.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      req.write('{"type":"message","text":"');
      for (let i = 0; i <= Math.ceil(BODY_LIMIT / chunk.length); i++) req.write(chunk);
      req.end('"}');
    });
    expect(status).toBe(413);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });

  test('many turns of one conversation within the default allowance are not throttled', async () => {
    const person = new HttpConversation(running.url);
    for (let i = 0; i < DEFAULT_MESSAGE_LIMITS.perConversation; i++) expect((await person.send({ text: 'hello' })).status).toBe(200);
  });
});

describe('per-conversation limit', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_PER_CONVERSATION: '4', RATE_LIMIT_WINDOW_SECONDS: '60' });
  });
  afterAll(() => running.stop());

  test('the turn over the limit gets 429 with Retry-After, changes nothing, and other conversations are not affected', async () => {
    const busy = new HttpConversation(running.url);
    const calm = new HttpConversation(running.url);
    expect(solutionsIn(await busy.say('my iCloud backup failed'))).toEqual([1]);
    expect(solutionsIn(await busy.say('no'))).toEqual([2]);
    expect(solutionsIn(await busy.say('no'))).toEqual([3]);
    expect(solutionsIn(await busy.say('no'))).toEqual([4]);

    const response = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(busy.activity({ text: 'no' })),
    });
    expect(response.status).toBe(429);
    // Seconds until the 60 s window that is used up ends.
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await response.json()).toEqual({ error: { code: 'TooManyRequests', message: expect.any(String) } });
    // The refused turn did not run: still on Solution 4.
    const session = await savedSession(running.app.storage, busy);
    expect(session?.solutions.at(-1)).toMatchObject({ solutionId: 'update_ios', outcome: 'offered' });
    expect(session?.transcript.filter((e) => e.from === 'user')).toHaveLength(4);

    expect(solutionsIn(await calm.say('my backup says not enough storage'))).toEqual([1]);
  });
});

describe('per-client limit', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_PER_CLIENT: '6', RATE_LIMIT_WINDOW_SECONDS: '60' });
  });
  afterAll(() => running.stop());

  test('the request over the limit gets 429 before its body is read; other clients and /healthz are not affected', async () => {
    const person = new HttpConversation(running.url);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await person.send({ text: 'hello' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const over = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(person.activity({ text: 'hello' })),
    });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Even a malformed body is refused by the limit first.
    expect((await person.post('{not json')).status).toBe(429);
    // Behind a proxy, the client is the first X-Forwarded-For address.
    const other = new HttpConversation(running.url);
    const viaProxy = await other.post(other.activity({ text: 'hello' }), running.url, { 'X-Forwarded-For': '203.0.113.7' });
    expect(viaProxy.status).toBe(200);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });
});

describe('limits set to 0 are off', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_PER_CLIENT: '0', RATE_LIMIT_PER_CONVERSATION: '0' });
  });
  afterAll(() => running.stop());

  test('80 quick turns of one conversation all get answers', async () => {
    const person = new HttpConversation(running.url);
    const statuses = await Promise.all(Array.from({ length: 80 }, () => person.send({ text: 'hello' }).then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});

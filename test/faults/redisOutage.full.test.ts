/**
 * Issue 27: Redis stops under a running walk on two instances (REAL redis-server, append-only file on so its data
 * survives the restart). While it is down a turn is answered with the honest "can't reach my memory" message (HTTP
 * 200, as any answered turn) and /readyz is 503 naming every Redis probe (/healthz stays 200); once it is back /readyz is 200 again, without a restart,
 * and the same conversation continues at the NEXT solution on either instance (nothing of the failed turns applied).
 */
import { randomUUID } from 'node:crypto';
import { RestartableRedisHandle, startRestartableRedisServer } from '../helpers/redisServer';
import { RunningApp, startApp } from '../helpers/app';
import { HttpConversation, prompts, solutionsIn } from '../helpers/chat';
import { DirectLineClient, type DlActivity } from '../helpers/directLineClient';
import { RedisPubSub } from '../../src/storage';

/** A request the test gives up on after this long: the answers must come well before it. */
const REQUEST_LIMIT_MS = 10_000;

let redis: RestartableRedisHandle;
let first: RunningApp;
let second: RunningApp;

beforeAll(async () => {
  redis = await startRestartableRedisServer();
  const env = { STORAGE: 'redis', REDIS_URL: redis.url, REDIS_KEY_PREFIX: `fault-${randomUUID().slice(0, 8)}:` };
  // One after the other: in one test process, one instance's start-up work (models and four languages' knowledge
  // indexes, synchronous) would otherwise stall the other's Redis replies past their 1 s command timeout.
  first = await startApp(env);
  second = await startApp(env);
});

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
  await redis?.stop();
});

/** GET /readyz, as a load balancer polls it: its status and the names of the failing probes. */
async function readyz(app: RunningApp): Promise<{ status: number; failing: string[] }> {
  const response = await fetch(`${app.url}/readyz`, { signal: AbortSignal.timeout(REQUEST_LIMIT_MS) });
  const body = (await response.json()) as { failing?: string[] };
  return { status: response.status, failing: body.failing ?? [] };
}

/** Polls /readyz until it is 200; fails after `limitMs`. */
async function untilReady(app: RunningApp, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const { status, failing } = await readyz(app);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`still not ready after ${limitMs} ms: ${failing.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * /readyz once `count` probes fail, or its last answer after 10 s. The store's probe fails with the refused turn; the
 * pub/sub and Direct Line clients fail theirs when their own sockets see the close, a moment later on a busy machine.
 */
async function readinessOnceFailing(app: RunningApp, count: number): Promise<{ status: number; failing: string[] }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await readyz(app);
    if (answer.failing.length >= count || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A turn with a deadline set by the test (the client gives up then; the test fails). */
async function sayWithin(person: HttpConversation, text: string, baseUrl: string): Promise<{ status: number; text: string }> {
  const reply = await Promise.race([
    person.send({ text }, baseUrl),
    new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`"${text}" was not answered within ${REQUEST_LIMIT_MS} ms`)), REQUEST_LIMIT_MS).unref()),
  ]);
  return { status: reply.status, text: reply.text };
}

test('/readyz checks the model, redis, its pub/sub and the Direct Line store, and is 200 while Redis is up', async () => {
  expect(first.app.probes.map((p) => p.name)).toEqual(['model', 'redis', 'redis-pubsub', 'redis-directline']);
  expect(await readyz(first)).toEqual({ status: 200, failing: [] });
  expect(await readyz(second)).toEqual({ status: 200, failing: [] });
});

test('Redis stops mid-walk: honest fast answers and not ready; it comes back: ready, and the walk goes on at the next solution', async () => {
  const person = new HttpConversation(first.url);
  expect(solutionsIn(await person.say('my iCloud backup failed', first.url))).toEqual([1]);
  expect(solutionsIn(await person.say('no', second.url))).toEqual([2]);

  await redis.pause();

  for (const instance of [first, second]) {
    const reply = await sayWithin(person, 'no', instance.url);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(prompts.storeUnavailable);
    expect(await readinessOnceFailing(instance, 3)).toEqual({ status: 503, failing: ['redis', 'redis-pubsub', 'redis-directline'] });
    const health = await fetch(`${instance.url}/healthz`);
    expect(health.status).toBe(200);
  }
  // Again, now that the circuit is open: the same answer.
  expect(await sayWithin(person, 'no', first.url)).toEqual({ status: 200, text: prompts.storeUnavailable });

  await redis.resume();
  await untilReady(first);
  await untilReady(second);

  // None of the three refused "no"s was applied: the re-sent one gets Solution 3, the next one Solution 4.
  expect(solutionsIn(await person.say('no, still failing', second.url))).toEqual([3]);
  expect(solutionsIn(await person.say('no', first.url))).toEqual([4]);
  process.stdout.write('[faults] redis stopped and started under a walk on 2 instances: refused honestly, ready again, walk resumed at Solution 3\n');
});

test('an open Web Chat page (built-in Direct Line): a message sent while Redis is down is refused with 503, not dropped; after it the open stream goes on across instances', async () => {
  // The page's stream is on the first instance; its messages go to the second (as behind a load balancer).
  const page = new DirectLineClient(`${first.url}/v3/directline`);
  expect((await page.generateToken()).status).toBe(200);
  expect((await page.start()).status).toBe(201);
  const stream = await page.openStream();
  const poster = Object.assign(new DirectLineClient(`${second.url}/v3/directline`), { token: page.token, conversationId: page.conversationId });
  const botSaid = (pattern: RegExp) => (activities: DlActivity[]) => activities.some((a) => a.from?.role === 'bot' && pattern.test(a.text ?? ''));

  await poster.say('my iCloud backup failed');
  await stream.waitFor(botSaid(/Solution 1/));

  await redis.pause();
  const refused = await fetch(`${second.url}/v3/directline/conversations/${page.conversationId}/activities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${page.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text: 'no', from: { id: 'user-from-client' }, channelData: { clientActivityID: 'while-down' } }),
  });
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('5');

  await redis.resume();
  await untilReady(first);
  await untilReady(second);
  // Web Chat's "retry": the same message again; it is stored and answered once, and reaches the open stream.
  expect((await poster.post({ type: 'message', text: 'no', channelData: { clientActivityID: 'while-down' } })).status).toBe(200);
  const seen = await stream.waitFor(botSaid(/Solution 2/));
  expect(seen.filter((a) => a.from?.role === 'bot' && /Solution 2/.test(a.text ?? ''))).toHaveLength(1);
  expect(stream.closed).toBe(false);
  await stream.close();
});

test('pub/sub (hand-off news and deliveries across instances): publishing fails fast while Redis is down, and a subscription made before the outage receives again after it, without a restart', async () => {
  const prefix = `fault-pubsub-${randomUUID().slice(0, 8)}:`;
  const listener = new RedisPubSub({ url: redis.url, keyPrefix: prefix });
  const sender = new RedisPubSub({ url: redis.url, keyPrefix: prefix });
  try {
    const received: unknown[] = [];
    await listener.subscribe('handoff', (message) => {
      received.push(message);
    });
    expect(await sender.publish('handoff', { n: 1 })).toBe(1);

    await redis.pause();
    await expect(Promise.race([sender.publish('handoff', { n: 2 }), new Promise((resolve) => setTimeout(() => resolve('still waiting'), REQUEST_LIMIT_MS).unref())])).rejects.toThrow();
    // The listener's client learns of the close when its socket does, a moment after the publisher's command fails.
    expect(await failureOfProbeWithin(() => listener.probe().check(), 10_000)).toMatch(/connection is/);

    await redis.resume();
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await listener.probe().check();
        await sender.probe().check();
        if ((await sender.publish('handoff', { n: 3 })) === 1) break;
      } catch {
        // not back yet
      }
      if (Date.now() > deadline) throw new Error('pub/sub did not come back');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Delivery to the listener follows the publish; wait for it (at most 10 s) rather than a fixed moment.
    for (const until = Date.now() + 10_000; received.length < 2 && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toEqual([{ n: 1 }, { n: 3 }]);
  } finally {
    await Promise.all([listener.close(), sender.close()]);
  }
});

/** Polls a readiness probe until it fails (returning the failure's message) or the time is up (returning 'still passing'). */
async function failureOfProbeWithin(check: () => void | Promise<void>, limitMs: number): Promise<string> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      await check();
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) return 'still passing';
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

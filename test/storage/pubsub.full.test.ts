/** The same pub/sub contract for the in-process and the Redis implementation (Redis: two instances = two processes). */
import { InProcessPubSub, MessageHandler, PubSub, RedisPubSub } from '../../src/storage/pubsub';
import { StorageLog } from '../../src/storage/botStore';
import { RedisServerHandle, startRedisServer } from '../helpers/redisServer';

interface Kind {
  name: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** Two endpoints that share the bus (same process for in-process; two connections pairs for Redis). */
  pair(log?: StorageLog): [PubSub, PubSub];
}

const open: PubSub[] = [];
const track = <T extends PubSub>(p: T): T => {
  open.push(p);
  return p;
};

function inProcessKind(): Kind {
  return {
    name: 'in-process',
    setup: async () => undefined,
    teardown: async () => undefined,
    pair: (log) => {
      const bus = track(new InProcessPubSub(log));
      return [bus, bus];
    },
  };
}

function redisPubSubKind(): Kind {
  let server: RedisServerHandle | undefined;
  let n = 0;
  return {
    name: 'redis',
    setup: async () => {
      server = await startRedisServer();
    },
    teardown: async () => {
      await server?.stop();
    },
    pair: (log) => {
      if (!server) throw new Error('redis test server is not running (setup failed: see the first error of this suite)');
      const keyPrefix = `ps${++n}:`;
      return [track(new RedisPubSub({ url: server.url, keyPrefix, log })), track(new RedisPubSub({ url: server.url, keyPrefix, log }))];
    },
  };
}

/** A handler that records messages; next() resolves with the next message not yet taken (even if it already arrived). */
function recorder(): { handler: MessageHandler; received: Record<string, unknown>[]; next(): Promise<Record<string, unknown>> } {
  const received: Record<string, unknown>[] = [];
  const waiting: ((m: Record<string, unknown>) => void)[] = [];
  let taken = 0;
  return {
    received,
    handler: (m) => {
      received.push(m);
      const w = waiting.shift();
      if (w) {
        taken++;
        w(m);
      }
    },
    next: () =>
      new Promise((resolve) => {
        if (taken < received.length) resolve(received[taken++]!);
        else waiting.push(resolve);
      }),
  };
}

describe.each([inProcessKind(), redisPubSubKind()].map((k) => [k.name, k] as const))('%s pubsub', (_name, kind) => {
  beforeAll(() => kind.setup());
  afterAll(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()));
    await kind.teardown();
  });

  test('a message published on one endpoint reaches a subscriber on the other, as a copy', async () => {
    const [a, b] = kind.pair();
    const rec = recorder();
    await b.subscribe('handoff:conv-1', rec.handler);
    const message = { type: 'agent-message', text: 'Hello, I am Sam from support', at: 1 };
    const arrived = rec.next();
    expect(await a.publish('handoff:conv-1', message)).toBe(1);
    const got = await arrived;
    expect(got).toEqual(message);
    expect(got).not.toBe(message);
  });

  test('every subscriber of a channel gets the message; other channels do not', async () => {
    const [a, b] = kind.pair();
    const one = recorder();
    const two = recorder();
    const elsewhere = recorder();
    await b.subscribe('chan', one.handler);
    await b.subscribe('chan', two.handler);
    await b.subscribe('other', elsewhere.handler);
    const both = Promise.all([one.next(), two.next()]);
    await a.publish('chan', { n: 1 });
    await a.publish('other', { n: 2 });
    await both;
    await elsewhere.next();
    expect(one.received).toEqual([{ n: 1 }]);
    expect(two.received).toEqual([{ n: 1 }]);
    expect(elsewhere.received).toEqual([{ n: 2 }]);
  });

  test('publish reports 0 when nobody listens, including after the last unsubscribe', async () => {
    const [a, b] = kind.pair();
    expect(await a.publish('nobody', { x: 1 })).toBe(0);
    const first = recorder();
    const second = recorder();
    const offFirst = await b.subscribe('temp', first.handler);
    const offSecond = await b.subscribe('temp', second.handler);
    await offFirst();
    const arrived = second.next();
    expect(await a.publish('temp', { x: 2 })).toBe(1);
    await arrived;
    await offSecond();
    expect(await a.publish('temp', { x: 3 })).toBe(0);
    expect(first.received).toEqual([]);
  });

  test('a throwing handler is logged and does not stop the others', async () => {
    const errors: object[] = [];
    const log: StorageLog = { info: () => undefined, warn: () => undefined, error: (o) => errors.push(o) };
    const [a, b] = kind.pair(log);
    const good = recorder();
    await b.subscribe('c', () => {
      throw new Error('boom');
    });
    await b.subscribe('c', good.handler);
    const arrived = good.next();
    await a.publish('c', { ok: true });
    expect(await arrived).toEqual({ ok: true });
    expect(errors).toHaveLength(1);
  });

  test('non-object messages and use after close are rejected', async () => {
    const [a] = kind.pair();
    await expect(a.publish('c', [1, 2] as unknown as object)).rejects.toThrow(TypeError);
    await a.close();
    await a.close();
    await expect(a.publish('c', {})).rejects.toThrow(/closed/);
  });
});

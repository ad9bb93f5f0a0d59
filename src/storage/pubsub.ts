/**
 * Tiny publish/subscribe, so a hand-off message can reach the process that holds a person's live connection.
 * - InProcessPubSub: one process (tests, single instance).
 * - RedisPubSub: many processes; publishes on the main connection, listens on a separate subscriber connection.
 * Messages are JSON objects; each handler gets its own copy. Delivery is at-most-once (Redis PUBLISH semantics):
 * a message published while nobody is subscribed is dropped, which `publish` reports by resolving to 0.
 */
import Redis from 'ioredis';
import type { ReadinessProbe } from '../health/readiness';
import { silentLog, StorageLog } from './botStore';
import { createRedisClient, DEFAULT_REDIS_KEY_PREFIX, quitQuietly } from './redisStorage';

export type MessageHandler = (message: Record<string, unknown>) => void | Promise<void>;
export type Unsubscribe = () => Promise<void>;

export interface PubSub {
  /** Sends a message to every current subscriber of `channel`. Resolves to how many receivers got it (Redis: subscribed connections; in-process: handlers). 0 = nobody is listening. */
  publish(channel: string, message: object): Promise<number>;
  /** Resolves once the subscription is active; the returned function removes it. */
  subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe>;
  close(): Promise<void>;
  /** For /readyz: fails while messages cannot cross instances (Redis connections down). Absent in-process. */
  probe?(): ReadinessProbe;
}

function encode(message: object): string {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) throw new TypeError('pubsub: message must be an object');
  return JSON.stringify(message);
}

/** Runs a handler, logging (not throwing) its failure so one bad handler cannot break delivery to the others. */
function deliver(handler: MessageHandler, payload: string, channel: string, log: StorageLog): void {
  try {
    const result = handler(JSON.parse(payload) as Record<string, unknown>);
    if (result instanceof Promise) result.catch((err: unknown) => log.error({ channel, err }, 'pubsub handler failed'));
  } catch (err) {
    log.error({ channel, err }, 'pubsub handler failed');
  }
}

export class InProcessPubSub implements PubSub {
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private closed = false;

  constructor(private readonly log: StorageLog = silentLog) {}

  async publish(channel: string, message: object): Promise<number> {
    if (this.closed) throw new Error('pubsub is closed');
    const payload = encode(message);
    const targets = [...(this.handlers.get(channel) ?? [])];
    // Asynchronous like a network hop: handlers never run inside publish().
    setImmediate(() => targets.forEach((h) => deliver(h, payload, channel, this.log)));
    return targets.length;
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    if (this.closed) throw new Error('pubsub is closed');
    const set = this.handlers.get(channel) ?? new Set<MessageHandler>();
    set.add(handler);
    this.handlers.set(channel, set);
    return async () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(channel) === set) this.handlers.delete(channel);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
  }
}

export interface RedisPubSubOptions {
  url: string;
  /** Prepended to channel names. Default 'bot:'. */
  keyPrefix?: string;
  log?: StorageLog;
}

export class RedisPubSub implements PubSub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly log: StorageLog;
  /** Handlers by full (prefixed) channel name; a Redis SUBSCRIBE is held while a channel has at least one. */
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private closed = false;

  constructor(options: RedisPubSubOptions) {
    this.log = options.log ?? silentLog;
    this.prefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    this.publisher = createRedisClient(options.url, this.log, 'pubsub-publisher');
    this.subscriber = createRedisClient(options.url, this.log, 'pubsub-subscriber');
    this.subscriber.on('message', (fullChannel: string, payload: string) => {
      const set = this.handlers.get(fullChannel);
      if (!set) return;
      for (const h of [...set]) deliver(h, payload, fullChannel.slice(this.prefix.length), this.log);
    });
  }

  async publish(channel: string, message: object): Promise<number> {
    if (this.closed) throw new Error('pubsub is closed');
    return this.publisher.publish(this.prefix + channel, encode(message));
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    if (this.closed) throw new Error('pubsub is closed');
    const full = this.prefix + channel;
    let set = this.handlers.get(full);
    if (!set) {
      set = new Set<MessageHandler>();
      this.handlers.set(full, set);
    }
    set.add(handler);
    // SUBSCRIBE is idempotent on Redis; awaiting it means messages published after this resolves are received.
    await this.subscriber.subscribe(full);
    const owned = set;
    return async () => {
      owned.delete(handler);
      if (owned.size === 0 && this.handlers.get(full) === owned) {
        this.handlers.delete(full);
        // While Redis is down this fails at once (no offline queue): nothing to undo then, as no message can arrive,
        // and after a reconnect a message on the channel finds no handler and is ignored.
        if (!this.closed) await this.subscriber.unsubscribe(full).catch((err: unknown) => this.log.warn({ channel, error: (err as Error).message }, 'pubsub: could not unsubscribe'));
      }
    };
  }

  /**
   * Fails while either connection is not ready. Both reconnect by themselves (createRedisClient) and ioredis
   * subscribes the subscriber to its channels again (autoResubscribe), so the probe passes again once Redis is back.
   * Messages published while it was down are lost (at-most-once); see handoff for how open hand-offs catch up.
   */
  probe(): ReadinessProbe {
    return {
      name: 'redis-pubsub',
      check: () => {
        for (const [role, client] of [['publisher', this.publisher], ['subscriber', this.subscriber]] as const) {
          if (client.status !== 'ready') throw new Error(`pubsub ${role} connection is ${client.status}`);
        }
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    await Promise.all([quitQuietly(this.subscriber), quitQuietly(this.publisher)]);
  }
}

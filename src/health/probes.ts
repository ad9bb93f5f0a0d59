/**
 * The probes /readyz runs on this bot (see readiness.ts). They take only the small surface they call, so the
 * storage layer's circuit breakers or other dependencies can add their own probes the same way.
 */
import type { ReadinessProbe } from './readiness';

/** The NLU model is loaded and knows its intents (a retrain in the background keeps the previous model answering). */
export function modelProbe(current: () => { meta: { labels: readonly string[] } }): ReadinessProbe {
  return {
    name: 'model',
    check() {
      if (current().meta.labels.length === 0) throw new Error('the NLU model has no intents');
    },
  };
}

/** A key no one writes: reading it is one indexed query (SQLite) that proves the file opens and answers. */
export const READINESS_KEY = 'readyz/probe';

/** The store answers a read of one key (`name` says which store: "sqlite"). */
export function storeReadProbe(name: string, store: { read(keys: string[]): Promise<unknown> }): ReadinessProbe {
  return {
    name,
    async check() {
      await store.read([READINESS_KEY]);
    },
  };
}

/** Redis answers PING (on the store's own connection, so a dead connection fails it too). */
export function redisPingProbe(client: { ping(): Promise<unknown> }): ReadinessProbe {
  return {
    name: 'redis',
    async check() {
      const answer = await client.ping();
      if (answer !== 'PONG') throw new Error(`unexpected PING answer ${JSON.stringify(answer)}`);
    },
  };
}

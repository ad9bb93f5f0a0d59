/**
 * Pushes hand-off news to the agent consoles as it happens: every request created or changed (queued, accepted,
 * a message either way, ended, left the queue) is published on the pub/sub channel `handoff/console`, so with Redis
 * every instance hears it and tells the consoles connected to it (Server-Sent Events, see consoleRoutes.ts).
 * Only the request id and state travel; consoles fetch what they show through the API as before.
 */
import type { Log } from '../logging/log';
import { errorFields, silentLog } from '../logging/log';
import type { PubSub, Unsubscribe } from '../storage/pubsub';
import type { HandoffRequest, HandoffState } from './types';

const CONSOLE_CHANNEL = 'handoff/console';

export interface ConsoleEvent {
  requestId: string;
  state: HandoffState;
}

type Listener = (event: ConsoleEvent) => void;

export class ConsoleEvents {
  private readonly listeners = new Set<Listener>();
  private unsubscribe: Unsubscribe | undefined;

  constructor(
    private readonly pubsub?: PubSub,
    private readonly log: Log = silentLog,
  ) {}

  /** Starts hearing the other instances' news (and our own, back from pub/sub). */
  async start(): Promise<void> {
    if (!this.pubsub || this.unsubscribe) return;
    this.unsubscribe = await this.pubsub.subscribe(CONSOLE_CHANNEL, (message) => {
      if (typeof message.requestId === 'string' && typeof message.state === 'string') this.emit({ requestId: message.requestId, state: message.state as HandoffState });
    });
  }

  /** Announces a change; never throws (a console that misses it still sees it on its next fetch). */
  publish(request: HandoffRequest): void {
    const event: ConsoleEvent = { requestId: request.id, state: request.state };
    if (!this.pubsub) {
      setImmediate(() => this.emit(event));
      return;
    }
    this.pubsub.publish(CONSOLE_CHANNEL, event).catch((error: unknown) => {
      this.log.warn({ err: errorFields(error) }, 'hand-off: console news could not be published');
      this.emit(event);
    });
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listening(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.listeners.clear();
  }

  private emit(event: ConsoleEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.log.warn({ err: errorFields(error) }, 'hand-off: a console listener failed');
      }
    }
  }
}

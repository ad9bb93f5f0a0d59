/**
 * Pushes hand-off news to the agent consoles as it happens: every request created or changed (queued, accepted,
 * a message either way, ended, left the queue) is published on the pub/sub channel `handoff/console`, so with Redis
 * every instance hears it and tells the consoles connected to it (Server-Sent Events, see consoleRoutes.ts).
 * Only the request id and state travel; consoles fetch what they show through the API as before. A person's typing
 * during an active hand-off travels the same way (`handoff/console/typing`: the request and agent ids, no text).
 */
import type { Log } from '../logging/log';
import { errorFields, silentLog } from '../logging/log';
import type { PubSub, Unsubscribe } from '../storage/pubsub';
import type { HandoffRequest, HandoffState } from './types';

const CONSOLE_CHANNEL = 'handoff/console';
const TYPING_CHANNEL = 'handoff/console/typing';

export interface ConsoleEvent {
  requestId: string;
  state: HandoffState;
}

/** The person of `requestId` is typing (for the console of `agentId`, the agent connected to them). No text, ever. */
export interface TypingEvent {
  requestId: string;
  agentId: string;
}

type Listener = (event: ConsoleEvent) => void;
type TypingListener = (event: TypingEvent) => void;

export class ConsoleEvents {
  private readonly listeners = new Set<Listener>();
  private readonly typingListeners = new Set<TypingListener>();
  private unsubscribe: Unsubscribe | undefined;
  private unsubscribeTyping: Unsubscribe | undefined;

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
    this.unsubscribeTyping = await this.pubsub.subscribe(TYPING_CHANNEL, (message) => {
      if (typeof message.requestId === 'string' && typeof message.agentId === 'string') this.emitTyping({ requestId: message.requestId, agentId: message.agentId });
    });
  }

  /** Tells the agent's consoles (on every instance) that their person is typing; never throws (typing is best effort). */
  publishTyping(event: TypingEvent): void {
    if (!this.pubsub) {
      setImmediate(() => this.emitTyping(event));
      return;
    }
    this.pubsub.publish(TYPING_CHANNEL, { ...event }).catch((error: unknown) => {
      this.log.warn({ err: errorFields(error) }, 'hand-off: typing news could not be published');
      this.emitTyping(event);
    });
  }

  listenTyping(listener: TypingListener): () => void {
    this.typingListeners.add(listener);
    return () => this.typingListeners.delete(listener);
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
    await this.unsubscribeTyping?.();
    this.unsubscribe = undefined;
    this.unsubscribeTyping = undefined;
    this.listeners.clear();
    this.typingListeners.clear();
  }

  private emitTyping(event: TypingEvent): void {
    this.notifyAll(this.typingListeners, event, 'hand-off: a console typing listener failed');
  }

  private emit(event: ConsoleEvent): void {
    this.notifyAll(this.listeners, event, 'hand-off: a console listener failed');
  }

  /** Calls every listener (a copy of the set: one may unsubscribe while called); one that throws is logged, not fatal. */
  private notifyAll<E>(listeners: ReadonlySet<(event: E) => void>, event: E, failure: string): void {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.log.warn({ err: errorFields(error) }, failure);
      }
    }
  }
}

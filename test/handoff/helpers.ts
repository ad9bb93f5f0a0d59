/**
 * The real bot (content + trained classifier) with a live hand-off desk, driven through botbuilder's TestAdapter,
 * and a person channel that records what the person would receive as proactive messages.
 */
import type { Activity, Storage, StoreItems } from 'botbuilder';
import { createBot } from '../../src/bots/createBot';
import { HandoffDesk } from '../../src/handoff/handoffDesk';
import type { PersonChannel } from '../../src/handoff/personChannel';
import type { HandoffAgent, HandoffRequest } from '../../src/handoff/types';
import { MemoryStore } from '../../src/storage';
import { DEFAULT_OPTIONS, knowledge, TestConversation, visibleText } from '../helpers/botHarness';

export const SAM: HandoffAgent = { id: 'agent-sam', name: 'Sam', kind: 'console' };
export const ALEX: HandoffAgent = { id: 'agent-alex', name: 'Alex', kind: 'console' };

/** Records proactive messages per request; can be told to fail (the person's channel is unreachable). */
export class RecordingPersonChannel implements PersonChannel {
  readonly sent: { requestId: string; activity: Partial<Activity> }[] = [];
  failing = false;

  async send(request: HandoffRequest, activities: Partial<Activity>[]): Promise<void> {
    if (this.failing) throw new Error('the person cannot be reached');
    for (const activity of activities) this.sent.push({ requestId: request.id, activity });
  }

  /** Everything the person of `requestId` was sent, as visible text. */
  texts(requestId?: string): string[] {
    return this.sent.filter((s) => !requestId || s.requestId === requestId).map((s) => visibleText(s.activity));
  }
}

export interface HandoffBotOptions {
  storage?: Storage;
  consoleEnabled?: boolean;
  acceptTimeoutMs?: number;
  now?: () => number;
  instanceId?: string;
}

export interface HandoffBot {
  desk: HandoffDesk;
  channel: RecordingPersonChannel;
  storage: Storage;
  /** A new person talking to this bot. */
  person(channelId?: string): TestConversation;
}

export async function handoffBot(options: HandoffBotOptions = {}): Promise<HandoffBot> {
  const { content, recognizer, acts } = await knowledge();
  const storage = options.storage ?? new MemoryStore({ sweepIntervalMs: 0 });
  const channel = new RecordingPersonChannel();
  const desk = new HandoffDesk({
    personChannel: channel,
    storage,
    content,
    now: options.now,
    instanceId: options.instanceId,
    options: { consoleEnabled: options.consoleEnabled ?? true, acceptTimeoutMs: options.acceptTimeoutMs ?? 60_000, sweepIntervalMs: 0 },
  });
  await desk.start();
  const services = createBot({ content, recognizer, acts, storage, options: DEFAULT_OPTIONS, handoffDesk: desk });
  return { desk, channel, storage, person: (channelId = 'test') => new TestConversation(services, storage, channelId) };
}

/** Sends an activity other than a message (e.g. a handoff.status event) and returns the bot's replies. */
export async function receive(conversation: TestConversation, activity: Partial<Activity>): Promise<string> {
  await conversation.adapter.receiveActivity(activity);
  return conversation.adapter.activeQueue.splice(0).map(visibleText).join('\n');
}

/**
 * A store where, once armed for a key, writes to that key wait until it has been read twice: two agents accepting at
 * the same moment both read the request as waiting (with the same eTag) before either writes — the race the eTag
 * must settle.
 */
export class RaceStore implements Storage {
  reads = 0;
  conflicts = 0;
  private key: string | undefined;
  private open: () => void = () => undefined;
  private gate: Promise<void> = Promise.resolve();

  constructor(private readonly inner: Storage) {}

  arm(key: string): void {
    this.key = key;
    this.reads = 0;
    this.gate = new Promise<void>((resolve) => (this.open = resolve));
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    if (this.key && keys.includes(this.key) && ++this.reads === 2) this.open();
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (this.key && this.key in changes && this.reads < 2) await this.gate;
    try {
      await this.inner.write(changes);
    } catch (error) {
      this.conflicts++;
      throw error;
    }
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

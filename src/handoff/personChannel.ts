/**
 * Proactive messages to the person in a hand-off (agent joined, the agent's messages, agent left, nobody answered),
 * sent into their own channel through the adapter's continueConversationAsync with the ConversationReference stored
 * at hand-off time: Web Chat through the local Direct Line emulator, Teams and any other channel through Azure.
 *
 * A local Direct Line conversation can only be reached from the instance that serves it (its serviceUrl is that
 * instance's loopback connector). When the reference is local to another instance, the message goes to that instance
 * over pub/sub (`handoff/deliver/<instanceId>`), which sends it; everything else is sent from here.
 */
import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import type { Log } from '../logging/log';
import { errorFields, silentLog } from '../logging/log';
import type { PubSub, Unsubscribe } from '../storage/pubsub';
import type { HandoffRequest } from './types';

export interface PersonChannel {
  /** Sends the activities to the person of `request`, in order. Rejects when they could not be delivered. */
  send(request: HandoffRequest, activities: Partial<Activity>[]): Promise<void>;
}

/** What this needs of the adapter (SupportCloudAdapter fits). */
export interface ProactiveAdapter {
  readonly botAppId: string | undefined;
  readonly localConnectors: { isLocal(url: string): boolean };
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

const deliverChannel = (instanceId: string): string => `handoff/deliver/${instanceId}`;

interface DeliverMessage {
  reference: Partial<ConversationReference>;
  activities: Partial<Activity>[];
}

export class AdapterPersonChannel implements PersonChannel {
  private unsubscribe: Unsubscribe | undefined;

  constructor(
    private readonly adapter: ProactiveAdapter,
    private readonly instanceId: string,
    private readonly pubsub?: PubSub,
    private readonly log: Log = silentLog,
  ) {}

  /** Starts receiving deliveries other instances route here. */
  async listen(): Promise<void> {
    if (!this.pubsub || this.unsubscribe) return;
    this.unsubscribe = await this.pubsub.subscribe(deliverChannel(this.instanceId), async (message) => {
      const { reference, activities } = message as unknown as DeliverMessage;
      try {
        await this.sendHere(reference, activities);
      } catch (error) {
        this.log.warn({ err: errorFields(error), conversationId: reference.conversation?.id }, 'hand-off: a routed message could not be delivered');
      }
    });
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  async send(request: HandoffRequest, activities: Partial<Activity>[]): Promise<void> {
    const serviceUrl = request.reference.serviceUrl ?? '';
    const servedHere = this.adapter.localConnectors.isLocal(`${serviceUrl.replace(/\/+$/, '')}/`);
    if (!servedHere && request.instanceId !== this.instanceId && this.pubsub) {
      const message: DeliverMessage = { reference: request.reference, activities };
      const receivers = await this.pubsub.publish(deliverChannel(request.instanceId), message);
      if (receivers > 0) return;
      // That instance is gone: try from here (works for every channel but a local Direct Line conversation).
    }
    await this.sendHere(request.reference, activities);
  }

  private async sendHere(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<void> {
    await this.adapter.continueConversationAsync(this.adapter.botAppId ?? '', reference, async (context) => {
      for (const activity of activities) await context.sendActivity(activity);
    });
  }
}

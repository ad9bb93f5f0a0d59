/**
 * Hands Direct Line activities to the bot through the shared adapter, one turn at a time per conversation
 * (so a user's messages reach the bot in order and conversation state is not written concurrently).
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { SupportCloudAdapter } from '../supportCloudAdapter';
import { errorFields, Log } from '../../logging/log';

export interface TurnRunner {
  run(context: TurnContext): Promise<void>;
}

export class TooManyPendingTurnsError extends Error {
  constructor() {
    super('Too many activities are waiting for the bot in this conversation');
    this.name = 'TooManyPendingTurnsError';
  }
}

export class BotBridge {
  private readonly queues = new Map<string, { tail: Promise<void>; pending: number }>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly adapter: SupportCloudAdapter,
    private readonly bot: TurnRunner,
    private readonly log: Log,
    private readonly maxPendingPerConversation: number,
  ) {}

  /** Runs the bot for `activity` after earlier activities of the same conversation. Rejects if the turn fails. */
  send(activity: Activity): Promise<void> {
    const conversationId = activity.conversation.id;
    const queue = this.queues.get(conversationId) ?? { tail: Promise.resolve(), pending: 0 };
    if (queue.pending >= this.maxPendingPerConversation) return Promise.reject(new TooManyPendingTurnsError());
    queue.pending++;
    this.queues.set(conversationId, queue);
    const turn = queue.tail.then(() => this.adapter.processLocalActivity(activity, (context) => this.bot.run(context)));
    const settled = turn.then(
      () => undefined,
      () => undefined,
    );
    queue.tail = settled;
    this.inFlight.add(settled);
    void settled.then(() => {
      this.inFlight.delete(settled);
      queue.pending--;
      if (queue.pending === 0 && this.queues.get(conversationId) === queue) this.queues.delete(conversationId);
    });
    return turn;
  }

  /** Like send, for turns nobody waits on (the welcome): failures are logged. */
  sendInBackground(activity: Activity): void {
    this.send(activity).catch((error: unknown) => {
      this.log.error({ err: errorFields(error), conversationId: activity.conversation.id, activityType: activity.type }, 'Direct Line turn failed');
    });
  }

  /** Waits for every started turn to finish (used on shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}

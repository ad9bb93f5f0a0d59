/**
 * Hands Direct Line activities to the bot through the shared adapter, one turn at a time per conversation, in the
 * order they arrived. The order is taken here, on arrival: the adapter does asynchronous work (connector and token
 * clients) before it calls the bot, so two activities handed to it at once could reach the bot in either order.
 * SupportBot.run's lock (the same KeyedLock) still serialises every channel's turns, /api/messages included; for
 * Direct Line turns it is then always free. Also: at most `maxPendingPerConversation` waiting turns, and drain().
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { SupportCloudAdapter } from '../supportCloudAdapter';
import { errorFields, Log } from '../../logging/log';
import { KeyedLock } from '../../state/keyedLock';

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
  private readonly turns = new KeyedLock();
  /** Turns started or waiting, per conversation. */
  private readonly pending = new Map<string, number>();
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
    const pending = this.pending.get(conversationId) ?? 0;
    if (pending >= this.maxPendingPerConversation) return Promise.reject(new TooManyPendingTurnsError());
    this.pending.set(conversationId, pending + 1);
    const turn = this.turns.run(conversationId, () => this.adapter.processLocalActivity(activity, (context) => this.bot.run(context)));
    const settled = turn.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => {
      this.inFlight.delete(settled);
      const left = (this.pending.get(conversationId) ?? 1) - 1;
      if (left > 0) this.pending.set(conversationId, left);
      else this.pending.delete(conversationId);
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

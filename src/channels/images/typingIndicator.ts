/**
 * Sends `typing` when a message turn takes longer than `delayMs` (OCR, a slow store), then every `periodMs` until the
 * turn ends, on every channel that receives activities as they are sent. Not botbuilder's ShowTypingMiddleware,
 * because that one also "types" into expectReplies responses (where the replies come all at once, after the wait)
 * and, when a typing activity cannot be sent, runs the turn's error handler, which tells the person the turn failed.
 * Here a failed typing activity is logged and typing stops; the turn goes on.
 */
import { ActivityTypes, DeliveryModes, TurnContext, type Middleware } from 'botbuilder';
import { errorFields, type Log } from '../../logging/log';

export interface TypingOptions {
  /** Default 300 ms. */
  delayMs?: number;
  /** Default 2500 ms (Web Chat shows a typing indicator for about 5 s). */
  periodMs?: number;
}

export class TypingIndicator implements Middleware {
  private readonly delayMs: number;
  private readonly periodMs: number;

  constructor(
    private readonly log: Log,
    options: TypingOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 300;
    this.periodMs = options.periodMs ?? 2500;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message || activity.deliveryMode === DeliveryModes.ExpectReplies) return next();
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const tick = (): void => {
      timer = setTimeout(() => {
        if (finished) return;
        this.sendTyping(context).then(
          () => {
            if (!finished) tick();
          },
          (error: unknown) => this.log.warn({ err: errorFields(error) }, 'typing indicator could not be sent'),
        );
      }, timer === undefined ? this.delayMs : this.periodMs);
    };
    tick();
    try {
      await next();
    } finally {
      finished = true;
      clearTimeout(timer);
    }
  }

  /** Straight through the adapter: not a reply of the turn (no transcript, no `responded`). */
  private async sendTyping(context: TurnContext): Promise<void> {
    const reference = TurnContext.getConversationReference(context.activity);
    await context.adapter.sendActivities(context, [TurnContext.applyConversationReference({ type: ActivityTypes.Typing }, reference)]);
  }
}

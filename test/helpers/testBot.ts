/**
 * A small bot for server and browser tests: a welcome with suggested actions when the user joins, a fixed answer
 * for the "Check my storage" button, an echo with a button for anything else, and a way to fail on purpose.
 * It remembers conversation references so tests can send proactive messages.
 */
import { ActivityHandler, ConversationReference, MessageFactory, TurnContext } from 'botbuilder';

export const WELCOME_TEXT = 'Hi! I can help you fix a failed iCloud backup.';
export const STORAGE_BUTTON = 'Check my storage';
export const OTHER_BUTTON = 'Something else';
export const STORAGE_ANSWER = 'Go to Settings > [your name] > iCloud > Manage Account Storage to see how much space is left.';
export const FAIL_TEXT = 'please fail';
export const FOLLOW_UP_BUTTONS = ['That fixed it', 'Still failing'];

export class TestBot extends ActivityHandler {
  readonly references = new Map<string, Partial<ConversationReference>>();

  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) {
          this.remember(context);
          await context.sendActivity(MessageFactory.suggestedActions([STORAGE_BUTTON, OTHER_BUTTON], WELCOME_TEXT));
        }
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      this.remember(context);
      const text = (context.activity.text ?? '').trim();
      if (text === FAIL_TEXT) throw new Error('Intentional failure (password=hunter2)');
      if (text === STORAGE_BUTTON) {
        await context.sendActivity(MessageFactory.suggestedActions(FOLLOW_UP_BUTTONS, STORAGE_ANSWER));
      } else {
        await context.sendActivity(MessageFactory.suggestedActions([STORAGE_BUTTON], `You said: ${text}`));
      }
      await next();
    });
  }

  private remember(context: TurnContext): void {
    this.references.set(context.activity.conversation.id, TurnContext.getConversationReference(context.activity));
  }
}

import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { randomUUID } from 'node:crypto';

/**
 * A Bot Framework adapter for the terminal (`npm run chat`; "console" means the agents' page at /agent): each line typed is a message activity; the bot's replies are printed,
 * with buttons (suggested actions or hero-card buttons) listed so they can be typed back.
 */
export class TerminalAdapter extends BotAdapter {
  private readonly reference: ConversationReference;
  private readonly user = { id: 'user', name: 'You', role: 'user' };

  constructor(
    private readonly print: (line: string) => void,
    channelId = 'console',
  ) {
    super();
    this.reference = {
      channelId,
      user: this.user,
      bot: { id: 'bot', name: 'iCloud Backup Help', role: 'bot' },
      conversation: { id: `console-${randomUUID()}`, isGroup: false, conversationType: 'personal', name: 'console' },
      serviceUrl: '',
    };
  }

  /** Runs one turn for an incoming activity (a typed line, or a conversationUpdate at start). */
  async receive(partial: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { id: randomUUID(), timestamp: new Date(), ...partial } as Partial<Activity>,
      this.reference,
      true,
    ) as Activity;
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  message(text: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.receive({ type: ActivityTypes.Message, text }, logic);
  }

  joined(logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.receive({ type: ActivityTypes.ConversationUpdate, membersAdded: [this.user] }, logic);
  }

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const a of activities) {
      if (a.type === ActivityTypes.Message) this.print(renderForTerminal(a));
      else if (a.type === ActivityTypes.Event) this.print(`  (event ${a.name ?? ''} sent to the agent hub)`);
    }
    return activities.map(() => ({ id: randomUUID() }));
  }

  updateActivity(): Promise<void> {
    return Promise.reject(new Error('The console cannot update messages'));
  }

  deleteActivity(): Promise<void> {
    return Promise.reject(new Error('The console cannot delete messages'));
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, { ...this.reference, ...reference }, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}

/** Text, then the buttons as `[Yes, it worked]  [No, still failing]`. Markdown bold is shown plainly. */
export function renderForTerminal(activity: Partial<Activity>): string {
  const lines: string[] = [];
  if (activity.text) lines.push(activity.text.replace(/\*\*(.+?)\*\*/g, '$1'));
  const buttons: string[] = [];
  for (const action of activity.suggestedActions?.actions ?? []) buttons.push(action.title ?? String(action.value));
  for (const attachment of activity.attachments ?? []) {
    const card = attachment.content as { text?: string; buttons?: { title?: string; value?: unknown }[] } | undefined;
    if (card?.text) lines.push(card.text);
    for (const b of card?.buttons ?? []) buttons.push(b.title ?? String(b.value));
  }
  if (buttons.length) lines.push(buttons.map((b) => `[${b}]`).join('  '));
  return lines.map((l) => l.replace(/^/gm, 'bot> ')).join('\n');
}

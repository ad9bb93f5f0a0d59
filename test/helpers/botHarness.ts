/**
 * Builds the real bot (real content, real trained classifier, memory storage) for dialog tests, and a small driver
 * that sends a message through botbuilder's TestAdapter and returns everything the bot said in reply.
 */
import { ActivityTypes, MemoryStorage, type Activity, type Storage } from 'botbuilder';
import type { SessionState } from '../../src/dialogs/session';
import { TestAdapter } from 'botbuilder';
import { createBot, type BotServices } from '../../src/bots/createBot';
import { loadConfig } from '../../src/config/config';
import { loadDialogContent, type DialogContent } from '../../src/content/loadContent';
import { loadKnowledgeIndex, type KnowledgeIndex } from '../../src/knowledge';
import { type ActReader, loadActClassifier, loadRecognizer } from '../../src/nlu';
import type { Recognizer } from '../../src/nlu/types';

/** The dialog options the server runs with by default (the configuration's defaults: NLU thresholds, message length). */
const DEFAULT_CONFIG = loadConfig({});
export const DEFAULT_OPTIONS = { ...DEFAULT_CONFIG.nlu, maxMessageLength: DEFAULT_CONFIG.maxMessageLength };

let shared: Promise<{ content: DialogContent; recognizer: Recognizer; knowledge: KnowledgeIndex; acts: ActReader }> | undefined;

/** Content and classifier are loaded once per test file (the model comes from `npm run train`). */
export function knowledge(): Promise<{ content: DialogContent; recognizer: Recognizer; knowledge: KnowledgeIndex; acts: ActReader }> {
  shared ??= (async () => {
    const content = loadDialogContent('dialogs');
    const recognizer = await loadRecognizer({
      intentsDir: 'intents',
      modelPath: 'models/nlu-model.json',
      causeOrder: content.causes.map((c) => c.id),
      // Tests always run on a model of the current training data (never a stale one retraining in the background).
      whenStale: 'retrain',
    });
    // The dialog-act classifier as the server loads it (models/act-model.json from npm run train, else trained now).
    const acts = loadActClassifier({ actsDir: 'intents/acts', modelPath: 'models/act-model.json' });
    return { content, recognizer, knowledge: loadKnowledgeIndex('dialogs', content), acts };
  })();
  return shared;
}

/** Flattens a reply to the text a person sees: message text, card text and button titles. */
export function visibleText(activity: Partial<Activity>): string {
  const parts: string[] = [];
  if (activity.text) parts.push(activity.text);
  for (const action of activity.suggestedActions?.actions ?? []) parts.push(`[${action.title}]`);
  for (const attachment of activity.attachments ?? []) {
    const card = attachment.content as { text?: string; buttons?: { title?: string }[] } | undefined;
    if (card?.text) parts.push(card.text);
    for (const b of card?.buttons ?? []) parts.push(`[${b.title}]`);
  }
  return parts.join('\n');
}

export class TestConversation {
  readonly adapter: TestAdapter;
  /** Every activity the bot sent, in order. */
  readonly sent: Partial<Activity>[] = [];

  constructor(
    readonly services: BotServices,
    private readonly storage: Storage,
    channelId = 'test',
  ) {
    this.adapter = new TestAdapter(async (context) => services.bot.run(context), { channelId } as Partial<Activity>);
    this.adapter.conversation.channelId = channelId;
  }

  /** The conversation's session record as saved in storage after the last turn. */
  async session(): Promise<SessionState> {
    const ref = this.adapter.conversation;
    const key = `${ref.channelId}/conversations/${ref.conversation.id}/`;
    const items = await this.storage.read([key]);
    return (items[key] as { session: SessionState }).session;
  }

  /** Sends a message and returns the bot's replies (all activities it sent during the turn). */
  async say(text: string): Promise<Partial<Activity>[]> {
    await this.adapter.receiveActivity({ type: ActivityTypes.Message, text });
    return this.drain();
  }

  /** A person joins (conversationUpdate): returns the welcome. */
  async join(): Promise<Partial<Activity>[]> {
    await this.adapter.receiveActivity({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'user1', name: 'User1' }],
    });
    return this.drain();
  }

  /** The replies of one turn as one string, for matching. */
  async ask(text: string): Promise<string> {
    return (await this.say(text)).map(visibleText).join('\n');
  }

  private drain(): Partial<Activity>[] {
    const replies = this.adapter.activeQueue.splice(0);
    this.sent.push(...replies);
    return replies;
  }
}

export async function newConversation(channelId = 'test'): Promise<TestConversation> {
  const { content, recognizer, knowledge: kb, acts } = await knowledge();
  const storage = new MemoryStorage();
  const services = createBot({ content, recognizer, acts, knowledge: kb, storage, options: DEFAULT_OPTIONS });
  return new TestConversation(services, storage, channelId);
}

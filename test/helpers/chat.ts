/**
 * A person chatting with the bot over real HTTP: activities posted to POST /api/messages with
 * deliveryMode "expectReplies", so the bot's replies come back in the response body.
 */
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { loadDialogContent } from '../../src/content/loadContent';
import type { SessionState } from '../../src/dialogs/session';
import { httpJson, type HttpResult } from './directLineClient';
import { visibleText } from './botHarness';

export { visibleText };

/** Prompts the tests look for (read from dialogs/prompts.yaml, so a wording change does not break them). */
export const prompts = loadDialogContent('dialogs').prompts;

export interface Replies {
  status: number;
  activities: Partial<Activity>[];
  /** Everything the person sees, one reply per line group. */
  text: string;
}

export class HttpConversation {
  readonly conversationId: string;
  readonly userId: string;

  constructor(
    /** Base URL of the instance turns go to by default. */
    public baseUrl: string,
    readonly channelId = 'emulator',
  ) {
    this.conversationId = `e2e-${randomUUID()}`;
    this.userId = `user-${randomUUID().slice(0, 8)}`;
  }

  /** The storage key of this conversation's state (botbuilder ConversationState). */
  get stateKey(): string {
    return `${this.channelId}/conversations/${this.conversationId}/`;
  }

  /** A well-formed activity of this conversation; `overrides` replace or remove (undefined) fields. */
  activity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      type: 'message',
      id: randomUUID(),
      channelId: this.channelId,
      serviceUrl: 'http://127.0.0.1:9/unused',
      deliveryMode: 'expectReplies',
      conversation: { id: this.conversationId },
      from: { id: this.userId, name: 'Test Person' },
      recipient: { id: 'bot', name: 'iCloud Backup Help' },
      locale: 'en-US',
      ...overrides,
    };
  }

  /** Posts any body (an activity or not) to /api/messages. */
  post(body: unknown, baseUrl = this.baseUrl, headers: Record<string, string> = {}): Promise<HttpResult> {
    return httpJson(`${baseUrl}/api/messages`, { method: 'POST', body, headers });
  }

  async send(overrides: Record<string, unknown>, baseUrl = this.baseUrl): Promise<Replies> {
    const result = await this.post(this.activity(overrides), baseUrl);
    const activities: Partial<Activity>[] = result.status === 200 ? ((result.body as { activities?: Partial<Activity>[] })?.activities ?? []) : [];
    return { status: result.status, activities, text: activities.map(visibleText).join('\n') };
  }

  /** The person types `text`; returns what the bot answered. Fails unless the server answered 200. */
  async say(text: string, baseUrl = this.baseUrl): Promise<string> {
    const replies = await this.send({ text }, baseUrl);
    if (replies.status !== 200) throw new Error(`"${text}" → HTTP ${replies.status}`);
    return replies.text;
  }

  /** The person opens the chat (conversationUpdate with the person added). */
  async join(baseUrl = this.baseUrl): Promise<string> {
    const replies = await this.send({ type: 'conversationUpdate', text: undefined, membersAdded: [{ id: this.userId }] }, baseUrl);
    if (replies.status !== 200) throw new Error(`join → HTTP ${replies.status}`);
    return replies.text;
  }
}

/** The solution numbers a reply shows ("Solution 4: ..."). */
export function solutionsIn(text: string): number[] {
  return [...text.matchAll(/Solution (\d+):/g)].map((m) => Number(m[1]));
}

/** The session record saved for a conversation, read straight from a store. */
export async function savedSession(storage: { read(keys: string[]): Promise<Record<string, unknown>> }, conversation: HttpConversation): Promise<SessionState | undefined> {
  const items = await storage.read([conversation.stateKey]);
  return (items[conversation.stateKey] as { session?: SessionState } | undefined)?.session;
}

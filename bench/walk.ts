/**
 * The conversations the load test holds: each is a troubleshooting walk of five turns (a complaint, three "no"s,
 * then "yes it worked"), one POST /api/messages with deliveryMode expectReplies per turn. Every walk has its own
 * conversation id, so each request continues its own conversation through the real dialogs.
 */

export const COMPLAINTS = [
  'my backup says not enough storage',
  'the backup stops every time my wifi drops',
  'it keeps asking for my Apple ID password',
  "I haven't updated iOS in ages and now the backup fails",
  'my iCloud backup failed',
];

export const WALK_REPLIES = ['no', 'no', 'no', 'yes it worked'];

/** The Bot Framework activity of one user message. */
export function messageActivity(conversationId: string, text: string): Record<string, unknown> {
  return {
    type: 'message',
    text,
    channelId: 'bench',
    serviceUrl: 'http://127.0.0.1:9/unused',
    deliveryMode: 'expectReplies',
    conversation: { id: conversationId },
    from: { id: `user-${conversationId}`, name: 'Bench user' },
    recipient: { id: 'bot', name: 'iCloud Backup Help' },
  };
}

/** Unique conversation ids for one load run. */
export class ConversationIds {
  private next = 0;
  constructor(private readonly prefix: string) {}
  take(): string {
    return `${this.prefix}-${++this.next}`;
  }
  get issued(): number {
    return this.next;
  }
}

/** The text of turn `turn` (0-based) of walk number `walk`. */
export function walkText(walk: number, turn: number, replies: readonly string[] = WALK_REPLIES): string {
  return turn === 0 ? COMPLAINTS[walk % COMPLAINTS.length]! : replies[(turn - 1) % replies.length]!;
}

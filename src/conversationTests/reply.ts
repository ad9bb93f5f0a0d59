/** What the bot sent in one turn, as a person sees it: text, buttons (and how they are drawn), events. */
import type { Activity, CardAction } from 'botbuilder';

interface Button {
  title: string;
  /** What clicking it sends. */
  value: string;
}

export interface Reply {
  /** The text of each message (card text included), in order. */
  messages: string[];
  /** The buttons of the last message that has any. */
  buttons: Button[];
  /** How those buttons are drawn. */
  card?: 'hero card' | 'suggested actions';
  /** Names of the event activities sent (e.g. handoff.initiate). */
  events: string[];
  /** The solutions and outcomes the handoff.initiate event tells the agent about (its context's solutionsTried). */
  agentSees?: Array<{ solutionId: string; outcome: string }>;
}

const HERO_CARD = 'application/vnd.microsoft.card.hero';

function toButton(action: CardAction): Button {
  const title = String(action.title ?? action.value ?? '');
  return { title, value: typeof action.value === 'string' ? action.value : title };
}

export function readReply(activities: ReadonlyArray<Partial<Activity>>): Reply {
  const reply: Reply = { messages: [], buttons: [], events: [] };
  for (const activity of activities) {
    if (activity.type === 'event') {
      if (activity.name) reply.events.push(activity.name);
      const tried = (activity.value as { solutionsTried?: Reply['agentSees'] } | undefined)?.solutionsTried;
      if (activity.name === 'handoff.initiate' && Array.isArray(tried)) reply.agentSees = tried;
      continue;
    }
    if (activity.type !== 'message') continue;
    const parts: string[] = [];
    if (activity.text) parts.push(activity.text);
    const suggested = activity.suggestedActions?.actions ?? [];
    if (suggested.length > 0) {
      reply.buttons = suggested.map(toButton);
      reply.card = 'suggested actions';
    }
    for (const attachment of activity.attachments ?? []) {
      const card = attachment.content as { text?: string; title?: string; buttons?: CardAction[] } | undefined;
      if (card?.title) parts.push(card.title);
      if (card?.text) parts.push(card.text);
      if (card?.buttons?.length) {
        reply.buttons = card.buttons.map(toButton);
        reply.card = attachment.contentType === HERO_CARD ? 'hero card' : reply.card;
      }
    }
    if (parts.length > 0) reply.messages.push(parts.join('\n'));
  }
  return reply;
}

/** The reply as one block of text for messages: each message, then the buttons as [Title]. */
export function showReply(reply: Reply): string {
  const lines = reply.messages.map((m) => m.replace(/\n+/g, ' / '));
  if (reply.buttons.length > 0) lines.push(reply.buttons.map((b) => `[${b.title}]`).join(' '));
  for (const e of reply.events) lines.push(`(event: ${e})`);
  return lines.length > 0 ? lines.join('\n') : '(nothing)';
}

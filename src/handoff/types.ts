/**
 * The records of the human hand-off, as kept in the bot's storage (see handoffRepository.ts for the keys).
 * One HandoffRequest per request for a person: who is waiting, with what context, which agent took it, and the
 * live messages exchanged. What the PERSON wrote is masked (src/privacy/redact.ts) before it is stored or shown to
 * agents; the bot's own lines are kept as the bot said them.
 */
import type { ConversationReference } from 'botbuilder';
import type { Language } from '../content/i18n/languages';
import type { TranscriptEntry } from '../dialogs/session';

/** waiting: queued, nobody accepted yet · active: an agent is connected · the rest are closed. */
export type HandoffState = 'waiting' | 'active' | 'ended' | 'cancelled' | 'failed';

const OPEN_STATES: ReadonlySet<HandoffState> = new Set<HandoffState>(['waiting', 'active']);

export function isOpen(state: HandoffState): boolean {
  return OPEN_STATES.has(state);
}

/** An agent of the built-in console (id from their sign-in) or of an external contact-centre hub. */
export interface HandoffAgent {
  id: string;
  name: string;
  kind: 'console' | 'hub';
}

/** What the bot learned before the hand-off: the same context `handoff.initiate` carries. */
export interface HandoffContext {
  reason: string;
  route?: string;
  ruledOut: string[];
  solutionsTried: { solutionId: string; title: string; outcome: string }[];
  startedAt: string;
  channelId: string;
}

/** One live message of the hand-off (masked when it comes from the person). */
export interface HandoffMessage {
  from: 'person' | 'agent';
  text: string;
  at: string;
  agentName?: string;
  /** The agent's id (from their sign-in: the token's subject with OpenID Connect). */
  agentId?: string;
  /** The agent's message could not be delivered to the person. */
  undelivered?: boolean;
  /** The person sent an image (kept for the agent while the hand-off is open: handoffImages.ts). */
  image?: HandoffImageRef;
}

/** An image the person sent during the hand-off: where it is kept and what it is (from its bytes, never a client's claim). */
export interface HandoffImageRef {
  /** Its slot among the request's images (0 … MAX_IMAGES_PER_REQUEST - 1). */
  slot: number;
  type: HandoffImageType;
  bytes: number;
}

export type HandoffImageType = 'image/png' | 'image/jpeg';

export interface HandoffRequest {
  id: string;
  /** `${channelId}/${conversationId}` of the person's conversation. */
  conversationKey: string;
  state: HandoffState;
  /**
   * The person's language (the bot's and the desk's messages to them are in it; the agent's answers at hand too).
   * Updated with each of their messages; absent in requests stored before languages: English.
   */
  language?: Language;
  /** Where proactive messages to the person go (TurnContext.getConversationReference at hand-off time, refreshed on each message). */
  reference: Partial<ConversationReference>;
  /** The server instance that last had a turn of this conversation (the one holding a local Direct Line conversation). */
  instanceId: string;
  context: HandoffContext;
  /** The conversation with the bot up to the hand-off; the person's lines masked, the bot's as said. */
  transcript: TranscriptEntry[];
  messages: HandoffMessage[];
  requestedAt: string;
  /** When the person was told nobody is available (no agent signed in, or nobody accepted in time). */
  noAnswerNotifiedAt?: string;
  acceptedAt?: string;
  agent?: HandoffAgent;
  closedAt?: string;
  closedBy?: 'agent' | 'person' | 'hub';
  /** Image slots taken so far (images the person sent during the hand-off; see handoffImages.ts). */
  imageSlots?: number;
}

/** Most live messages kept per request (the oldest are dropped beyond this). */
const MESSAGE_LIMIT = 500;

/** Longest message an agent may send. */
export const MAX_AGENT_MESSAGE_LENGTH = 2000;

/** Why an agent's action on a request failed (the console answers each with its own status). */
export type DeskFailure = 'not_found' | 'taken' | 'not_yours' | 'closed' | 'undelivered' | 'invalid';

/** 'ok' when `agent` is the agent connected to the request. */
export function ownership(r: HandoffRequest, agent: HandoffAgent): DeskFailure | 'ok' {
  if (!isOpen(r.state)) return 'closed';
  if (r.state !== 'active') return 'not_yours';
  return r.agent?.id === agent.id ? 'ok' : 'not_yours';
}

/** Why `agent` could not act on the request (it is not theirs, or it is closed). */
export function failureOf(r: HandoffRequest, agent: HandoffAgent): DeskFailure {
  const owned = ownership(r, agent);
  return owned === 'ok' ? 'closed' : owned;
}

/** The request's messages with `message` added, the oldest dropped beyond MESSAGE_LIMIT. */
export function appendMessage(messages: HandoffMessage[], message: HandoffMessage): HandoffMessage[] {
  const next = [...messages, message];
  return next.length > MESSAGE_LIMIT ? next.slice(next.length - MESSAGE_LIMIT) : next;
}

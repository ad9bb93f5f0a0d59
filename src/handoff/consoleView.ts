/**
 * What the agent console shows of a hand-off request: plain JSON with readable labels (the cause's name, how each
 * solution ended, the channel), and the transcript and live messages masked once more on the way out.
 */
import { isLanguage, LANGUAGE_NAMES } from '../content/i18n/languages';
import type { DialogContent } from '../content/loadContent';
import { redact } from '../privacy/redact';
import { isOpen, type HandoffRequest, type HandoffState } from './types';

/** The person's language as the console shows it: "ES · Spanish". */
export interface LanguageView {
  /** ISO 639-1 code, lower case ('es'). */
  code: string;
  /** Its English name ('Spanish'): the agents' console is in English. */
  name: string;
}

export interface RequestSummary {
  id: string;
  /** The language the person chatted in (English when the hand-off does not say). */
  language: LanguageView;
  state: HandoffState;
  requestedAt: string;
  /** Seconds since the request (waiting) or since the agent accepted (active). */
  waitingSeconds: number;
  reason: string;
  channel: string;
  route: string;
  ruledOut: string[];
  solutionsTried: { title: string; outcome: string }[];
  agent?: { id: string; name: string };
  /** The request is connected to the agent asking. */
  mine: boolean;
  /** The person was told nobody is available (they are still waiting). */
  toldNobodyAvailable: boolean;
  messageCount: number;
}

export interface RequestDetail extends RequestSummary {
  transcript: { from: 'person' | 'bot'; text: string; at: string }[];
  messages: { from: 'person' | 'agent'; text: string; at: string; agentName?: string; agentId?: string; undelivered?: boolean; image?: ImageView }[];
  closedAt?: string;
  closedBy?: string;
}

/** An image the person sent, while the hand-off is open (GET url: the image itself, for a signed-in agent). */
export interface ImageView {
  url: string;
  type: string;
  bytes: number;
}

/** GET /agent/api/queue: who is waiting, who is connected (to whom), and who is signed in. */
export interface QueueView {
  now: string;
  me: { id: string; name: string };
  agentsOnline: string[];
  waiting: RequestSummary[];
  active: RequestSummary[];
}

/** GET /agent/api/session (200 signed in, 401 not): how agents sign in here, and who is signed in. */
export interface AgentSessionView {
  mode: 'oidc' | 'shared-key';
  agent?: { id: string; name: string };
  signInUrl?: string;
  signOutUrl?: string;
}

/** POST /agent/api/sign-in (shared key): the session token. */
export interface AgentSignInView {
  token: string;
  agent: { id: string; name: string };
  expiresAt: string;
}

const OUTCOMES: Readonly<Record<string, string>> = {
  fixed: 'Fixed it',
  not_fixed: "Didn't fix it",
  skipped: 'Skipped',
  offered: 'Shown, no answer yet',
};

const CHANNELS: Readonly<Record<string, string>> = {
  directline: 'Web chat',
  webchat: 'Web chat',
  msteams: 'Microsoft Teams',
  emulator: 'Bot Framework Emulator',
  test: 'Test',
};

/** English names of languages the bot does not speak (a hub may record one). */
const OTHER_LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/**
 * The hand-off's `language` (the person's conversation language when they asked for a person), read defensively: a
 * record without one (older records, hubs) or with something that is not a language code is English.
 */
export function languageOf(request: HandoffRequest): LanguageView {
  const recorded: unknown = (request as { language?: unknown }).language ?? (request.context as { language?: unknown }).language;
  const code = typeof recorded === 'string' && /^[a-z]{2,3}$/i.test(recorded.trim()) ? recorded.trim().toLowerCase() : 'en';
  if (isLanguage(code)) return { code, name: LANGUAGE_NAMES[code] };
  let name = code;
  try {
    name = OTHER_LANGUAGE_NAMES.of(code) ?? code;
  } catch {
    // not a code Intl knows: shown as the code
  }
  return { code, name };
}

export class ConsoleView {
  constructor(private readonly content: DialogContent) {}

  routeName(route: string | undefined): string {
    if (!route) return 'Not known yet';
    if (route === 'backup_failed') return 'Backup failed, cause not known yet';
    return this.content.cause(route)?.name ?? route;
  }

  summary(request: HandoffRequest, agentId: string, now: number): RequestSummary {
    const since = request.state === 'active' && request.acceptedAt ? request.acceptedAt : request.requestedAt;
    const { context } = request;
    return {
      id: request.id,
      language: languageOf(request),
      state: request.state,
      requestedAt: request.requestedAt,
      waitingSeconds: Math.max(0, Math.floor((now - Date.parse(since)) / 1000)),
      reason: context.reason,
      channel: CHANNELS[context.channelId] ?? context.channelId,
      route: this.routeName(context.route),
      ruledOut: context.ruledOut.map((id) => this.content.cause(id)?.name ?? id),
      solutionsTried: context.solutionsTried.map((s) => ({ title: s.title, outcome: OUTCOMES[s.outcome] ?? s.outcome })),
      ...(request.agent ? { agent: { id: request.agent.id, name: request.agent.name } } : {}),
      mine: request.agent?.id === agentId,
      toldNobodyAvailable: Boolean(request.noAnswerNotifiedAt),
      messageCount: request.messages.length,
    };
  }

  detail(request: HandoffRequest, agentId: string, now: number): RequestDetail {
    return {
      ...this.summary(request, agentId, now),
      transcript: request.transcript.map((e) => ({ from: e.from === 'user' ? 'person' : 'bot', text: e.from === 'user' ? redact(e.text) : e.text, at: e.at })),
      messages: request.messages.map((m) => ({
        from: m.from,
        text: m.from === 'person' ? redact(m.text) : m.text,
        at: m.at,
        ...(m.agentName ? { agentName: m.agentName } : {}),
        ...(m.agentId ? { agentId: m.agentId } : {}),
        ...(m.undelivered ? { undelivered: true } : {}),
        // Images are kept only while the hand-off is open.
        ...(m.image && isOpen(request.state) ? { image: { url: `/agent/api/requests/${request.id}/images/${m.image.slot}`, type: m.image.type, bytes: m.image.bytes } } : {}),
      })),
      ...(request.closedAt ? { closedAt: request.closedAt, closedBy: request.closedBy } : {}),
    };
  }
}

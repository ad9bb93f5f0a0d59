/**
 * What the bot remembers about one conversation besides the dialog stack: the hand-off context and the analytics record.
 * Lives in ConversationState (property "session").
 */
export type SolutionOutcome = 'fixed' | 'not_fixed' | 'skipped' | 'offered';
export type ConversationOutcome = 'resolved' | 'escalated' | 'handed_off' | 'cancelled';

interface SolutionRecord {
  solutionId: string;
  title: string;
  outcome: SolutionOutcome;
  at: string;
}

export interface TranscriptEntry {
  from: 'user' | 'bot';
  text: string;
  at: string;
}

export interface SessionState {
  startedAt: string;
  lastActivityAt: string;
  route?: string;
  ruledOut: string[];
  solutions: SolutionRecord[];
  outcome?: ConversationOutcome;
  handoff?: { requestedAt: string; reason: string };
  transcript: TranscriptEntry[];
  /** CSAT questions asked and the one awaiting an answer (src/dialogs/csatDialog.ts). */
  csat?: CsatState;
  /** Knowledge-base entry ids offered in "Did you mean: A / B?", until the next message. */
  questionChoices?: string[];
  /** The bot asked "Shall I delete this conversation?" and waits for yes / no (src/bots/privacyChat.ts). */
  erasureAsked?: string;
}

/** The transcript keeps the most recent entries only, so state stays small. */
const TRANSCRIPT_LIMIT = 200;

export function newSession(now: Date = new Date()): SessionState {
  const at = now.toISOString();
  return { startedAt: at, lastActivityAt: at, ruledOut: [], solutions: [], transcript: [] };
}

/** Records (or updates) the outcome of a solution in the current walk. */
export function recordSolution(session: SessionState, solutionId: string, title: string, outcome: SolutionOutcome): void {
  const at = new Date().toISOString();
  const last = session.solutions[session.solutions.length - 1];
  if (last && last.solutionId === solutionId && last.outcome === 'offered') {
    last.outcome = outcome;
    last.at = at;
    return;
  }
  session.solutions.push({ solutionId, title, outcome, at });
}

export function appendTranscript(session: SessionState, entry: TranscriptEntry): void {
  session.transcript.push(entry);
  if (session.transcript.length > TRANSCRIPT_LIMIT) session.transcript.splice(0, session.transcript.length - TRANSCRIPT_LIMIT);
}

/** Reads the conversation's session record (created on first use); the bot saves it with the conversation state. */
export interface SessionAccessor {
  get(context: import('botbuilder').TurnContext): Promise<SessionState>;
}

/** CSAT ("Did I help?") state of a conversation; the questions are asked by src/dialogs/csatDialog.ts. */
export type CsatScore = 'up' | 'down';

/** A question asked and not answered yet. */
export interface CsatPending {
  id: string;
  subject: 'bot' | 'agent';
  agentId?: string;
  agentName?: string;
  route: string | null;
  /** rating: waiting for 👍/👎 · comment: rated, an optional comment may follow. */
  stage: 'rating' | 'comment';
  score?: CsatScore;
}

interface CsatState {
  /** "Did I help?" was asked in this conversation (it is asked once). */
  askedBot?: boolean;
  pending?: CsatPending;
}

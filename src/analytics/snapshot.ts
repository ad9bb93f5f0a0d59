/** Turns the bot's session record into the analytics snapshot of a conversation (no user text). */
import type { SessionState } from '../dialogs/session';
import type { ConversationSnapshot } from './types';

/** Milliseconds since epoch of an ISO timestamp, or `fallback` when it is missing or unparseable. */
function millis(iso: string | undefined, fallback: number): number {
  const value = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

export function snapshotOf(channelId: string, conversationId: string, session: SessionState, now: number = Date.now()): ConversationSnapshot {
  const lastActivityAt = millis(session.lastActivityAt, now);
  return {
    channelId,
    conversationId,
    startedAt: Math.min(millis(session.startedAt, lastActivityAt), lastActivityAt),
    lastActivityAt,
    route: session.route ?? null,
    outcome: session.outcome ?? null,
    handedOff: session.handoff !== undefined || session.outcome === 'handed_off',
    solutions: session.solutions.map((s) => ({ id: s.solutionId, title: s.title, outcome: s.outcome })),
  };
}


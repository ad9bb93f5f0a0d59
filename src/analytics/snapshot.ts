/** Turns the bot's session record into the analytics snapshot of a conversation (no user text). */
import type { SessionState } from '../dialogs/session';
import type { ConversationRecord, ConversationSnapshot } from './types';

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


/**
 * One more turn of a conversation: the latest snapshot wins, except that the start is the earliest seen, a hand-off
 * stays (handedOff never goes back to false), and the turn is counted. The result is a copy: the caller's session keeps
 * changing. The memory store keeps these records; the SQLite store merges its buffered turns with it, and its upsert
 * applies the same rule to the stored row in SQL (MIN, MAX, messages + n). Redis keeps the first start (HSETNX) rather
 * than the earliest, the same in practice (a session's start does not change), and counts with HINCRBY.
 */
export function mergeTurn(previous: ConversationRecord | undefined, snapshot: ConversationSnapshot): ConversationRecord {
  return {
    ...snapshot,
    startedAt: Math.min(previous?.startedAt ?? snapshot.startedAt, snapshot.startedAt),
    handedOff: snapshot.handedOff || (previous?.handedOff ?? false),
    solutions: snapshot.solutions.map((s) => ({ ...s })),
    messages: (previous?.messages ?? 0) + 1,
  };
}

/** Seed conversations for the analytics tests: a small, hand-countable set with known figures. */
import type { AnalyticsStore, ConversationSnapshot, LowConfidenceMessage, SolutionAttempt } from '../../src/analytics/types';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** "Now" for every seeded test: 2025-03-10 12:00 UTC. */
export const NOW = Date.parse('2025-03-10T12:00:00Z');

const storage = (outcome: SolutionAttempt['outcome']): SolutionAttempt => ({ id: 'check_storage', title: 'Ensure Sufficient iCloud Storage', outcome });
const internet = (outcome: SolutionAttempt['outcome']): SolutionAttempt => ({ id: 'check_internet', title: 'Check the Internet Connection', outcome });
const appleId = (outcome: SolutionAttempt['outcome']): SolutionAttempt => ({ id: 'verify_apple_id', title: 'Verify Apple ID and Password', outcome });

function conversation(id: string, lastAgo: number, fields: Partial<ConversationSnapshot>): ConversationSnapshot {
  const last = NOW - lastAgo;
  return {
    channelId: 'webchat',
    conversationId: id,
    startedAt: last - 5 * MINUTE,
    lastActivityAt: last,
    route: null,
    outcome: null,
    handedOff: false,
    solutions: [],
    ...fields,
  };
}

/**
 * Ten conversations in the last 7 days, one older (8 days ago):
 *   storage_full ×5: resolved on solution 1 (×2), resolved on solution 2, escalated after 3 "no", handed off after 1 "no"
 *   network_unstable ×2: resolved on solution 2; abandoned mid-walk (2 h idle, solution offered, no answer)
 *   no route ×3: abandoned (1 h idle), active (10 min idle), cancelled
 * Turns per conversation = messages (each recordTurn counts one message).
 */
export const SEED: Array<{ snapshot: ConversationSnapshot; turns: number }> = [
  { turns: 2, snapshot: conversation('s1', 1 * DAY, { route: 'storage_full', outcome: 'resolved', solutions: [storage('fixed')] }) },
  { turns: 2, snapshot: conversation('s2', 2 * DAY, { route: 'storage_full', outcome: 'resolved', solutions: [storage('fixed')] }) },
  { turns: 3, snapshot: conversation('s3', 3 * DAY, { route: 'storage_full', outcome: 'resolved', solutions: [storage('not_fixed'), internet('fixed')] }) },
  {
    turns: 4,
    snapshot: conversation('s4', 3 * DAY, { route: 'storage_full', outcome: 'escalated', solutions: [storage('not_fixed'), internet('not_fixed'), appleId('not_fixed')] }),
  },
  { turns: 3, snapshot: conversation('s5', 4 * DAY, { route: 'storage_full', outcome: 'handed_off', handedOff: true, solutions: [storage('not_fixed'), internet('offered')] }) },
  { turns: 2, snapshot: conversation('n1', 5 * DAY, { route: 'network_unstable', outcome: 'resolved', solutions: [internet('fixed')] }) },
  { turns: 1, snapshot: conversation('n2', 2 * HOUR, { route: 'network_unstable', solutions: [internet('offered')] }) },
  { turns: 1, snapshot: conversation('x1', 1 * HOUR, {}) },
  { turns: 1, snapshot: conversation('x2', 10 * MINUTE, {}) },
  { turns: 2, snapshot: conversation('x3', 6 * DAY, { outcome: 'cancelled' }) },
  { turns: 1, snapshot: conversation('old', 8 * DAY, { route: 'storage_full', outcome: 'resolved', solutions: [storage('fixed')] }) },
];

export const LOW_CONFIDENCE: LowConfidenceMessage[] = [
  { at: NOW - 1 * DAY, channelId: 'webchat', text: 'what is the weather', intent: 'none', route: 'none', confidence: 0.81 },
  { at: NOW - 2 * DAY, channelId: 'webchat', text: 'What is the   weather', intent: 'none', route: 'none', confidence: 0.62 },
  { at: NOW - 3 * DAY, channelId: 'webchat', text: 'phone sad cloud', intent: 'software_glitch', route: 'software_glitch', confidence: 0.3 },
  { at: NOW - 9 * DAY, channelId: 'webchat', text: 'too old to show', intent: 'none', route: 'none', confidence: 0.1 },
];

/** Writes the seed (each conversation's snapshot once per turn) into a store. */
export async function seed(store: AnalyticsStore): Promise<void> {
  for (const { snapshot, turns } of SEED) for (let i = 0; i < turns; i++) await store.recordTurn(snapshot);
  for (const m of LOW_CONFIDENCE) await store.recordLowConfidence(m);
}

/** The seed moved so that NOW becomes `now` (for tests that run against the real clock, like the browser test). */
export async function seedRelativeTo(store: AnalyticsStore, now: number): Promise<void> {
  const shift = now - NOW;
  for (const { snapshot, turns } of SEED) {
    const moved = { ...snapshot, startedAt: snapshot.startedAt + shift, lastActivityAt: snapshot.lastActivityAt + shift };
    for (let i = 0; i < turns; i++) await store.recordTurn(moved);
  }
  for (const m of LOW_CONFIDENCE) await store.recordLowConfidence({ ...m, at: m.at + shift });
}

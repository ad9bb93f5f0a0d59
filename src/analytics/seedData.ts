/**
 * Realistic analytics records drawn from a fixed seed, for measuring the dashboard at scale (`npm run analytics:seed`,
 * the bench's scale scenario). Conversations follow the content's walks: a cause's route offers its solutions in the
 * article's order until one fixes the backup, the person stops answering, asks for a person, or reaches Apple Support.
 * About a quarter never start a walk. Index i is last active around now − days + i × days / conversations. Some are rated (CSAT, a few with a comment), some leave a low-confidence message.
 */
import type { DialogContent } from '../content/loadContent';
import { GENERIC_ROUTE, planWalk } from '../dialogs/walkPlan';
import { prng } from '../util/prng';
import type { AnalyticsBatch, ConversationRecord, CsatRating, LowConfidenceMessage, SolutionAttempt } from './types';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const CHANNELS: ReadonlyArray<[string, number]> = [
  ['webchat', 0.55],
  ['msteams', 0.3],
  ['directline', 0.15],
];
const AGENTS: ReadonlyArray<[string, string]> = [
  ['agent-sam', 'Sam'],
  ['agent-alex', 'Alex'],
  ['agent-kim', 'Kim'],
  ['agent-lee', 'Lee'],
];
/** Already-masked messages as the to-do list keeps them (typos, emoji, off-topic). */
const UNSURE_TEXTS = [
  'backup stuck at 99% pls help',
  'icloud says not enuf space but i deleted photos',
  'my phone is sad 😢 cloud thing',
  'what is the weather',
  'can i backup to my mac instead',
  'backup failed after update?? why',
  'how much does icloud+ cost',
  'my kid changed the password',
  'the wifi is fine i think',
  'error [REDACTED] when backing up',
  'does this delete my whatsapp chats',
  'last backup: never',
];
const COMMENTS = ['thanks, that worked', 'took too long', 'Sam was great', 'still not fixed', 'clear steps 👍', 'I wanted a person sooner'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function weighted(random: () => number, items: ReadonlyArray<[string, number]>): string {
  let r = random();
  for (const [item, weight] of items) {
    r -= weight;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

export interface SeedOptions {
  /** Conversations last active in [now − days, now). */
  now: number;
  days: number;
  seed: number;
  /** How many conversations the whole set has: they are spread evenly over the days, in the order of their index. */
  conversations: number;
}

/** Draws conversations [first, first + count) of a seeded set: the same seed and index always give the same record. */
export class AnalyticsSeeder {
  private readonly routes: string[];
  private readonly walks = new Map<string, Array<{ id: string; title: string }>>();

  constructor(
    content: DialogContent,
    private readonly options: SeedOptions,
  ) {
    this.routes = [...content.causes.map((c) => c.id), GENERIC_ROUTE];
    for (const route of this.routes) this.walks.set(route, planWalk(content, route).map((id) => ({ id, title: content.solution(id)?.title ?? id })));
  }

  batch(first: number, count: number): AnalyticsBatch {
    const conversations: ConversationRecord[] = [];
    const ratings: CsatRating[] = [];
    const lowConfidence: LowConfidenceMessage[] = [];
    for (let i = first; i < first + count; i++) {
      const random = prng(this.options.seed * 1_000_003 + i);
      const record = this.conversation(random, i);
      conversations.push(record);
      const rating = this.rating(random, record, i);
      if (rating) ratings.push(rating);
      if (random() < 0.06) {
        const text = pick(random, UNSURE_TEXTS);
        lowConfidence.push({ at: record.startedAt + MINUTE, channelId: record.channelId, text, intent: 'none', route: 'none', confidence: Math.round(random() * 50) / 100 });
      }
    }
    return { conversations, ratings, lowConfidence };
  }

  private conversation(random: () => number, i: number): ConversationRecord {
    const { now, days, seed, conversations } = this.options;
    // In time order, like real traffic (so a batch's counters fall into a few hours).
    const lastActivityAt = now - days * DAY + Math.floor(((i + random()) * days * DAY) / conversations);
    const base = { channelId: weighted(random, CHANNELS), conversationId: `seed-${seed}-${i}`, lastActivityAt, handedOff: false };
    if (random() < 0.25) {
      // A question or small talk, no walk: mostly left open (abandoned), some cancelled or handed to a person.
      const r = random();
      const outcome = r < 0.15 ? 'cancelled' : r < 0.25 ? 'handed_off' : null;
      const messages = 1 + Math.floor(random() * 3);
      return { ...base, startedAt: lastActivityAt - messages * MINUTE, route: null, outcome, handedOff: outcome === 'handed_off', messages, solutions: [] };
    }
    const route = pick(random, this.routes);
    const walk = this.walks.get(route)!;
    const solutions: SolutionAttempt[] = [];
    let outcome: ConversationRecord['outcome'] = null;
    for (const [step, s] of walk.entries()) {
      if (step === walk.length - 1) {
        solutions.push({ ...s, outcome: 'offered' });
        outcome = 'escalated';
        break;
      }
      const r = random();
      if (r < 0.45) {
        solutions.push({ ...s, outcome: 'fixed' });
        outcome = 'resolved';
        break;
      }
      if (r < 0.53) {
        solutions.push({ ...s, outcome: 'offered' });
        break; // no answer: abandoned mid-walk
      }
      if (r < 0.57) {
        solutions.push({ ...s, outcome: 'not_fixed' });
        outcome = 'handed_off';
        break;
      }
      solutions.push({ ...s, outcome: r < 0.62 ? 'skipped' : 'not_fixed' });
    }
    const messages = 2 + solutions.length * 2;
    return { ...base, startedAt: lastActivityAt - messages * MINUTE, route, outcome, handedOff: outcome === 'handed_off', messages, solutions };
  }

  private rating(random: () => number, record: ConversationRecord, i: number): CsatRating | undefined {
    const agent = record.outcome === 'handed_off';
    if (random() >= (agent ? 0.4 : record.outcome ? 0.3 : 0)) return undefined;
    const [agentId, agentName] = pick(random, AGENTS);
    const happy = record.outcome === 'resolved' || agent ? 0.8 : 0.35;
    return {
      id: `seed-${this.options.seed}-${i}-csat`,
      at: record.lastActivityAt,
      channelId: record.channelId,
      conversationId: record.conversationId,
      subject: agent ? 'agent' : 'bot',
      route: record.route,
      ...(agent ? { agentId, agentName } : {}),
      score: random() < happy ? 'up' : 'down',
      ...(random() < 0.1 ? { comment: pick(random, COMMENTS) } : {}),
    };
  }
}

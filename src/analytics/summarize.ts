/**
 * The figures operators see (the /admin page, the CSV export's companion, `npm run report`), computed from stored
 * conversations at query time:
 *   status      handed_off when a person was asked for; else the dialogs' outcome (resolved / escalated to Apple
 *               Support / cancelled); else abandoned when idle for `abandonAfterMs`; else active (still going).
 *   containment resolved by the bot without a person ÷ conversations; escalation, hand-off, abandonment likewise.
 *   per route   conversations and outcomes, and per solution how often it was offered, fixed it, did not, was skipped.
 *   to-do list  the masked low-confidence / `none` messages, grouped by text, most frequent first.
 */
import { summarizeCsat, type CsatSummary } from './csat';
import { NO_ROUTE, type ConversationRecord, type ConversationStatus, type CsatRating, type LowConfidenceMessage } from './types';



export interface SummaryOptions {
  from: number;
  to: number;
  /** The time "now" for abandonment (ms). */
  now: number;
  abandonAfterMs: number;
  /** Display names of routes (cause id → name). */
  routeLabels?: Readonly<Record<string, string>>;
  /** Longest to-do list returned. Default 50. */
  todoLimit?: number;
  /** CSAT ratings answered in the period (see csat.ts). */
  ratings?: readonly CsatRating[];
}

export type StatusCounts = Record<ConversationStatus, number>;

export interface Rates {
  /** Resolved by the bot, no person involved. */
  containment: number | null;
  escalation: number | null;
  handoff: number | null;
  abandonment: number | null;
}

interface SolutionSummary {
  id: string;
  title: string;
  /** Conversations in which it was offered. */
  offered: number;
  fixed: number;
  notFixed: number;
  skipped: number;
  /** Offered, and the person never said whether it worked. */
  noAnswer: number;
  /** fixed ÷ (fixed + not fixed): how often it fixed the backup when tried; null when never tried. */
  fixRate: number | null;
}

export interface RouteSummary {
  /** Route id, or '' for conversations without a troubleshooting walk. */
  route: string;
  label: string;
  conversations: number;
  byStatus: StatusCounts;
  rates: Rates;
  solutions: SolutionSummary[];
}

export interface TodoItem {
  text: string;
  count: number;
  intent: string;
  route: string;
  /** The lowest confidence it was classified with. */
  confidence: number;
  lastAt: string;
}

export interface TimeBucket {
  start: string;
  conversations: number;
  byStatus: StatusCounts;
}

export interface Summary {
  period: { from: string; to: string };
  generatedAt: string;
  abandonAfterMinutes: number;
  conversations: number;
  messages: number;
  byStatus: StatusCounts;
  rates: Rates;
  routes: RouteSummary[];
  /** Conversations over time (by last activity), hourly for periods up to 2 days, else daily (UTC). */
  timeline: { unit: 'hour' | 'day'; buckets: TimeBucket[] };
  trainingTodo: TodoItem[];
  /** How satisfied people were: overall, bot vs agents, per route, per agent, with the (masked) comments. */
  csat: CsatSummary;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The timeline never has more buckets than this (older buckets are dropped from very long periods). */
const MAX_BUCKETS = 400;

export function statusOf(record: ConversationRecord, now: number, abandonAfterMs: number): ConversationStatus {
  if (record.handedOff || record.outcome === 'handed_off') return 'handed_off';
  if (record.outcome) return record.outcome;
  return now - record.lastActivityAt >= abandonAfterMs ? 'abandoned' : 'active';
}

export function emptyCounts(): StatusCounts {
  return { resolved: 0, escalated: 0, handed_off: 0, cancelled: 0, abandoned: 0, active: 0 };
}

export function ratesOf(counts: StatusCounts, total: number): Rates {
  const share = (n: number): number | null => (total > 0 ? n / total : null);
  return {
    containment: share(counts.resolved),
    escalation: share(counts.escalated),
    handoff: share(counts.handed_off),
    abandonment: share(counts.abandoned),
  };
}

export interface SolutionTally extends SolutionSummary {
  positionSum: number;
}

export interface RouteTally {
  conversations: number;
  byStatus: StatusCounts;
  solutions: Map<string, SolutionTally>;
}

export function summarize(records: readonly ConversationRecord[], lowConfidence: readonly LowConfidenceMessage[], options: SummaryOptions): Summary {
  const { now, abandonAfterMs } = options;
  const byStatus = emptyCounts();
  const routes = new Map<string, RouteTally>();
  const timeline = newTimeline(options.from, options.to);
  let messages = 0;

  for (const record of records) {
    const status = statusOf(record, now, abandonAfterMs);
    byStatus[status]++;
    messages += record.messages;
    const routeId = record.route ?? NO_ROUTE;
    let route = routes.get(routeId);
    if (!route) {
      route = { conversations: 0, byStatus: emptyCounts(), solutions: new Map() };
      routes.set(routeId, route);
    }
    route.conversations++;
    route.byStatus[status]++;
    tallySolutions(route, record);
    const bucket = timeline.bucketAt(record.lastActivityAt);
    if (bucket) {
      bucket.conversations++;
      bucket.byStatus[status]++;
    }
  }

  const labels = options.routeLabels ?? {};
  const routeSummaries = routeSummariesOf(routes, labels);

  return {
    period: { from: new Date(options.from).toISOString(), to: new Date(options.to).toISOString() },
    generatedAt: new Date(now).toISOString(),
    abandonAfterMinutes: Math.round(abandonAfterMs / 60_000),
    conversations: records.length,
    messages,
    byStatus,
    rates: ratesOf(byStatus, records.length),
    routes: routeSummaries,
    timeline: { unit: timeline.unit, buckets: timeline.buckets },
    trainingTodo: todoList(lowConfidence, options.todoLimit ?? 50),
    csat: summarizeCsat(options.ratings ?? [], labels),
  };
}

/** The per-route figures, routes with most conversations first (conversations without a walk last). */
export function routeSummariesOf(routes: ReadonlyMap<string, RouteTally>, labels: Readonly<Record<string, string>>): RouteSummary[] {
  return [...routes.entries()]
    .map(([route, t]) => ({
      route,
      label: route === NO_ROUTE ? 'No troubleshooting walk' : (labels[route] ?? route),
      conversations: t.conversations,
      byStatus: t.byStatus,
      rates: ratesOf(t.byStatus, t.conversations),
      solutions: [...t.solutions.values()]
        .sort((a, b) => a.positionSum / a.offered - b.positionSum / b.offered || a.id.localeCompare(b.id))
        .map(({ positionSum: _unused, ...s }) => ({ ...s, fixRate: s.fixed + s.notFixed > 0 ? s.fixed / (s.fixed + s.notFixed) : null })),
    }))
    .sort((a, b) => Number(a.route === NO_ROUTE) - Number(b.route === NO_ROUTE) || b.conversations - a.conversations || a.route.localeCompare(b.route));
}

/** Adds a conversation's solutions to its route; a solution offered twice in one conversation counts once, with its last outcome. */
export function tallySolutions(route: RouteTally, record: ConversationRecord): void {
  const latest = new Map<string, { title: string; outcome: string; position: number }>();
  record.solutions.forEach((s, position) => {
    const seen = latest.get(s.id);
    latest.set(s.id, { title: s.title, outcome: s.outcome, position: seen?.position ?? position });
  });
  for (const [id, s] of latest) {
    let t = route.solutions.get(id);
    if (!t) {
      t = { id, title: s.title, offered: 0, fixed: 0, notFixed: 0, skipped: 0, noAnswer: 0, fixRate: null, positionSum: 0 };
      route.solutions.set(id, t);
    }
    t.offered++;
    t.positionSum += s.position;
    if (s.outcome === 'fixed') t.fixed++;
    else if (s.outcome === 'not_fixed') t.notFixed++;
    else if (s.outcome === 'skipped') t.skipped++;
    else t.noAnswer++;
  }
}

export function newTimeline(from: number, to: number): { unit: 'hour' | 'day'; buckets: TimeBucket[]; bucketAt(at: number): TimeBucket | undefined } {
  const unit = to - from <= 2 * DAY ? 'hour' : 'day';
  const size = unit === 'hour' ? HOUR : DAY;
  const first = Math.max(Math.floor(from / size) * size, Math.floor((to - 1) / size) * size - (MAX_BUCKETS - 1) * size);
  const buckets: TimeBucket[] = [];
  for (let start = first; start < to; start += size) buckets.push({ start: new Date(start).toISOString(), conversations: 0, byStatus: emptyCounts() });
  return { unit, buckets, bucketAt: (at) => buckets[Math.floor((at - first) / size)] };
}

function todoList(messages: readonly LowConfidenceMessage[], limit: number): TodoItem[] {
  const groups = new TodoGroups();
  groups.add(messages);
  return groups.list(limit);
}

/** todoList() fed a part at a time (newest messages first, as lowConfidence() gives them). */
export class TodoGroups {
  private readonly groups = new Map<string, TodoItem & { lastMs: number }>();

  /** Adds messages; returns them. */
  add<T extends readonly LowConfidenceMessage[]>(messages: T): T {
    for (const m of messages) {
      const key = m.text.toLowerCase().replace(/\s+/g, ' ').trim();
      const g = this.groups.get(key);
      if (!g) {
        this.groups.set(key, { text: m.text, count: 1, intent: m.intent, route: m.route, confidence: m.confidence, lastAt: new Date(m.at).toISOString(), lastMs: m.at });
        continue;
      }
      g.count++;
      g.confidence = Math.min(g.confidence, m.confidence);
      if (m.at > g.lastMs) {
        g.lastMs = m.at;
        g.lastAt = new Date(m.at).toISOString();
        g.intent = m.intent;
        g.route = m.route;
      }
    }
    return messages;
  }

  list(limit: number): TodoItem[] {
    return [...this.groups.values()]
      .sort((a, b) => b.count - a.count || a.confidence - b.confidence || b.lastMs - a.lastMs)
      .slice(0, limit)
      .map(({ lastMs: _unused, ...item }) => item);
  }
}

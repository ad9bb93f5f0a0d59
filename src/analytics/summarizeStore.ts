/**
 * The dashboard's summary read from a store's counters (counters.ts) instead of every conversation: the same Summary
 * that summarize() computes from all records of the period (test/analytics/scaleSummary.full.test.ts compares them).
 *
 *   from ──raw── A ════════ counters ════════ B ──raw── to
 *
 * A is `from` rounded up to the hour; B is `to` rounded down to the hour, and never later than the hour in which
 * `open` conversations could still be active (now − abandonAfter): inside [A, B) every conversation without an outcome
 * is abandoned, so the counters' settled statuses give the exact figures. Whole UTC days inside [A, B) are read from
 * day buckets, the hours at either end from hour buckets (only hour buckets for hourly timelines). The rest — at most
 * an hour before A, and from B to `to` (about abandonAfter + 1 h when `to` is now) — is read record by record and
 * tallied as summarize() does. The cost grows with days × routes × solutions, plus the conversations of those edges.
 *
 * Titles of solutions and agents' names come from the earliest (titles) / latest (names) bucket that has them; when
 * content renames a solution within one bucket the choice between the two names may differ from summarize().
 */
import { COMMENT_LIMIT, commentsOf, figures, type CsatSummary } from './csat';
import { DAY_MS, HOUR_MS, type SettledStatus } from './counters';
import {
  emptyCounts,
  newTimeline,
  ratesOf,
  routeSummariesOf,
  statusOf,
  tallySolutions,
  TodoGroups,
  type RouteTally,
  type Summary,
  type SummaryOptions,
  type SolutionTally,
} from './summarize';
import { counterReads, newestFirst, Pacer } from './summaryReads';
import { NO_ROUTE, type AnalyticsStore, type ConversationRecord, type ConversationStatus, type CounterGrain, type CounterRow, type CsatRating } from './types';

/** Most to-do messages read for one summary (as the dashboard always did). */
export const TODO_SCAN_LIMIT = 5000;
/** Conversations per read at the edges of the period (parsed in ~1 ms). */
const RAW_PAGE = 100;
/** Ratings at the edges are read in windows of this long (~75 ratings at 1,000,000 conversations a month). */
const RATINGS_WINDOW_MS = 15 * 60_000;

export type StoreSummaryOptions = Omit<SummaryOptions, 'ratings'>;

type Field =
  | ['c' | 'm', string, SettledStatus]
  | ['s', string, string, string, 'fixed' | 'not_fixed' | 'skipped' | 'none']
  | ['p', string, string, string]
  | ['r', 'bot' | 'agent', string, string | null, string | null, 'up' | 'down'];

const ceilTo = (at: number, size: number): number => Math.ceil(at / size) * size;
const floorTo = (at: number, size: number): number => Math.floor(at / size) * size;

/** Which parts of [from, to) are read from which source. */
function planPeriod(from: number, to: number, now: number, abandonAfterMs: number, unit: 'hour' | 'day') {
  const a = ceilTo(from, HOUR_MS);
  const b = Math.min(floorTo(to, HOUR_MS), floorTo(now - abandonAfterMs + 1, HOUR_MS));
  if (a >= b) return { raw: [[from, to]] as Array<[number, number]>, counters: [] as Array<[CounterGrain, number, number]> };
  const raw: Array<[number, number]> = [];
  if (from < a) raw.push([from, a]);
  if (b < to) raw.push([b, to]);
  const counters: Array<[CounterGrain, number, number]> = [];
  const ad = ceilTo(a, DAY_MS);
  const bd = floorTo(b, DAY_MS);
  if (unit === 'day' && ad < bd) {
    if (a < ad) counters.push(['hour', a, ad]);
    counters.push(['day', ad, bd]);
    if (bd < b) counters.push(['hour', bd, b]);
  } else {
    counters.push(['hour', a, b]);
  }
  return { raw, counters };
}

/**
 * The summary, read and tallied in small steps, paced to take at most half of the event loop (summaryReads.ts Pacer): the
 * parts are tallied in time order — the edge before the counters, the counters, the edge after them — as they arrive,
 * so nothing of the period is held beyond one step.
 */
export async function summarizeStore(store: AnalyticsStore, options: StoreSummaryOptions): Promise<Summary> {
  const { from, to, now, abandonAfterMs } = options;
  const timeline = newTimeline(from, to);
  const plan = planPeriod(from, to, now, abandonAfterMs, timeline.unit);
  const tally = new Tally(timeline, now, abandonAfterMs);
  const countersStart = plan.counters[0]?.[1] ?? Infinity;
  const pacer = new Pacer();
  const pause = (): Promise<void> => pacer.rest();
  for (const [start, end] of plan.raw.filter(([start]) => start < countersStart)) await tallyEdge(store, tally, start, end, pause);
  for (const [grain, start, end] of plan.counters) {
    for (const read of counterReads(grain, start, end)) {
      tally.counters((await store.counters(...read)).sort((x, y) => x.start - y.start));
      await pause();
    }
  }
  for (const [start, end] of plan.raw.filter(([start]) => start >= countersStart)) await tallyEdge(store, tally, start, end, pause);
  const comments = await newestFirst(from, to, COMMENT_LIMIT, COMMENT_LIMIT, (a, b, n) => store.ratingComments(a, b, n), pause);
  const todo = new TodoGroups();
  await newestFirst(from, to, TODO_SCAN_LIMIT, TODO_PER_READ, async (a, b, n) => todo.add(await store.lowConfidence(a, b, n)), pause);
  return summaryOf(tally, options, timeline, todo.list(options.todoLimit ?? 50), comments);
}

/** To-do messages per read (~500 is 6 hours at 1,000,000 conversations a month). */
const TODO_PER_READ = 500;

/** Conversations and ratings of an edge of the period, record by record, a page at a time. */
async function tallyEdge(store: AnalyticsStore, tally: Tally, start: number, end: number, pause: () => Promise<void>): Promise<void> {
  for await (const page of store.exportPages(start, end, RAW_PAGE, false)) {
    tally.records(page.records);
    await pause();
  }
  for (let at = start; at < end; at += RATINGS_WINDOW_MS) {
    tally.ratings(await store.ratings(at, Math.min(end, at + RATINGS_WINDOW_MS)));
    await pause();
  }
}

function summaryOf(tally: Tally, options: StoreSummaryOptions, timeline: ReturnType<typeof newTimeline>, todo: Summary['trainingTodo'], comments: CsatRating[]): Summary {
  const { from, to, now, abandonAfterMs } = options;
  const labels = options.routeLabels ?? {};
  return {
    period: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    generatedAt: new Date(now).toISOString(),
    abandonAfterMinutes: Math.round(abandonAfterMs / 60_000),
    conversations: tally.conversations,
    messages: tally.messages,
    byStatus: tally.byStatus,
    rates: ratesOf(tally.byStatus, tally.conversations),
    routes: routeSummariesOf(tally.routes, labels),
    timeline: { unit: timeline.unit, buckets: timeline.buckets },
    trainingTodo: todo,
    csat: tally.csat.summary(labels, commentsOf(comments)),
  };
}

class Tally {
  conversations = 0;
  messages = 0;
  readonly byStatus = emptyCounts();
  readonly routes = new Map<string, RouteTally>();
  readonly csat = new CsatTally();
  private readonly parsed = new Map<string, Field>();

  constructor(
    private readonly timeline: ReturnType<typeof newTimeline>,
    private readonly now: number,
    private readonly abandonAfterMs: number,
  ) {}

  /** Records read one by one: as summarize() tallies them. */
  records(records: readonly ConversationRecord[]): void {
    for (const record of records) {
      const status = statusOf(record, this.now, this.abandonAfterMs);
      this.count(record.route ?? NO_ROUTE, status, 1, record.lastActivityAt);
      this.messages += record.messages;
      tallySolutions(this.route(record.route ?? NO_ROUTE), record);
    }
  }

  ratings(ratings: readonly CsatRating[]): void {
    for (const r of ratings) this.csat.add(r.subject, r.route ?? NO_ROUTE, r.agentId ?? null, r.agentName ?? null, r.score, 1);
  }

  /** Counter rows, oldest bucket first; `open` conversations in them are abandoned (see planPeriod). */
  counters(rows: readonly CounterRow[]): void {
    for (const { start, field, n } of rows) {
      const f = this.field(field);
      switch (f[0]) {
        case 'c':
          this.count(f[1], f[2] === 'open' ? 'abandoned' : f[2], n, start);
          break;
        case 'm':
          this.messages += n;
          break;
        case 's': {
          const s = this.solution(f[1], f[2], f[3]);
          s.offered += n;
          if (f[4] === 'fixed') s.fixed += n;
          else if (f[4] === 'not_fixed') s.notFixed += n;
          else if (f[4] === 'skipped') s.skipped += n;
          else s.noAnswer += n;
          break;
        }
        case 'p':
          this.solution(f[1], f[2], f[3]).positionSum += n;
          break;
        case 'r':
          this.csat.add(f[1], f[2], f[3], f[4], f[5], n);
          break;
      }
    }
  }

  private count(routeId: string, status: ConversationStatus, n: number, at: number): void {
    this.conversations += n;
    this.byStatus[status] += n;
    const route = this.route(routeId);
    route.conversations += n;
    route.byStatus[status] += n;
    const bucket = this.timeline.bucketAt(at);
    if (bucket) {
      bucket.conversations += n;
      bucket.byStatus[status] += n;
    }
  }

  private route(id: string): RouteTally {
    let route = this.routes.get(id);
    if (!route) this.routes.set(id, (route = { conversations: 0, byStatus: emptyCounts(), solutions: new Map() }));
    return route;
  }

  private solution(routeId: string, id: string, title: string): SolutionTally {
    const route = this.route(routeId);
    let t = route.solutions.get(id);
    if (!t) route.solutions.set(id, (t = { id, title, offered: 0, fixed: 0, notFixed: 0, skipped: 0, noAnswer: 0, fixRate: null, positionSum: 0 }));
    return t;
  }

  private field(text: string): Field {
    let f = this.parsed.get(text);
    if (!f) this.parsed.set(text, (f = JSON.parse(text) as Field));
    return f;
  }
}

/** summarizeCsat()'s tallies, fed with counts. */
class CsatTally {
  private readonly overall = { up: 0, down: 0 };
  private readonly bot = { up: 0, down: 0 };
  private readonly agents = { up: 0, down: 0 };
  private readonly routes = new Map<string, { up: number; down: number }>();
  private readonly perAgent = new Map<string, { up: number; down: number; name: string }>();

  add(subject: 'bot' | 'agent', route: string, agentId: string | null, agentName: string | null, score: 'up' | 'down', n: number): void {
    this.overall[score] += n;
    (subject === 'bot' ? this.bot : this.agents)[score] += n;
    if (!this.routes.has(route)) this.routes.set(route, { up: 0, down: 0 });
    this.routes.get(route)![score] += n;
    if (subject === 'agent') {
      const id = agentId ?? 'unknown';
      const tally = this.perAgent.get(id) ?? { up: 0, down: 0, name: agentName ?? id };
      if (agentName) tally.name = agentName;
      tally[score] += n;
      this.perAgent.set(id, tally);
    }
  }

  summary(labels: Readonly<Record<string, string>>, comments: CsatSummary['comments']): CsatSummary {
    return {
      overall: figures(this.overall),
      bot: figures(this.bot),
      agents: figures(this.agents),
      perRoute: [...this.routes.entries()]
        .map(([route, t]) => ({ route, label: route === NO_ROUTE ? 'No troubleshooting walk' : (labels[route] ?? route), ...figures(t) }))
        .sort((a, b) => b.up + b.down - (a.up + a.down) || a.route.localeCompare(b.route)),
      perAgent: [...this.perAgent.entries()]
        .map(([agentId, t]) => ({ agentId, agentName: t.name, ...figures(t) }))
        .sort((a, b) => b.up + b.down - (a.up + a.down) || a.agentName.localeCompare(b.agentName)),
      comments,
    };
  }
}

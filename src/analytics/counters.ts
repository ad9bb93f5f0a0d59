/**
 * The dashboard's counters: what each conversation and each CSAT rating adds to the figures, kept per hour and per
 * UTC day, so that a period's summary reads buckets (days × routes × fields) instead of every conversation.
 *
 * A conversation counts in the bucket of its last activity with its route and its settled status — the outcome, a
 * hand-off, or `open` (no outcome yet: abandoned or active depending on when one looks; summarizeStore.ts only reads
 * buckets old enough for `open` to mean abandoned). A turn moves a conversation: the store subtracts what its previous
 * record added and adds the new record (CounterDeltas), in the same transaction as the record itself.
 *
 * Fields are JSON arrays (opaque to the stores):
 *   ["c", route, status]                               conversations
 *   ["m", route, status]                               their messages
 *   ["s", route, solutionId, title, kind]              kind: fixed | not_fixed | skipped | none (offered, no answer)
 *   ["p", route, solutionId, title]                    sum of the solution's first position in each conversation
 *   ["r", subject, route, agentId, agentName, score]   CSAT ratings answered in the bucket (agentId/agentName null when absent)
 */
import { NO_ROUTE, type ConversationRecord, type CounterGrain, type CounterRow, type CsatRating } from './types';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const GRAIN_MS: Readonly<Record<CounterGrain, number>> = { hour: HOUR_MS, day: DAY_MS };
const GRAINS: readonly CounterGrain[] = ['hour', 'day'];

/** A conversation's status for good; `open` = no outcome and no hand-off (yet). */
export type SettledStatus = 'resolved' | 'escalated' | 'handed_off' | 'cancelled' | 'open';

/** What one record adds: at `at` (ms), each field by n. */
export interface Contribution {
  at: number;
  fields: Array<[field: string, n: number]>;
}

export function bucketStart(at: number, grain: CounterGrain): number {
  const size = GRAIN_MS[grain];
  return Math.floor(at / size) * size;
}

function settledStatusOf(record: Pick<ConversationRecord, 'handedOff' | 'outcome'>): SettledStatus {
  if (record.handedOff || record.outcome === 'handed_off') return 'handed_off';
  return record.outcome ?? 'open';
}

/** What a conversation adds to the counters (summarize.ts's tally of one record, as fields). */
export function conversationContribution(record: ConversationRecord): Contribution {
  const route = record.route ?? NO_ROUTE;
  const status = settledStatusOf(record);
  const fields: Contribution['fields'] = [
    [JSON.stringify(['c', route, status]), 1],
    [JSON.stringify(['m', route, status]), record.messages],
  ];
  // A solution offered twice counts once, with its last outcome and its first position (as summarize.ts does).
  const latest = new Map<string, { title: string; outcome: string; position: number }>();
  record.solutions.forEach((s, position) => {
    const seen = latest.get(s.id);
    latest.set(s.id, { title: s.title, outcome: s.outcome, position: seen?.position ?? position });
  });
  for (const [id, s] of latest) {
    const kind = s.outcome === 'fixed' || s.outcome === 'not_fixed' || s.outcome === 'skipped' ? s.outcome : 'none';
    fields.push([JSON.stringify(['s', route, id, s.title, kind]), 1]);
    if (s.position > 0) fields.push([JSON.stringify(['p', route, id, s.title]), s.position]);
  }
  return { at: record.lastActivityAt, fields };
}

export function ratingContribution(r: CsatRating): Contribution {
  return { at: r.at, fields: [[JSON.stringify(['r', r.subject, r.route ?? NO_ROUTE, r.agentId ?? null, r.agentName ?? null, r.score]), 1]] };
}

export interface CounterDelta extends CounterRow {
  grain: CounterGrain;
}

/** Net changes to the counters of a batch of writes: added and subtracted contributions cancel before they are stored. */
export class CounterDeltas {
  private readonly deltas = new Map<string, CounterDelta>();

  add(contribution: Contribution | undefined, sign: 1 | -1 = 1, grains: readonly CounterGrain[] = GRAINS): void {
    if (!contribution) return;
    for (const grain of grains) {
      const start = bucketStart(contribution.at, grain);
      for (const [field, n] of contribution.fields) {
        const key = `${grain}\u0000${start}\u0000${field}`;
        const delta = this.deltas.get(key);
        if (delta) delta.n += sign * n;
        else this.deltas.set(key, { grain, start, field, n: sign * n });
      }
    }
  }

  /** The non-zero changes. */
  rows(): CounterDelta[] {
    return [...this.deltas.values()].filter((d) => d.n !== 0);
  }

  get size(): number {
    return this.deltas.size;
  }
}

/** Counters kept in memory (the memory store): grain → bucket start → field → n. */
export class MemoryCounters {
  private readonly buckets: Record<CounterGrain, Map<number, Map<string, number>>> = { hour: new Map(), day: new Map() };

  apply(deltas: CounterDeltas): void {
    for (const { grain, start, field, n } of deltas.rows()) {
      let bucket = this.buckets[grain].get(start);
      if (!bucket) this.buckets[grain].set(start, (bucket = new Map()));
      const value = (bucket.get(field) ?? 0) + n;
      if (value === 0) bucket.delete(field);
      else bucket.set(field, value);
    }
  }

  rows(grain: CounterGrain, from: number, to: number): CounterRow[] {
    const rows: CounterRow[] = [];
    for (const [start, bucket] of this.buckets[grain]) {
      if (start < from || start >= to) continue;
      for (const [field, n] of bucket) rows.push({ start, field, n });
    }
    return rows.sort((a, b) => a.start - b.start);
  }

  /** Drops buckets that end at or before `before`. */
  dropBefore(before: number): void {
    for (const grain of GRAINS) for (const start of this.buckets[grain].keys()) if (start + GRAIN_MS[grain] <= before) this.buckets[grain].delete(start);
  }
}

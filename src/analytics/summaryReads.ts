/**
 * The summary's reads cut into small steps (summarizeStore.ts): every store call asks for a bounded piece — a few
 * counter buckets, a short window of time, a small page — and the event loop runs between two pieces, so a person's
 * turn never waits behind more than one piece. (A SQLite read is synchronous; a Redis reply is parsed on the event
 * loop: either way one large read is one long stall. Profiled with bench/summarySlices.ts.)
 */
import { GRAIN_MS } from './counters';
import type { CounterGrain } from './types';

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Paces a long job made of short steps so it takes at most `share` of the event loop: `rest()` after a step that took
 * t ms (wall time since the last rest, so a store's round trips count too) waits t·(1 − share)/share ms. Yielding
 * alone was not enough: a person's turn is several steps (HTTP, state, understanding, Redis round trips), and when the
 * job ran flat out each of them queued behind one of its steps; with rests the turn's steps mostly find the loop free.
 */
export class Pacer {
  private last = performance.now();
  constructor(private readonly share = 0.5) {}

  /** A step starts now (time spent since the last rest elsewhere, e.g. waiting for a slow client, is not counted). */
  begin(): void {
    this.last = performance.now();
  }

  async rest(): Promise<void> {
    const ms = ((performance.now() - this.last) * (1 - this.share)) / this.share;
    await (ms >= 1 ? new Promise((resolve) => setTimeout(resolve, ms)) : yieldToLoop());
    this.last = performance.now();
  }
}

/** Counter buckets per read: 3 hours (~800 counters at 1,000,000 conversations a month) or two days (~700). */
const BUCKETS_PER_READ: Readonly<Record<CounterGrain, number>> = { hour: 3, day: 2 };

/** [grain, start, end) cut into reads of BUCKETS_PER_READ buckets, oldest first. */
export function counterReads(grain: CounterGrain, start: number, end: number): Array<[CounterGrain, number, number]> {
  const step = BUCKETS_PER_READ[grain] * GRAIN_MS[grain];
  const reads: Array<[CounterGrain, number, number]> = [];
  for (let at = start; at < end; at += step) reads.push([grain, at, Math.min(end, at + step)]);
  return reads;
}

/** Shortest, first and longest window of a newest-first read. */
const SHORTEST_WINDOW_MS = 5 * 60_000;
const FIRST_WINDOW_MS = GRAIN_MS.hour;
const LONGEST_WINDOW_MS = 6 * GRAIN_MS.hour;

/**
 * The newest `limit` items of [from, to) (newest first), read window by window backwards from `to`: `read(a, b, n)`
 * gives the newest n of [a, b), newest first. The windows are disjoint in time, so items at the same instant are
 * never split between two reads and the result equals one read of the whole period. The window starts at an hour,
 * halves after a read that found more than `perRead` items and doubles after one that found fewer than half of it
 * (between 5 minutes and 6 hours), so a read stays small on dense data and sparse data takes few reads.
 */
export async function newestFirst<T>(
  from: number,
  to: number,
  limit: number,
  perRead: number,
  read: (a: number, b: number, n: number) => Promise<T[]>,
  pause: () => Promise<void> = yieldToLoop,
): Promise<T[]> {
  const found: T[] = [];
  let window = FIRST_WINDOW_MS;
  for (let end = to; end > from && found.length < limit; ) {
    const start = Math.max(from, end - window);
    const items = await read(start, end, limit - found.length);
    found.push(...items);
    end = start;
    await pause();
    if (items.length > perRead) window = Math.max(SHORTEST_WINDOW_MS, window / 2);
    else if (items.length < perRead / 2) window = Math.min(LONGEST_WINDOW_MS, window * 2);
  }
  return found;
}

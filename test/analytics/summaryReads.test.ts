/**
 * The summary's reads in small steps (summaryReads.ts) give what one read of the whole period gives: newest-first
 * windows read backwards equal one newest-first read (ties at one instant, dense and sparse data, limits reached or
 * not), and counter reads cover a range exactly once, in order.
 */
import { counterReads, newestFirst } from '../../src/analytics/summaryReads';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Item {
  at: number;
  id: number;
}

/** Newest first, ties by id descending (as the stores order to-do texts); at most n of [a, b). */
function readerOf(items: readonly Item[]) {
  const calls: Array<{ a: number; b: number; n: number; returned: number }> = [];
  const read = async (a: number, b: number, n: number): Promise<Item[]> => {
    const found = items
      .filter((i) => i.at >= a && i.at < b)
      .sort((x, y) => y.at - x.at || y.id - x.id)
      .slice(0, n);
    calls.push({ a, b, n, returned: found.length });
    return found;
  };
  return { read, calls };
}

/** A Mulberry32-like generator, so the data is the same every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function itemsOver(count: number, from: number, to: number, seed: number): Item[] {
  const next = random(seed);
  // Whole seconds, so many items share an instant.
  return Array.from({ length: count }, (_, id) => ({ at: from + Math.floor((next() * (to - from)) / 1000) * 1000, id }));
}

const FROM = Date.UTC(2026, 10, 1, 7, 13);
const TO = FROM + 30 * DAY + 5 * HOUR;

describe('newestFirst', () => {
  const cases: Array<[string, number, number, number]> = [
    // name, items, limit, perRead
    ['dense, limit reached', 60_000, 5000, 500],
    ['dense, few per read', 20_000, 300, 20],
    ['sparse, limit not reached', 40, 5000, 500],
    ['none', 0, 50, 50],
    ['ties at one instant across the limit', 0, 7, 3],
  ];
  test.each(cases)('%s: equals one read of the whole period', async (name, count, limit, perRead) => {
    const items = name.startsWith('ties') ? Array.from({ length: 12 }, (_, id) => ({ at: TO - 2 * HOUR, id })) : itemsOver(count, FROM, TO, count + 1);
    const whole = await readerOf(items).read(FROM, TO, limit);
    const { read, calls } = readerOf(items);
    expect(await newestFirst(FROM, TO, limit, perRead, read)).toEqual(whole);
    // The windows are disjoint and contiguous, from `to` backwards, never outside the period.
    calls.forEach((c, i) => {
      expect(c.a).toBeGreaterThanOrEqual(FROM);
      expect(c.b).toBe(i === 0 ? TO : calls[i - 1]!.a);
    });
  });

  test('keeps each read small on dense data and takes few reads on sparse data', async () => {
    const dense = readerOf(itemsOver(60_000, FROM, TO, 7));
    await newestFirst(FROM, TO, 5000, 500, dense.read);
    // 60,000 over 30 days is ~83 an hour: the window grows to 6 hours (~500) and no read returns much more.
    expect(Math.max(...dense.calls.map((c) => c.returned))).toBeLessThanOrEqual(1000);
    const sparse = readerOf(itemsOver(40, FROM, TO, 8));
    await newestFirst(FROM, TO, 5000, 500, sparse.read);
    // 30 days in windows of at most 6 hours after 1 + 2 + 4 hours: about 122 reads, not one per hour.
    expect(sparse.calls.length).toBeLessThan(130);
  });
});

describe('counterReads', () => {
  test.each([
    ['hour', Date.UTC(2026, 10, 1, 5), Date.UTC(2026, 10, 2, 0)],
    ['day', Date.UTC(2026, 10, 2), Date.UTC(2026, 11, 1)],
    ['day', Date.UTC(2026, 10, 2), Date.UTC(2026, 10, 3)],
  ] as const)('%s buckets from %d to %d: each bucket in exactly one read, oldest first', (grain, start, end) => {
    const reads = counterReads(grain, start, end);
    expect(reads[0]![1]).toBe(start);
    expect(reads[reads.length - 1]![2]).toBe(end);
    reads.forEach(([g, a, b], i) => {
      expect(g).toBe(grain);
      expect(b).toBeGreaterThan(a);
      if (i > 0) expect(a).toBe(reads[i - 1]![2]);
    });
    expect(reads.length).toBeGreaterThan(grain === 'hour' || end - start > DAY ? 1 : 0);
  });
});

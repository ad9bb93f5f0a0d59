/**
 * How far V8 lets the JavaScript heap grow between full garbage collections.
 *
 * Under load a turn leaves tens of KB per turn in V8's old generation whatever the young generation's size (objects
 * the SDK and Node allocate there directly; the same ~50 KB per turn with a bare botbuilder echo bot), and V8's own
 * heuristics, seeing cheap collections, let the old generation grow to ~4× what is live before collecting it: the
 * process stood at 400–475 MB RSS after 10,000 conversations × 3 turns while ~75 MB was live. With the growth capped
 * at 50% of what was live after the last full collection it stands at ~250 MB, for a few percent of throughput at
 * most (bench/results.md). V8 reads the flag each time it sets the next limit, so setting it at start-up is enough.
 */
import { setFlagsFromString } from 'node:v8';

/** Caps the old generation's growth between full collections at `percent` of the live heap; 0 keeps V8's default. */
export function limitHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0) throw new RangeError(`heap growing percent must be a whole number ≥ 0 (got ${percent})`);
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}

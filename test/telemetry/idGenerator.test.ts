/** Trace and span ids from the pool of random bytes: W3C lengths, lower-case hex, distinct, across pool refills. */
import { PooledIdGenerator } from '../../src/telemetry/idGenerator';

test('ids are 32 / 16 lower-case hex digits, not all zeros, and distinct across several refills of the pool', () => {
  const ids = new PooledIdGenerator();
  const traces = Array.from({ length: 1000 }, () => ids.generateTraceId());
  const spans = Array.from({ length: 3000 }, () => ids.generateSpanId());
  for (const id of traces) expect(id).toMatch(/^[0-9a-f]{32}$/);
  for (const id of spans) expect(id).toMatch(/^[0-9a-f]{16}$/);
  expect(traces).not.toContain('0'.repeat(32));
  expect(spans).not.toContain('0'.repeat(16));
  // 16,000 + 24,000 bytes: the 4 KB pool was refilled ~10 times; a repeat would mean bytes were handed out twice.
  expect(new Set(traces).size).toBe(traces.length);
  expect(new Set(spans).size).toBe(spans.length);
});

/**
 * Readiness (GET /readyz's engine): every probe runs, a failing or silent one is named, a hung one cannot hold the
 * answer past the per-probe timeout, and calls arriving while a check runs share it.
 */
import { Readiness, type ReadinessProbe } from '../../src/health/readiness';
import { modelProbe, READINESS_KEY, redisPingProbe, storeReadProbe } from '../../src/health/probes';

const ok = (name: string): ReadinessProbe => ({ name, check: () => undefined });

test('ready when every probe passes, with one check per probe in order', async () => {
  const report = await new Readiness([ok('model'), ok('sqlite')]).check();
  expect(report.ready).toBe(true);
  expect(report.checks.map((c) => [c.name, c.ok])).toEqual([['model', true], ['sqlite', true]]);
});

test('a probe that throws or rejects is named, with its error kept apart as detail', async () => {
  const report = await new Readiness([
    ok('model'),
    { name: 'sqlite', check: () => { throw new Error('SQLITE_CANTOPEN'); } },
    { name: 'redis', check: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6399')) },
  ]).check();
  expect(report.ready).toBe(false);
  expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['sqlite', 'redis']);
  expect(report.checks[2]).toMatchObject({ reason: 'failed', detail: 'connect ECONNREFUSED 127.0.0.1:6399' });
});

test('a probe that never answers fails with the timeout as reason, and the others still report', async () => {
  const report = await new Readiness([ok('model'), { name: 'redis', check: () => new Promise<void>(() => undefined) }], { timeoutMs: 20 }).check();
  expect(report.ready).toBe(false);
  expect(report.checks[0]!.ok).toBe(true);
  expect(report.checks[1]).toMatchObject({ name: 'redis', ok: false, reason: 'no answer within 20 ms' });
});

test('concurrent calls share one run of the probes; a later call runs them again', async () => {
  let runs = 0;
  const readiness = new Readiness([{ name: 'redis', check: async () => void runs++ }]);
  await Promise.all([readiness.check(), readiness.check(), readiness.check()]);
  expect(runs).toBe(1);
  await readiness.check();
  expect(runs).toBe(2);
});

test('the bot\'s probes: model with intents, a store read of the probe key, Redis PONG', async () => {
  expect(() => modelProbe(() => ({ meta: { labels: [] } })).check()).toThrow('no intents');
  expect(() => modelProbe(() => ({ meta: { labels: ['none'] } })).check()).not.toThrow();
  const read = jest.fn(async () => ({}));
  await storeReadProbe('sqlite', { read }).check();
  expect(read).toHaveBeenCalledWith([READINESS_KEY]);
  await expect(redisPingProbe({ ping: async () => 'PONG' }).check()).resolves.toBeUndefined();
  await expect(redisPingProbe({ ping: async () => 'LOADING' }).check()).rejects.toThrow('unexpected PING answer');
});

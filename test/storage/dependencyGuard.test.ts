import { DependencyGuard, isStoreUnavailable } from '../../src/storage/dependencyGuard';

const never = (): Promise<never> => new Promise<never>(() => undefined);

test('a call that never answers fails with StoreUnavailableError at its deadline, and the circuit then refuses at once', async () => {
  const guard = new DependencyGuard({ name: 'redis', timeoutMs: 50, failuresToOpen: 1, halfOpenAfterMs: 60_000, healthCheck: () => undefined });
  const hung = await guard.run(never).catch((error: unknown) => error);
  expect(isStoreUnavailable(hung)).toBe(true);
  expect(String(hung)).toContain('redis is unavailable');
  let called = false;
  const refused = await guard.run(async () => {
    called = true;
    return 1;
  }).catch((error: unknown) => error);
  expect(isStoreUnavailable(refused)).toBe(true);
  expect(called).toBe(false);
  expect(guard.isOpen).toBe(true);
});

test('calls that answer pass their value through and keep the circuit closed', async () => {
  const guard = new DependencyGuard({ name: 'sqlite', timeoutMs: 1000, healthCheck: () => undefined });
  expect(await guard.run(async () => 'ok')).toBe('ok');
  expect(await guard.run(async () => 42)).toBe(42);
  expect(guard.isOpen).toBe(false);
});

/**
 * Fail fast when a required dependency (the state store, Redis) is down (issue 27).
 *
 * A DependencyGuard runs each call to the dependency under a deadline and a circuit breaker (cockatiel: typed, no
 * dependencies, maintained; opossum would need @types and is callback/event-shaped). After `failuresToOpen`
 * consecutive failures the circuit opens: further calls fail at once with {@link StoreUnavailableError} instead of
 * each waiting for its own timeout. After `halfOpenAfterMs` (doubling up to `maxHalfOpenAfterMs` while the dependency
 * stays down) one call, or the readiness probe's health check, is let through; its success closes the circuit.
 *
 * Only faults of the dependency count: an eTag conflict or a bad argument is the caller's answer, not an outage.
 */
import { BrokenCircuitError, circuitBreaker, CircuitState, ConsecutiveBreaker, ExponentialBackoff, handleWhen, TaskCancelledError, timeout, TimeoutStrategy, wrap } from 'cockatiel';
import type { IPolicy } from 'cockatiel';
import type { ReadinessProbe } from '../health/readiness';
import { isETagConflict, silentLog, type StorageLog } from './botStore';

/** The dependency could not be reached (circuit open, timeout, connection or disk error). The turn was not saved. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly dependency: string,
    reason: string,
  ) {
    super(`${dependency} is unavailable: ${reason}`);
    this.name = 'StoreUnavailableError';
  }
}

export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}

/** Errors that say something about the call, not about the dependency's health. */
function isCallersError(error: unknown): boolean {
  return isETagConflict(error) || error instanceof TypeError || error instanceof ReferenceError || isStoreUnavailable(error);
}

export interface DependencyGuardOptions {
  /** Name in errors, logs and /readyz ("redis", "sqlite"). */
  name: string;
  /** Longest a call may take before it counts as a failure. Default 2000 ms. */
  timeoutMs?: number;
  /** Consecutive failures that open the circuit. Default 2. */
  failuresToOpen?: number;
  /** First wait before a trial call once open; doubles while failures go on. Default 1000 ms. */
  halfOpenAfterMs?: number;
  /** Longest wait before a trial call. Default 5000 ms. */
  maxHalfOpenAfterMs?: number;
  /** The dependency's own health check (PING, a trial write), run by the readiness probe. */
  healthCheck: () => Promise<void> | void;
  /** Extra not-ready condition checked before the health check (e.g. the Redis client is not connected). */
  notReadyReason?: () => string | undefined;
  log?: StorageLog;
  /** Told each time the circuit opens (for metrics). */
  onOpen?: () => void;
}

export class DependencyGuard {
  readonly name: string;
  private readonly policy: IPolicy;
  private readonly breaker: ReturnType<typeof circuitBreaker>;
  private readonly healthCheck: () => Promise<void> | void;
  private readonly notReadyReason: () => string | undefined;
  private lastFailure = '';
  /** Between an opening and the next closing: a trial call first runs the health check (see run()). */
  private recovering = false;

  constructor(options: DependencyGuardOptions) {
    this.name = options.name;
    this.healthCheck = options.healthCheck;
    this.notReadyReason = options.notReadyReason ?? (() => undefined);
    const log = options.log ?? silentLog;
    this.breaker = circuitBreaker(handleWhen((error) => !isCallersError(error)), {
      breaker: new ConsecutiveBreaker(options.failuresToOpen ?? 2),
      halfOpenAfter: new ExponentialBackoff({ initialDelay: options.halfOpenAfterMs ?? 1000, maxDelay: options.maxHalfOpenAfterMs ?? 5000 }),
    });
    this.breaker.onBreak((reason) => {
      this.recovering = true;
      this.lastFailure = 'error' in reason ? reason.error.message : 'failed';
      log.warn({ dependency: this.name, reason: this.lastFailure }, 'dependency unavailable: circuit open, calls fail fast');
      options.onOpen?.();
    });
    this.breaker.onReset(() => {
      this.recovering = false;
      log.info({ dependency: this.name }, 'dependency is back: circuit closed');
    });
    // abortOnReturn false: the store calls never read the signal, and aborting it after every call built a
    // DOMException (with its stack) each time: ~30 µs of every turn in the CPU profile.
    this.policy = wrap(this.breaker, timeout(options.timeoutMs ?? 2000, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false }));
  }

  /** True while calls are refused without trying. */
  get isOpen(): boolean {
    return this.breaker.state === CircuitState.Open || this.breaker.state === CircuitState.Isolated;
  }

  /** Runs `call` under the deadline and the circuit; a dependency fault rejects as StoreUnavailableError. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    // The trial call after an outage proves the dependency with its health check first: a SQLite that cannot be
    // written still answers reads, and a successful read must not close the circuit on its own.
    const guarded = async (): Promise<T> => {
      if (this.recovering) await this.healthCheck();
      return call();
    };
    try {
      return await this.policy.execute(guarded);
    } catch (error) {
      throw this.asUnavailable(error);
    }
  }

  /**
   * The readiness probe: fails while the circuit is open or the dependency reports itself not ready; otherwise runs
   * the health check through the circuit, so a passing check after an outage closes it (and a failing one opens it
   * before any person's turn has to find out).
   */
  probe(): ReadinessProbe {
    return {
      name: this.name,
      check: async () => {
        const notReady = this.notReadyReason();
        if (notReady) throw new StoreUnavailableError(this.name, notReady);
        await this.run(async () => {
          if (!this.recovering) await this.healthCheck();
        });
      },
    };
  }

  private asUnavailable(error: unknown): unknown {
    if (isCallersError(error)) return error;
    if (error instanceof BrokenCircuitError) return new StoreUnavailableError(this.name, `circuit open after: ${this.lastFailure || 'failures'}`);
    if (error instanceof TaskCancelledError) return new StoreUnavailableError(this.name, 'timed out');
    return new StoreUnavailableError(this.name, error instanceof Error ? error.message : String(error));
  }
}

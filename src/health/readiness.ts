/**
 * Readiness: whether this instance can serve a person's turn now (GET /readyz). Each required dependency (the NLU
 * model, the conversation store, Redis) contributes a probe; the instance is ready when every probe passes.
 * Liveness (GET /healthz) is separate: it says only that the process itself works.
 */
export interface ReadinessProbe {
  /** Short name shown in /readyz when it fails, e.g. "sqlite", "redis", "model". */
  readonly name: string;
  /** Resolves when the dependency answers; rejects (or throws) with the reason when it does not. */
  check(): Promise<void> | void;
}

/** The outcome of one probe. `detail` is the probe's own error, for the log only (it may name hosts and ports). */
export interface ProbeResult {
  name: string;
  ok: boolean;
  /** How long the probe took (capped by the timeout). */
  ms: number;
  /** Why it failed, safe to show: "no answer within 1000 ms" or "failed". */
  reason?: string;
  detail?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: ProbeResult[];
}

const DEFAULT_PROBE_TIMEOUT_MS = 1000;

export interface ReadinessOptions {
  /** A probe that has not answered after this long fails, so /readyz itself answers fast. Default 1000 ms. */
  timeoutMs?: number;
}

/**
 * Runs every probe at once, each bounded by the timeout. Calls that arrive while a check runs share its result, so a
 * busy load balancer never stacks up PINGs.
 */
export class Readiness {
  private readonly timeoutMs: number;
  private running: Promise<ReadinessReport> | undefined;

  constructor(
    private readonly probes: readonly ReadinessProbe[],
    options: ReadinessOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  }

  /** The probes' names, in order (for the start-up log). */
  get names(): string[] {
    return this.probes.map((p) => p.name);
  }

  check(): Promise<ReadinessReport> {
    this.running ??= this.runAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runAll(): Promise<ReadinessReport> {
    const checks = await Promise.all(this.probes.map((probe) => this.runOne(probe)));
    return { ready: checks.every((c) => c.ok), checks };
  }

  private async runOne(probe: ReadinessProbe): Promise<ProbeResult> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
      timer.unref();
    });
    try {
      const outcome = await Promise.race([Promise.resolve().then(() => probe.check()).then(() => 'ok' as const), timedOut]);
      if (outcome === 'timeout') return { name: probe.name, ok: false, ms: elapsed(), reason: `no answer within ${this.timeoutMs} ms` };
      return { name: probe.name, ok: true, ms: elapsed() };
    } catch (error) {
      return { name: probe.name, ok: false, ms: elapsed(), reason: 'failed', detail: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}

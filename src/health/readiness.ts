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

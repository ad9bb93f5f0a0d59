/**
 * The bot's Prometheus metrics (prom-client), in a registry of their own:
 *   bot_turns_total{route,outcome}            turns through POST /api/messages (route: the NLU route of the message)
 *   bot_turn_duration_seconds{outcome}        time from the parsed request (incl. waiting for admission) to its response
 *   bot_turns_waiting                         turns waiting for the fair turn gate (see server/turnGate.ts)
 *   bot_classifier_duration_seconds{cached}   one classification (cached="true" when the LRU answered)
 *   bot_store_errors_total{operation}         failed state store reads/writes/deletes (eTag conflicts excluded)
 *   bot_store_etag_conflicts_total            writes refused because another instance changed the conversation
 *   bot_handoff_queue_length                  open hand-off requests (callback given in index.ts)
 *   bot_directline_connections                local Direct Line conversations/streams (callback given in index.ts)
 *   bot_optional_failures_total{part}         failed or timed-out optional work that never fails a turn (part: analytics)
 *   bot_circuit_opened_total{dependency}      a required dependency (redis, sqlite) found down: its calls fail fast
 * plus prom-client's default process metrics (CPU, memory, GC, event-loop lag: nodejs_eventloop_lag_*).
 * Labels only take values from fixed sets (routes are content ids), never user text.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the /api/messages route reports about each turn. */
export interface TurnMetrics {
  turnFinished(route: string, outcome: TurnOutcome, seconds: number): void;
}

export type TurnOutcome = 'ok' | 'throttled' | 'rejected' | 'error';

export interface MetricsCallbacks {
  /** Open hand-off requests (may be async: read from the store at scrape time). */
  handoffQueueLength?: () => number | Promise<number>;
  /** Open Direct Line connections of the local emulator. */
  directLineConnections?: () => number | Promise<number>;
  /** Turns waiting for admission. */
  turnsWaiting?: () => number;
}

export interface BotMetricsOptions {
  /** Collect prom-client's default process metrics (default true; tests may turn it off). */
  defaultMetrics?: boolean;
}

const ROUTE_LABEL = /^[a-z0-9_.-]{1,64}$/i;

export class BotMetrics implements TurnMetrics {
  readonly registry = new Registry();
  private readonly turns: Counter<'route' | 'outcome'>;
  private readonly turnSeconds: Histogram<'outcome'>;
  private readonly classifierSeconds: Histogram<'cached'>;
  private readonly storeErrors: Counter<'operation'>;
  private readonly etagConflicts: Counter;
  private readonly optionalFailures: Counter<'part'>;
  private readonly circuitsOpened: Counter<'dependency'>;
  private readonly callbacks: MetricsCallbacks = {};

  constructor(options: BotMetricsOptions = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    this.turns = new Counter({ name: 'bot_turns_total', help: 'Turns through POST /api/messages by NLU route and outcome', labelNames: ['route', 'outcome'], registers });
    this.turnSeconds = new Histogram({
      name: 'bot_turn_duration_seconds',
      help: 'Time of a POST /api/messages turn, from its parsed body (including the wait for admission) to its response',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.classifierSeconds = new Histogram({
      name: 'bot_classifier_duration_seconds',
      help: 'Time of one classification of a message (cached="true" when the LRU cache answered)',
      labelNames: ['cached'],
      buckets: [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01],
      registers,
    });
    this.storeErrors = new Counter({ name: 'bot_store_errors_total', help: 'Failed state store operations (eTag conflicts excluded)', labelNames: ['operation'], registers });
    this.etagConflicts = new Counter({ name: 'bot_store_etag_conflicts_total', help: 'State writes refused because the conversation changed elsewhere (optimistic concurrency)', registers });
    this.optionalFailures = new Counter({ name: 'bot_optional_failures_total', help: 'Failed or timed-out optional work (analytics writes…); the turn went on', labelNames: ['part'], registers });
    this.circuitsOpened = new Counter({ name: 'bot_circuit_opened_total', help: 'Times a required dependency was found down and its calls started failing fast', labelNames: ['dependency'], registers });
    const callbacks = this.callbacks;
    const gauge = (name: string, help: string, read: () => ((() => number | Promise<number>) | undefined)): void => {
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const fn = read();
          if (fn) this.set(await fn());
        },
      });
    };
    gauge('bot_handoff_queue_length', 'Open hand-off requests', () => callbacks.handoffQueueLength);
    gauge('bot_directline_connections', 'Open local Direct Line conversations', () => callbacks.directLineConnections);
    gauge('bot_turns_waiting', 'Turns waiting for admission by the fair turn gate', () => callbacks.turnsWaiting);
  }

  /** Sets (or replaces) the callbacks the gauges read at scrape time. */
  setCallbacks(callbacks: MetricsCallbacks): void {
    Object.assign(this.callbacks, callbacks);
  }

  turnFinished(route: string, outcome: TurnOutcome, seconds: number): void {
    this.turns.inc({ route: ROUTE_LABEL.test(route) ? route : 'other', outcome });
    this.turnSeconds.observe({ outcome }, seconds);
  }

  /** For CachedRecognizer's `observe`. */
  readonly classified = (seconds: number, cached: boolean): void => {
    this.classifierSeconds.observe({ cached: cached ? 'true' : 'false' }, seconds);
  };

  storeError(operation: 'read' | 'write' | 'delete'): void {
    this.storeErrors.inc({ operation });
  }

  etagConflict(): void {
    this.etagConflicts.inc();
  }

  /** Optional work failed (logged by its caller); `part` is a fixed name such as 'analytics'. */
  optionalFailure(part: string): void {
    this.optionalFailures.inc({ part: ROUTE_LABEL.test(part) ? part : 'other' });
  }

  circuitOpened(dependency: string): void {
    this.circuitsOpened.inc({ dependency: ROUTE_LABEL.test(dependency) ? dependency : 'other' });
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/**
 * Trace spans on the hot path, through @opentelemetry/api only: with no tracer provider registered (tracing off, the
 * default) every call goes to the API's no-op tracer, which allocates nothing worth measuring. See tracing.ts for
 * turning it on. Attributes are ids, labels and counts — never what a person typed.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer, type TracerProvider } from '@opentelemetry/api';

const TRACER_NAME = 'icloud-backup-help';
/** The tracer of the provider startTracing registered (set by useTracer), so a span does not look it up again. */
let activeTracer: Tracer | undefined;
// Without one (tracing off, or a provider registered some other way, as in tests) the API's global lookup: its no-op
// tracer when nothing is registered.
const tracer = (): Tracer => activeTracer ?? trace.getTracer(TRACER_NAME);

/**
 * Called by tracing.ts with the tracer of the provider it registered (undefined when it shuts down). The CPU profile
 * of a traced turn had trace.getTracer → getTracerProvider → the SDK's getTracer (a key string and a map lookup) for
 * every span: ~10% of what tracing cost the turn on the event loop.
 */
export function useTracer(provider: TracerProvider | undefined): void {
  activeTracer = provider?.getTracer(TRACER_NAME);
}

function failed(span: Span, err: unknown): void {
  // The message of an error may quote input: only its type is recorded.
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
}

/** Runs `work` in a child span of the active one. */
export function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  return tracer().startActiveSpan(name, { attributes, kind }, async (span) => {
    try {
      return await work(span);
    } catch (err) {
      failed(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/**
 * A child span of the active one around synchronous work (the classifier, the knowledge search). The span is not made
 * the active one: synchronous work starts no spans of its own, and activating one (context.with, a new context object)
 * was ~12 µs of a traced turn's CPU profile. Log lines written during it carry the parent's (the turn's) span id.
 */
export function inSpanSync<T>(name: string, attributes: Attributes, work: (span: Span) => T): T {
  const span = tracer().startSpan(name, { attributes });
  try {
    return work(span);
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** A person's turn (POST /api/messages): a server span continuing the caller's W3C trace context (traceparent). */
export function turnSpan<T>(headers: Readonly<Record<string, string | string[] | undefined>>, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  return context.with(parent, () => inSpan('turn', attributes, work, SpanKind.SERVER));
}

/** Adds attributes to the span of the current turn (or whichever span is active); nothing when tracing is off. */
export function annotateSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

/** The active trace for a log line (pino mixin): {traceId, spanId}, or {} outside a sampled span. */
export function traceFields(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  return traceFlags & 1 ? { traceId, spanId } : {};
}

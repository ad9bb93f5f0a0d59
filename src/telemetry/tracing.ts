/**
 * Turns tracing on at start (src/index.ts), from the environment:
 *   OTEL_EXPORTER_OTLP_ENDPOINT             OTLP over HTTP (JSON) to <endpoint>/v1/traces — any OpenTelemetry collector;
 *   APPLICATIONINSIGHTS_CONNECTION_STRING   Azure Monitor / Application Insights (@azure/monitor-opentelemetry);
 *   neither                                 off: no provider is registered, spans.ts calls the API's no-op tracer, and
 *                                           index.ts does not wrap the turn's dependencies (traced.ts) at all.
 * W3C trace context (traceparent) is the propagator in both cases. Spans are exported in batches off the turn.
 */
import { SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import Redis from 'ioredis';
import { PooledIdGenerator } from './idGenerator';
import { inSpan, useTracer } from './spans';

export interface TracingOptions {
  otlpEndpoint?: string;
  appInsightsConnectionString?: string;
  serviceName?: string;
  /** Longest wait before a batch of spans is sent (ms; default 5000). */
  exportDelayMs?: number;
}

export interface Tracing {
  /** Where spans go, or 'off'. */
  readonly exporter: 'otlp' | 'azure-monitor' | 'off';
  /** Sends the spans still buffered and stops tracing. */
  shutdown(): Promise<void>;
}

export async function startTracing(options: TracingOptions): Promise<Tracing> {
  const serviceName = options.serviceName ?? 'icloud-backup-help';
  if (options.otlpEndpoint) {
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName }),
      idGenerator: new PooledIdGenerator(),
      spanProcessors: [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` }), {
          scheduledDelayMillis: options.exportDelayMs ?? 5000,
        }),
      ],
    });
    provider.register();
    useTracer(provider);
    const unpatch = traceRedisCommands();
    return {
      exporter: 'otlp',
      shutdown: async () => {
        unpatch();
        useTracer(undefined);
        await provider.shutdown();
        trace.disable();
      },
    };
  }
  if (options.appInsightsConnectionString) {
    // Loaded only when used: the distro brings its own instrumentations (HTTP, Redis) and exporters.
    const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
    useAzureMonitor({ azureMonitorExporterOptions: { connectionString: options.appInsightsConnectionString } });
    const unpatch = traceRedisCommands();
    return {
      exporter: 'azure-monitor',
      shutdown: async () => {
        unpatch();
        await shutdownAzureMonitor();
      },
    };
  }
  return { exporter: 'off', shutdown: async () => undefined };
}

type SendCommand = (this: Redis, command: { name: string; promise: Promise<unknown> }, stream?: unknown) => unknown;

/**
 * A client span per Redis command (`redis <COMMAND>`; the command's name only, never its keys or values), by wrapping
 * ioredis' sendCommand. (@opentelemetry/instrumentation-ioredis must be loaded before ioredis is, which our CommonJS
 * entry point cannot promise.) Returns the undo.
 */
function traceRedisCommands(): () => void {
  const prototype = Redis.prototype as unknown as { sendCommand: SendCommand };
  const original = prototype.sendCommand;
  prototype.sendCommand = function sendCommand(command, stream) {
    // Only inside a trace (a turn): background work (pub/sub, heartbeats) would otherwise make a root span each.
    if (!trace.getActiveSpan()) return original.call(this, command, stream);
    let result: unknown;
    void inSpan(
      `redis ${command.name}`,
      { 'db.system': 'redis', 'db.operation.name': command.name },
      async () => {
        result = original.call(this, command, stream);
        await command.promise;
      },
      SpanKind.CLIENT,
    ).catch(() => undefined);
    return result;
  };
  return () => {
    prototype.sendCommand = original;
  };
}

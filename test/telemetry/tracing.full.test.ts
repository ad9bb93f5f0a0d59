/**
 * Traces: the real application with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a local OTLP/HTTP receiver started here
 * (it accepts the JSON the exporter sends to /v1/traces). The compiled app runs as its own process (the exporter's
 * dynamic imports do not run inside jest). One troubleshooting walk, sent with a W3C traceparent: each turn is a
 * server span in the caller's trace, with the parts of the turn as its children, route/outcome/channel as attributes,
 * and no user text anywhere. And the logger's mixin puts the trace id in log lines written inside a span.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { createLogger } from '../../src/logging/logger';
import { inSpan, traceFields } from '../../src/telemetry/spans';
import { AppProcess, ensureCompiled } from '../helpers/compiledApp';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const WALK = ['my iCloud backup says not enough storage space', 'no', 'no', 'yes it worked, thank you'];

let receiver: Server;
let endpoint = '';
const bodies: string[] = [];
let app: AppProcess | undefined;
let dir = '';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      // Not chained: in CI a late export's response object returned undefined from writeHead.
      res.statusCode = 200;
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'tracing-'));
  ensureCompiled();
});
afterAll(async () => {
  await app?.kill();
  await new Promise((resolve) => receiver.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** Every span received so far (ids as hex, whether the exporter wrote hex or base64). */
function received(): OtlpSpan[] {
  const hex = (id: string | undefined): string | undefined => (id === undefined || id === '' ? undefined : /^[0-9a-f]+$/.test(id) ? id : Buffer.from(id, 'base64').toString('hex'));
  return bodies.flatMap((body) => {
    const parsed = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
    return parsed.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => ({ ...span, traceId: hex(span.traceId)!, spanId: hex(span.spanId)!, parentSpanId: hex(span.parentSpanId) }))));
  });
}

const attribute = (span: OtlpSpan, key: string): unknown => {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value ? Object.values(value)[0] : undefined;
};

test('one walk: a turn span per message in the caller\'s trace, its parts as children, no user text', async () => {
  app = AppProcess.spawn({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, STORAGE: 'sqlite', SQLITE_PATH: join(dir, 'bot.sqlite') }, dir);
  const url = await app.listening();
  for (const text of WALK) {
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` },
      body: JSON.stringify({
        type: 'message',
        text,
        channelId: 'test',
        serviceUrl: 'http://127.0.0.1:9/unused',
        deliveryMode: 'expectReplies',
        conversation: { id: 'traced-walk' },
        from: { id: 'user-1', name: 'Person' },
        recipient: { id: 'bot', name: 'Bot' },
      }),
    });
    expect(response.status).toBe(200);
  }
  // SIGTERM: the app stops, and its tracing sends the spans still in the batch.
  app.child.kill('SIGTERM');
  expect((await app.exited).code).toBe(0);

  const spans = received();
  const turns = spans.filter((s) => s.name === 'turn');
  expect(turns).toHaveLength(WALK.length);
  for (const turn of turns) {
    expect(turn.traceId).toBe(TRACE_ID);
    expect(turn.parentSpanId).toBe(CALLER_SPAN);
    expect(turn.kind).toBe(2); // SERVER
    expect(attribute(turn, 'bot.channel')).toBe('test');
  }
  // Where the walk went and how it ended, on the last turn.
  const routes = turns.map((t) => attribute(t, 'bot.route'));
  expect(routes).toContain('storage_full');
  expect(turns.map((t) => attribute(t, 'bot.outcome'))).toContain('resolved');

  const turnIds = new Set(turns.map((t) => t.spanId));
  const childrenNamed = (name: string): OtlpSpan[] => spans.filter((s) => s.name === name && turnIds.has(s.parentSpanId!));
  expect(childrenNamed('understanding').length).toBeGreaterThanOrEqual(WALK.length);
  expect(childrenNamed('state.read').length).toBeGreaterThanOrEqual(WALK.length);
  expect(childrenNamed('state.write').length).toBeGreaterThanOrEqual(1);
  expect(attribute(childrenNamed('understanding')[0]!, 'nlu.intent')).toBe('storage_full');
  // Every span of the walk is in the caller's trace and hangs off a span of it.
  const ids = new Set([CALLER_SPAN, ...spans.map((s) => s.spanId)]);
  for (const span of spans.filter((s) => s.traceId === TRACE_ID)) expect(ids.has(span.parentSpanId!)).toBe(true);

  // No user text in any attribute (nor anywhere in what was exported).
  const exported = bodies.join('\n').toLowerCase();
  for (const text of WALK.filter((t) => t.length > 3)) expect(exported).not.toContain(text.toLowerCase());
  expect(exported).not.toContain('not enough storage');

});

test('log lines written inside a span carry its trace and span ids (the logger\'s mixin)', async () => {
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] });
  provider.register();
  try {
    const lines: string[] = [];
    const log = createLogger('info', new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }) as never, { mixin: traceFields });
    const ids = await inSpan('work', {}, async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.info({}, 'inside');
      return span.spanContext();
    });
    log.info({}, 'outside');
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toEqual(expect.objectContaining({ msg: 'inside', traceId: ids.traceId, spanId: ids.spanId }));
    expect(outside).not.toHaveProperty('traceId');
  } finally {
    trace.disable();
    context.disable();
    propagation.disable();
    await provider.shutdown();
  }
});

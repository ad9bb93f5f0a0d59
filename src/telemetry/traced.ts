/**
 * Spans around the parts of a turn, added by wrapping the dependencies src/index.ts hands to the bot (only when tracing
 * is on): understanding (the recognizer), knowledge search, state read/write, the hand-off request, Redis commands.
 * The wrappers keep every other member of the wrapped object as it is.
 */
import { SpanKind } from '@opentelemetry/api';
import { inSpan, inSpanSync } from './spans';

/** A Proxy that replaces some methods and forwards everything else to the target (bound to it). */
function replacing<T extends object>(target: T, methods: Record<string, unknown>): T {
  // A method is bound once and the bound function reused while the target's member stays the same (before, every
  // access made a new bound function: several per turn).
  const bound = new Map<PropertyKey, { original: unknown; bound: unknown }>();
  return new Proxy(target, {
    get(t, property, receiver) {
      if (typeof property === 'string' && Object.hasOwn(methods, property)) return methods[property];
      const value: unknown = Reflect.get(t, property, receiver);
      if (typeof value !== 'function') return value;
      const known = bound.get(property);
      if (known?.original === value) return known.bound;
      const fresh = (value as (...a: unknown[]) => unknown).bind(t);
      bound.set(property, { original: value, bound: fresh });
      return fresh;
    },
  });
}

interface RecognizerLike {
  recognize(text: string, turn?: object): { intent: string; confidence: number; route?: string };
}

/** `understanding`: the classifier's intent and confidence (labels, not the text). */
export function tracedRecognizer<T extends RecognizerLike>(recognizer: T): T {
  return replacing(recognizer, {
    recognize: (text: string, turn?: object) =>
      inSpanSync('understanding', {}, (span) => {
        const result = recognizer.recognize(text, turn);
        span.setAttributes({ 'nlu.intent': result.intent, 'nlu.confidence': result.confidence, ...(result.route ? { 'nlu.route': result.route } : {}) });
        return result;
      }),
  });
}

interface KnowledgeLike {
  retrieve(question: string, context?: unknown): unknown;
}

/** `knowledge.search`: the knowledge base's retrieval (whether it answered, not the question). */
export function tracedKnowledge<T extends KnowledgeLike>(knowledge: T): T {
  return replacing(knowledge, {
    retrieve: (question: string, ctx?: unknown) =>
      inSpanSync('knowledge.search', {}, (span) => {
        const result = knowledge.retrieve(question, ctx) as { kind?: unknown } | undefined;
        if (result && typeof result.kind === 'string') span.setAttribute('knowledge.result', result.kind);
        return result;
      }),
  });
}

interface StorageLike {
  read(keys: string[]): Promise<unknown>;
  write(changes: Record<string, unknown>): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/** `state.read` / `state.write` / `state.delete` around the bot's storage (how many keys, not which; none for no keys). */
export function tracedStorage<T extends StorageLike>(storage: T): T {
  return replacing(storage, {
    read: (keys: string[]) => inSpan('state.read', { 'state.keys': keys.length }, () => storage.read(keys), SpanKind.CLIENT),
    // Nothing to write or delete is no work: no span for it.
    write: (changes: Record<string, unknown>) => {
      const keys = Object.keys(changes).length;
      return keys === 0 ? storage.write(changes) : inSpan('state.write', { 'state.keys': keys }, () => storage.write(changes), SpanKind.CLIENT);
    },
    delete: (keys: string[]) => (keys.length === 0 ? storage.delete(keys) : inSpan('state.delete', { 'state.keys': keys.length }, () => storage.delete(keys), SpanKind.CLIENT)),
  });
}

interface HandoffDeskLike {
  request(...args: never[]): Promise<unknown>;
}

/** `handoff.request`: a person asked for a human. */
export function tracedHandoffDesk<T extends HandoffDeskLike>(desk: T): T {
  return replacing(desk, {
    request: (...args: never[]) =>
      inSpan('handoff.request', {}, async (span) => {
        const result = (await desk.request(...args)) as { existing?: boolean; nobodyAvailable?: boolean };
        span.setAttributes({ 'handoff.existing': Boolean(result?.existing), 'handoff.nobody_available': Boolean(result?.nobodyAvailable) });
        return result;
      }),
  });
}

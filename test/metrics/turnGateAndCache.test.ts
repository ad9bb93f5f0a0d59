/**
 * The fair turn gate (FIFO admission, a bounded number of turn starts per event-loop iteration) and the recognizer
 * LRU (same answers as the recognizer it wraps, keyed by normalised text, emptied when the model changes).
 */
import { TurnGate } from '../../src/server/turnGate';
import { CachedRecognizer } from '../../src/nlu/recognizerCache';
import type { NluResult, Recognizer } from '../../src/nlu/types';

describe('TurnGate', () => {
  test('admits up to perIteration turns at once, the rest in arrival order on later iterations', async () => {
    const gate = new TurnGate({ perIteration: 2 });
    const order: number[] = [];
    const immediate: boolean[] = [];
    const turns = Array.from({ length: 7 }, (_, i) => {
      const admitted = gate.enter();
      immediate.push(admitted === undefined);
      return (admitted ?? Promise.resolve()).then(() => order.push(i));
    });
    expect(immediate).toEqual([true, true, false, false, false, false, false]);
    expect(gate.queued).toBe(5);
    await Promise.all(turns);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(gate.queued).toBe(0);
  });

  test('a newcomer does not overtake turns already waiting', async () => {
    const gate = new TurnGate({ perIteration: 1 });
    const order: string[] = [];
    const first = gate.run(async () => order.push('first'));
    const second = gate.run(async () => order.push('second'));
    await new Promise((resolve) => setImmediate(resolve));
    const third = gate.run(async () => order.push('third'));
    await Promise.all([first, second, third]);
    expect(order).toEqual(['first', 'second', 'third']);
  });

  test('perIteration 0 turns the gate off', () => {
    const gate = new TurnGate({ perIteration: 0 });
    for (let i = 0; i < 100; i++) expect(gate.enter()).toBeUndefined();
  });
});

class CountingRecognizer implements Recognizer {
  calls: string[] = [];
  intent = 'storage_full';
  recognize(text: string): NluResult {
    this.calls.push(text);
    return { text, intent: this.intent, confidence: 0.9, route: this.intent, ruledOut: ['wifi'], alternatives: [{ intent: 'deny', confidence: 0.05 }] };
  }
}

describe('CachedRecognizer', () => {
  test('texts that normalise alike are classified once; each answer carries its own text', () => {
    const inner = new CountingRecognizer();
    const observed: boolean[] = [];
    const cached = new CachedRecognizer(inner, { observe: (_s, hit) => observed.push(hit) });
    const a = cached.recognize('My iCloud is FULL');
    const b = cached.recognize('my  i-cloud is full');
    expect(inner.calls).toEqual(['My iCloud is FULL']);
    expect(b).toEqual({ ...a, text: 'my  i-cloud is full' });
    expect(observed).toEqual([false, true]);
    // Callers may change what they get without changing the cache.
    b.ruledOut.push('x');
    b.alternatives[0]!.confidence = 1;
    expect(cached.recognize('my icloud is full')).toEqual({ ...a, text: 'my icloud is full' });
  });

  test('a new model version empties the cache; long and empty texts are not cached', () => {
    const inner = new CountingRecognizer();
    let version = 1;
    const cached = new CachedRecognizer(inner, { version: () => version, maxTextLength: 20 });
    cached.recognize('no');
    cached.recognize('no');
    expect(inner.calls).toHaveLength(1);
    version = 2;
    inner.intent = 'deny';
    expect(cached.recognize('no').intent).toBe('deny');
    expect(inner.calls).toHaveLength(2);
    const long = 'x'.repeat(21);
    cached.recognize(long);
    cached.recognize(long);
    cached.recognize('   ');
    cached.recognize('   ');
    expect(inner.calls).toHaveLength(6);
  });

  test('max 0 turns the cache off', () => {
    const inner = new CountingRecognizer();
    const cached = new CachedRecognizer(inner, { max: 0 });
    cached.recognize('no');
    cached.recognize('no');
    expect(inner.calls).toHaveLength(2);
  });
});

import { CachedActReader } from '../../src/nlu/actReaderCache';
import type { ActReader, ActReading } from '../../src/nlu/dialogActs';

/** A reader that counts its calls and reads "no" as not_fixed, anything else as a question. */
function countingReader(): ActReader & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    read(text: string): ActReading {
      calls.push(text);
      const act = text === 'no' ? 'not_fixed' : 'question';
      return { act, confidence: 0.9, best: act, parts: [{ act, confidence: 0.9, question: act === 'question' ? 0.9 : 0.01, text }] };
    },
  };
}

test('a repeated reply is read once, and each caller gets its own copy', () => {
  const inner = countingReader();
  const cached = new CachedActReader(inner);
  const first = cached.read('no');
  first.parts[0]!.act = 'fixed';
  first.parts.push({ act: 'skip', confidence: 1, question: 0, text: 'x' });
  const second = cached.read('no');
  expect(inner.calls).toEqual(['no']);
  expect(second.act).toBe('not_fixed');
  expect(second.parts).toEqual([{ act: 'not_fixed', confidence: 0.9, question: 0.01, text: 'no' }]);
});

test('texts that differ only in punctuation are read separately (a "?" can make a question)', () => {
  const inner = countingReader();
  const cached = new CachedActReader(inner);
  expect(cached.read('no').act).toBe('not_fixed');
  expect(cached.read('no?').act).toBe('question');
  expect(inner.calls).toEqual(['no', 'no?']);
});

test('long texts and a cache of size 0 go straight to the reader', () => {
  const inner = countingReader();
  const long = 'x'.repeat(201);
  const cached = new CachedActReader(inner);
  cached.read(long);
  cached.read(long);
  const off = new CachedActReader(inner, { max: 0 });
  off.read('no');
  off.read('no');
  expect(inner.calls).toEqual([long, long, 'no', 'no']);
});

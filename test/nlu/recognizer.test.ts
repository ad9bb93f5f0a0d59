import { PassThrough } from 'node:stream';
import { loadIntents } from '../../src/content/loadIntents';
import { classifyLines, toJsonLine } from '../../src/nlu/classifyStream';
import { type IntentRanker, IntentRecognizer } from '../../src/nlu/recognizer';
import { RuledOutDetector } from '../../src/nlu/ruledOut';
import type { IntentScore, NluResult, Recognizer } from '../../src/nlu/types';
import { CAUSE_ORDER, FIXTURE_INTENTS } from './helpers';

/** A ranker that records what it was asked and answers from a table. */
class StubRanker implements IntentRanker {
  readonly seen: string[] = [];
  readonly routes = new Map<string, string>();
  readonly routingFloor = 0.2;
  constructor(private readonly answer: (text: string) => IntentScore[]) {}
  rank(text: string): IntentScore[] {
    this.seen.push(text);
    return this.answer(text);
  }
}

describe('IntentRecognizer', () => {
  const data = loadIntents(FIXTURE_INTENTS, { causeOrder: CAUSE_ORDER });
  const detector = new RuledOutDetector(data.ruledOut, CAUSE_ORDER);

  it('ranks the text without its ruled-out phrases and applies the routing rule', () => {
    const ranker = new StubRanker((t) =>
      t.includes('password')
        ? [{ intent: 'apple_id', confidence: 0.9 }, { intent: 'storage_full', confidence: 0.1 }]
        : [{ intent: 'storage_full', confidence: 0.7 }, { intent: 'backup_failed', confidence: 0.3 }],
    );
    const recognizer = new IntentRecognizer(ranker, detector, CAUSE_ORDER);
    expect(recognizer.recognize('I have space but it keeps asking for my password')).toMatchObject({ intent: 'apple_id', route: 'apple_id', ruledOut: ['storage_full'] });
    expect(ranker.seen.at(-1)).toBe('it keeps asking for my password');
    expect(recognizer.recognize('my wifi is fine')).toMatchObject({ route: 'storage_full', ruledOut: ['network_unstable'] });
    expect(ranker.seen.at(-1)).toBe(''); // nothing left that names anything
  });

  it('answers a blank message with none and never calls the ranker', () => {
    const ranker = new StubRanker(() => []);
    expect(new IntentRecognizer(ranker, detector, CAUSE_ORDER).recognize('   ')).toEqual({ text: '   ', intent: 'none', confidence: 1, route: 'none', ruledOut: [], alternatives: [] });
    expect(ranker.seen).toEqual([]);
  });

  it('returns at most three alternatives, best first, without the winner', () => {
    const ranker = new StubRanker(() => ['a', 'b', 'c', 'd', 'e'].map((intent, i) => ({ intent, confidence: 0.5 - i * 0.1 })));
    const result = new IntentRecognizer(ranker, detector, CAUSE_ORDER).recognize('hello');
    expect(result.intent).toBe('a');
    expect(result.alternatives.map((a) => a.intent)).toEqual(['b', 'c', 'd']);
  });
});

describe('classify line protocol', () => {
  const fake: Recognizer = {
    recognize: (text: string): NluResult => ({
      text,
      intent: text ? 'greeting' : 'none',
      confidence: 0.123456789,
      route: text ? 'greeting' : 'none',
      ruledOut: [],
      alternatives: text ? [{ intent: 'thanks', confidence: 0.0000449 }] : [],
    }),
  };

  it('writes one JSON object per input line, in order, blank lines included, keys in contract order', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (c: Buffer) => chunks.push(c.toString()));
    const done = classifyLines(fake, input, output);
    input.end('hi\r\n\nhello there\n');
    expect(await done).toBe(3);
    const lines = chunks.join('').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l).text)).toEqual(['hi', '', 'hello there']);
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(['text', 'intent', 'confidence', 'route', 'ruledOut', 'alternatives']);
    expect(JSON.parse(lines[1]!)).toMatchObject({ intent: 'none', route: 'none' });
  });

  it('rounds confidences to 4 decimals', () => {
    const json = JSON.parse(toJsonLine(fake.recognize('hi')));
    expect(json.confidence).toBe(0.1235);
    expect(json.alternatives).toEqual([{ intent: 'thanks', confidence: 0 }]);
  });
});

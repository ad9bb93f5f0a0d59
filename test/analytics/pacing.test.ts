/**
 * Pacing of long admin jobs (the summary's reads, the CSV export's pages): after a step that took t ms the job rests
 * t·(1 − share)/share ms, so it takes at most `share` of the event loop; the chunks pass through unchanged.
 * Fake timers (and the fake clock behind performance.now) make the rests exact: no real time is measured.
 */
import { pacedChunks } from '../../src/analytics/csvResponse';
import { Pacer } from '../../src/analytics/summaryReads';

afterEach(() => jest.useRealTimers());

async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
}

test('after a 10-ms step, half the loop: rests 10 ms; a quarter: 30 ms', async () => {
  jest.useFakeTimers();
  for (const [share, restMs] of [
    [0.5, 10],
    [0.25, 30],
  ] as const) {
    const pacer = new Pacer(share);
    jest.advanceTimersByTime(10);
    const rest = pacer.rest();
    jest.advanceTimersByTime(restMs - 1);
    expect(await settled(rest)).toBe(false);
    jest.advanceTimersByTime(1);
    expect(await settled(rest)).toBe(true);
  }
});

test('begin() starts the step: time spent before it is not paid back', async () => {
  jest.useFakeTimers();
  const pacer = new Pacer(0.5);
  jest.advanceTimersByTime(500);
  pacer.begin();
  jest.advanceTimersByTime(4);
  const rest = pacer.rest();
  jest.advanceTimersByTime(4);
  expect(await settled(rest)).toBe(true);
});

test('a step of under a millisecond only yields to the loop', async () => {
  const pacer = new Pacer(0.5);
  await pacer.rest();
  await pacer.rest();
});

async function* source(log: string[]): AsyncGenerator<string> {
  try {
    for (const chunk of ['header\r\n', 'a,1\r\n', 'b,2\r\n', 'c,3\r\n']) yield chunk;
  } finally {
    log.push('closed');
  }
}

test('paced chunks are the same chunks, in order', async () => {
  const out: string[] = [];
  for await (const chunk of pacedChunks(source([]))) out.push(chunk);
  expect(out.join('')).toBe('header\r\na,1\r\nb,2\r\nc,3\r\n');
});

test('a client that goes away closes the store’s pages', async () => {
  const log: string[] = [];
  for await (const chunk of pacedChunks(source(log))) if (chunk.startsWith('a')) break;
  expect(log).toEqual(['closed']);
});

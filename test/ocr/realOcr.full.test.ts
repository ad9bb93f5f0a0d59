/**
 * The real OCR (tesseract.js worker threads, English data from node_modules) on two held-out screenshots, routed as
 * the bot routes them: the one OCR-heavy test file (the others use a stub engine through the same interface).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorTextFinder } from '../../src/channels/images/errorText';
import { loadDialogContent } from '../../src/content/loadContent';
import { loadCauseOrder } from '../../src/content/loadIntents';
import { loadTopics } from '../../src/content/loadTopics';
import { GENERIC_ROUTE, isTroubleshootingRoute } from '../../src/dialogs/walkPlan';
import { loadRecognizer } from '../../src/nlu';
import { ScreenshotReader } from '../../src/ocr/screenshotReader';
import { OCR_THREAD_NICE } from '../../src/ocr/lowPriorityWorker';
import { TesseractPool } from '../../src/ocr/tesseractPool';

const DIR = join(__dirname, '..', 'fixtures', 'screenshots');
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

describe('real OCR on held-out screenshots', () => {
  const reader = new ScreenshotReader(new TesseractPool({ workers: 2 }));
  let finder: ErrorTextFinder;

  beforeAll(async () => {
    const recognizer = await loadRecognizer({
      intentsDir: 'intents',
      modelPath: 'models/nlu-model.json',
      causeOrder: loadCauseOrder('dialogs'),
      topics: loadTopics('dialogs').topics.map((t) => t.id),
      log: silent,
    });
    const content = loadDialogContent('dialogs');
    finder = new ErrorTextFinder(recognizer, {
      isTroubleshooting: (route) => isTroubleshootingRoute(content, route),
      isGeneric: (route) => route === GENERIC_ROUTE,
      minConfidence: 0.45,
      maxLength: 2000,
    });
  }, 60_000);
  afterAll(() => reader.close());

  test.each([
    ['not_enough_storage_alert-dark-15-17.jpg', 'storage_full', /not enough iCloud storage/],
    ['network_error_alert-light-se-17.jpg', 'network_unstable', /network connection was lost/],
    // An alert as an iPhone's HEIC (decoded in a worker thread, then the same path); Tesseract reads "iCloud" as
    // "Cloud" on this one, as on the JPEG it was made from.
    ['heic/not_enough_storage_alert-light-15-17.heic', 'storage_full', /not enough i?Cloud storage/],
  ])('%s → %s, with the error quoted', async (file, route, quote) => {
    const reading = await reader.read(readFileSync(join(DIR, file)));
    if (!reading.ok) throw new Error(`refused: ${reading.refusal}`);
    const found = finder.find(reading.paragraphs);
    expect(found?.route).toBe(route);
    expect(found?.text).toMatch(quote);
  }, 120_000);

  // Linux: the OCR threads lowered themselves to the lowest priority; the event loop's thread kept its own.
  (process.platform === 'linux' ? test : test.skip)('OCR worker threads run at nice 19, the main thread at its own', () => {
    const niceOf = (task: string): { name: string; nice: number } => {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { name: readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim(), nice: Number(fields[16]) };
    };
    const threads = readdirSync('/proc/self/task').map((task) => ({ task, ...niceOf(task) }));
    const main = threads.find((t) => t.task === String(process.pid));
    expect(main?.nice).toBe(0);
    const ocrThreads = threads.filter((t) => t.name === 'WorkerThread' && t.nice === OCR_THREAD_NICE);
    expect(ocrThreads.length).toBeGreaterThanOrEqual(2);
  });

  test('a drawing of a cat has no error on it', async () => {
    const reading = await reader.read(readFileSync(join(DIR, 'other_cat_drawing.jpg')));
    expect(reading.ok && finder.find(reading.paragraphs)).toBeFalsy();
  }, 120_000);
});

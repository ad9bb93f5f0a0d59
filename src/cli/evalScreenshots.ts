/**
 * `npm run eval:screenshots` (also the last section of `npm run eval`): route accuracy on the held-out screenshots,
 * read by the real OCR (tesseract.js workers, English data from node_modules) and routed as the bot does.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config/config';
import { loadDialogContent } from '../content/loadContent';
import { loadCliRecognizer, nluPaths, runCli } from '../nlu/cliSupport';
import { errorTextFinderFor } from '../channels/images';
import { formatScreenshotReport, routeScreenshots } from '../channels/images/screenshotEval';
import { ScreenshotReader } from '../ocr/screenshotReader';
import { TesseractPool } from '../ocr/tesseractPool';

export const SCREENSHOTS_DIR = 'test/fixtures/screenshots';

/** Runs the screenshot evaluation and returns its report (Markdown). */
export async function evaluateScreenshots(): Promise<string> {
  const paths = nluPaths();
  const config = loadConfig();
  const recognizer = await loadCliRecognizer(paths);
  const content = loadDialogContent(paths.contentDir);
  const finder = errorTextFinderFor(recognizer, content, { minConfidence: config.nlu.confidenceThreshold, maxLength: config.maxMessageLength });
  const reader = new ScreenshotReader(new TesseractPool({ workers: 2 }));
  try {
    return formatScreenshotReport(await routeScreenshots(resolve(process.cwd(), SCREENSHOTS_DIR), reader, finder, 2));
  } finally {
    await reader.close();
  }
}

if (require.main === module) runCli(async () => void process.stdout.write(await evaluateScreenshots()));

/**
 * Screenshots and the typing indicator, assembled for src/index.ts: the adapter's middleware (typing first, so a slow
 * OCR shows it) and what to close at shutdown.
 */
import type { Middleware } from 'botbuilder';
import type { Language } from '../../content/i18n/languages';
import type { DialogContent } from '../../content/loadContent';
import type { LocalizedContent } from '../../content/localizedContent';
import { earliestNamedCause } from '../../dialogs/namedCauses';
import { GENERIC_ROUTE, isTroubleshootingRoute } from '../../dialogs/walkPlan';
import type { Log } from '../../logging/log';
import type { Recognizer } from '../../nlu/types';
import type { OcrEngine } from '../../ocr/ocrEngine';
import { ScreenshotReader } from '../../ocr/screenshotReader';
import { TesseractPool } from '../../ocr/tesseractPool';
import { AllowListedImageSource, connectorToken, imageHostsFor } from './allowListedImageSource';
import { ErrorTextFinder } from './errorText';
import type { ImageSource } from './imageAttachments';
import { ScreenshotMiddleware, type HandoffImageGate } from './screenshotMiddleware';
import { loadScreenshotPrompts } from '../../content/loadScreenshotPrompts';
import { TypingIndicator } from './typingIndicator';

export interface ScreenshotSupportOptions {
  contentDir: string;
  content: DialogContent;
  /** Every language's content: the screenshot prompts in the message's language (default: dialogs/screenshots.yaml, English). */
  localized?: LocalizedContent;
  recognizer: Recognizer;
  nlu: { confidenceThreshold: number };
  maxMessageLength: number;
  images: { ocrWorkers: number; maxBytes: number; maxPixels: number };
  /** Azure's Direct Line, when the page uses it: its endpoint's host serves the attachments people upload. */
  directLine?: { secret?: string; endpoint: string };
  log: Log;
  /** Default: a TesseractPool of images.ocrWorkers workers (tests pass a stub). */
  engine?: OcrEngine;
  /** Default: the Bot Framework / Teams hosts with the bot's token. */
  sources?: readonly ImageSource[];
  /** The hand-off desk: an image sent during a hand-off reaches the agent too. */
  handoff?: HandoffImageGate;
}

export interface ScreenshotSupport {
  middleware: Middleware[];
  close(): Promise<void>;
}

/** The error text finder as the bot uses it (also the screenshot evaluation's): the routes are those the bot opens. */
export function errorTextFinderFor(recognizer: Recognizer, content: DialogContent, limits: { minConfidence: number; maxLength: number }): ErrorTextFinder {
  return new ErrorTextFinder(recognizer, {
    isTroubleshooting: (route) => isTroubleshootingRoute(content, route),
    isGeneric: (route) => route === GENERIC_ROUTE,
    openedRoute: (nlu) => earliestNamedCause(nlu, content).route,
    ...limits,
  });
}

/** OCR_WORKERS=0: no OCR (images get the old "I didn't get any text" answer), the typing indicator still runs. */
export function createScreenshotSupport(options: ScreenshotSupportOptions): ScreenshotSupport {
  const typing = new TypingIndicator(options.log);
  if (options.images.ocrWorkers === 0 && !options.engine) return { middleware: [typing], close: async () => undefined };
  const { content } = options;
  const reader = new ScreenshotReader(options.engine ?? new TesseractPool({ workers: options.images.ocrWorkers }), {
    maxBytes: options.images.maxBytes,
    maxPixels: options.images.maxPixels,
  });
  const finder = errorTextFinderFor(options.recognizer, content, { minConfidence: options.nlu.confidenceThreshold, maxLength: options.maxMessageLength });
  // Teams inline images and Azure Direct Line uploads: downloaded with the bot's token, only from their hosts.
  const sources = options.sources ?? [new AllowListedImageSource({ hosts: imageHostsFor(options.directLine), token: connectorToken })];
  const english = loadScreenshotPrompts(options.contentDir);
  const localized = options.localized;
  const prompts = localized ? (language: Language) => localized.in(language).screenshots ?? english : english;
  const screenshots = new ScreenshotMiddleware({ reader, finder, prompts, sources, handoff: options.handoff, log: options.log });
  return { middleware: [typing, screenshots], close: () => reader.close() };
}

/** The request body that holds one image of `maxBytes` as a base64 data: URI, plus the rest of the activity. */
function bodyBytesForImages(maxBytes: number): number {
  return Math.ceil((maxBytes * 4) / 3) + 64 * 1024;
}

/** The HTTP body limit the server applies: MAX_BODY_BYTES, raised to hold one screenshot as a data: URI while OCR is on. */
export function requestBodyLimit(config: { maxBodyBytes: number; images: { ocrWorkers: number; maxBytes: number } }): number {
  return Math.max(config.maxBodyBytes, config.images.ocrWorkers > 0 ? bodyBytesForImages(config.images.maxBytes) : 0);
}

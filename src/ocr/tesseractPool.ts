/**
 * OCR with tesseract.js in a small pool of worker threads (createScheduler + workers): recognition never runs on the
 * event loop. The English data comes from the @tesseract.js-data/eng package in node_modules (langPath), and nothing
 * is cached on disk or fetched from a CDN (cacheMethod 'none'); the wasm core is tesseract.js-core, also local.
 * Workers start on first use, so a bot that never sees an image pays nothing. They run at the lowest CPU priority
 * (lowPriorityWorker.ts): a person's typed turn comes first.
 */
import { dirname, join } from 'node:path';
import { createScheduler, createWorker, OEM, PSM, type Block, type Scheduler } from 'tesseract.js';
import { lowPriorityWorkerUrl } from './lowPriorityWorker';
import type { OcrEngine, OcrLine, OcrResult } from './ocrEngine';

/** The LSTM-only English model (2.9 MB), the one tesseract.js uses by default. */
function englishLangPath(): string {
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

export interface TesseractPoolOptions {
  /** Worker threads (default 2). */
  workers?: number;
}

export class TesseractPool implements OcrEngine {
  private scheduler: Promise<Scheduler> | undefined;
  private readonly size: number;

  constructor(options: TesseractPoolOptions = {}) {
    this.size = Math.max(1, options.workers ?? 2);
  }

  async read(png: Buffer): Promise<OcrResult> {
    const scheduler = await this.started();
    const result = await scheduler.addJob('recognize', png, {}, { text: false, blocks: true });
    return { lines: linesOf(result.data.blocks ?? []) };
  }

  async close(): Promise<void> {
    const scheduler = this.scheduler;
    this.scheduler = undefined;
    if (scheduler) await (await scheduler).terminate();
  }

  /** Starts the workers once (in parallel); a failed start is not cached, the next image tries again. */
  private started(): Promise<Scheduler> {
    this.scheduler ??= startScheduler(this.size).catch((error: unknown) => {
      this.scheduler = undefined;
      throw error;
    });
    return this.scheduler;
  }
}

async function startScheduler(size: number): Promise<Scheduler> {
  const scheduler = createScheduler();
  const options = {
    langPath: englishLangPath(),
    gzip: true,
    cacheMethod: 'none',
    cachePath: '/nonexistent-ocr-cache',
    // tesseract.js passes workerPath on to `new Worker()` unchanged in Node, which takes a URL; its type says string.
    workerPath: lowPriorityWorkerUrl() as unknown as string,
  };
  const workers = await Promise.all(Array.from({ length: size }, () => createWorker('eng', OEM.LSTM_ONLY, options)));
  for (const worker of workers) {
    // A screenshot is a sparse page of labels, buttons and alerts: sparse-text segmentation finds them all.
    // Screenshots carry no DPI: without one Tesseract warns on every image and guesses.
    await worker.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, user_defined_dpi: '300' });
    scheduler.addWorker(worker);
  }
  return scheduler;
}

function linesOf(blocks: Block[]): OcrLine[] {
  const lines: OcrLine[] = [];
  for (const block of blocks) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const text = line.text.replace(/\s+/g, ' ').trim();
        if (text) lines.push({ text, confidence: line.confidence, box: line.bbox });
      }
    }
  }
  return lines;
}

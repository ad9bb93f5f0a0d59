/**
 * The OCR workers run at the lowest CPU priority, so a person's typed turn is never queued behind a screenshot.
 *
 * On 2 cores, two tesseract threads at normal priority take the CPU from the bot's event loop for as long as they
 * read (typed turns' p99 3–4× idle while 4 screenshots are read, `npm run bench:ocr`). On Linux the nice value belongs
 * to a thread, not to the process (setpriority(2), "Bugs"), so each OCR worker thread lowers its own priority as it
 * starts and the event loop keeps the CPU whenever it needs it; OCR uses what is left. Elsewhere (macOS, Windows) the
 * same call would lower the whole process, so it is made on Linux only.
 *
 * tesseract.js starts its Node worker with `new Worker(workerPath)`; a `data:` URL (an ES module) as `workerPath`
 * lowers the priority and then loads tesseract.js's own worker script, unchanged, from node_modules.
 */
import { dirname, join } from 'node:path';

/** Nice value of an OCR worker thread: the lowest priority (19). */
export const OCR_THREAD_NICE = 19;

/**
 * The statement a worker thread starts with to lower its own priority to OCR_THREAD_NICE: on Linux only (elsewhere
 * the call would lower the whole process); `setPriority` is how the worker's code names os.setPriority.
 */
export function lowerThreadPriorityCode(platform: NodeJS.Platform, setPriority = 'setPriority'): string {
  return platform === 'linux' ? `try { ${setPriority}(${OCR_THREAD_NICE}); } catch { /* not allowed: normal priority */ }` : '';
}

/** The module a tesseract.js worker thread runs: lower this thread's priority (Linux), then tesseract's own script. */
export function lowPriorityWorkerUrl(platform: NodeJS.Platform = process.platform): URL {
  const tesseractWorker = join(dirname(require.resolve('tesseract.js')), 'worker-script', 'node', 'index.js');
  const lower = lowerThreadPriorityCode(platform);
  const code = [
    `import { setPriority } from 'node:os';`,
    `import { createRequire } from 'node:module';`,
    lower,
    `createRequire(${JSON.stringify(tesseractWorker)})(${JSON.stringify(tesseractWorker)});`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

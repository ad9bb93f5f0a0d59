/**
 * HEIC (iPhones' own format) decoded off the event loop: sharp's prebuilt libvips reads a HEIC header but has no HEVC
 * decoder, so the pixels come from heic-decode (libheif + libde265 compiled to wasm, the libheif-js package) in one
 * worker thread of its own. Decoding a 12 Mpx phone photo takes 0.3–1.3 s of CPU (docs/screenshots.md): on the main
 * thread it would stall every other person's turn. The worker starts with the first HEIC and checks the image's
 * dimensions again (as libheif reads them) against the pixel limit before decoding; the RGBA pixels come back as a
 * transferred buffer (not copied). Nothing is written to disk.
 */
import { Worker } from 'node:worker_threads';
import { lowerThreadPriorityCode } from './lowPriorityWorker';

export interface RawImage {
  /** RGBA, 4 bytes a pixel, row by row. */
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * The worker's code (plain JavaScript, so it runs the same from dist/ and under ts-jest); heic-decode's path comes in
 * workerData. On Linux the thread first lowers its own priority to the OCR threads' (nice is per thread there; see
 * lowPriorityWorker.ts): a decode of up to a second of CPU never takes the core from a person's typed turn.
 */
export function heicWorkerCode(platform: NodeJS.Platform = process.platform): string {
  return `${lowerThreadPriorityCode(platform, "require('node:os').setPriority")}
const { parentPort, workerData } = require('node:worker_threads');
const decode = require(workerData.heicDecodePath);
parentPort.on('message', async ({ id, bytes, maxPixels }) => {
  let images;
  try {
    images = await decode.all({ buffer: bytes });
    const first = images[0];
    if (first.width * first.height > maxPixels) throw new Error('too many pixels');
    const { width, height, data } = await first.decode();
    const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    parentPort.postMessage({ id, width, height, data: pixels }, [pixels.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  } finally {
    if (images) images.dispose();
  }
});
`;
}

interface Pending {
  resolve: (image: RawImage) => void;
  reject: (error: Error) => void;
}

type WorkerAnswer = { id: number; error: string } | ({ id: number } & RawImage);

/** One worker and the decodes it holds. */
interface Running {
  worker: Worker;
  pending: Map<number, Pending>;
}

export class HeicDecoder {
  private running: Running | undefined;
  private nextId = 1;

  /** The image's RGBA pixels; rejects when the file is damaged or holds more than `maxPixels`. */
  decode(bytes: Uint8Array, maxPixels: number): Promise<RawImage> {
    const running = this.started();
    const id = this.nextId++;
    return new Promise<RawImage>((resolve, reject) => {
      running.pending.set(id, { resolve, reject });
      // Kept alive while it holds a decode; an idle decoder does not keep the process running.
      running.worker.ref();
      running.worker.postMessage({ id, bytes, maxPixels });
    });
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) await running.worker.terminate();
  }

  private started(): Running {
    if (this.running) return this.running;
    const worker = new Worker(heicWorkerCode(), { eval: true, workerData: { heicDecodePath: require.resolve('heic-decode') } });
    const running: Running = { worker, pending: new Map() };
    worker.on('message', (answer: WorkerAnswer) => settle(running, answer));
    // A crashed worker (out of memory in the wasm heap): what it held fails, the next image starts a new one.
    const fail = (error: Error): void => {
      if (this.running === running) this.running = undefined;
      for (const pending of running.pending.values()) pending.reject(error);
      running.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the HEIC decoder stopped')));
    this.running = running;
    return running;
  }
}

function settle(running: Running, answer: WorkerAnswer): void {
  const pending = running.pending.get(answer.id);
  running.pending.delete(answer.id);
  if (running.pending.size === 0) running.worker.unref();
  if (!pending) return;
  if ('error' in answer) pending.reject(new Error(`HEIC not decoded: ${answer.error}`));
  else pending.resolve({ data: answer.data, width: answer.width, height: answer.height });
}

/**
 * A screenshot's bytes → the paragraphs of text on it: checked (size, signature, header dimensions) before anything
 * is decoded, prepared (upright, scaled, grey, dark mode inverted) in libvips' threads (HEIC decoded first in a worker
 * thread of its own), read by the OCR engine's
 * workers. Nothing is written to disk; the bytes are the caller's to drop.
 */
import { HeicDecoder } from './heicDecoder';
import { checkImage, DEFAULT_IMAGE_LIMITS, type ImageLimits, type ImageRefusal } from './imageCheck';
import type { OcrEngine } from './ocrEngine';
import { paragraphsOf } from './paragraphs';
import { displayJpegOf, prepareForOcr } from './prepareImage';

export type ScreenshotReading =
  | {
      ok: true;
      paragraphs: string[];
      width: number;
      height: number;
      inverted: boolean;
      ms: number;
      /** Asked for with `displayCopy` and the image is a HEIC: a JPEG of it that a browser can show. */
      displayJpeg?: Buffer;
    }
  | { ok: false; refusal: ImageRefusal };

export interface ReadOptions {
  /** A person in a hand-off sent it: a HEIC also gets a JPEG copy for the agent's console (PNG/JPEG show as they are). */
  displayCopy?: boolean;
}

export class ScreenshotReader {
  constructor(
    private readonly engine: OcrEngine,
    readonly limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
    /** HEIC's pixels, decoded in a worker thread of its own (started with the first HEIC). */
    private readonly heic: HeicDecoder = new HeicDecoder(),
  ) {}

  async read(bytes: Uint8Array, options: ReadOptions = {}): Promise<ScreenshotReading> {
    const started = performance.now();
    const check = await checkImage(bytes, this.limits);
    if (!check.ok) return check;
    let prepared;
    let displayJpeg: Buffer | undefined;
    try {
      const image = check.format === 'heic' ? await this.heic.decode(bytes, this.limits.maxPixels) : bytes;
      prepared = await prepareForOcr(image, this.limits.maxPixels);
      if (options.displayCopy && !(image instanceof Uint8Array)) displayJpeg = await displayJpegOf(image, this.limits.maxPixels);
    } catch {
      // The header was fine, the rest is not (a truncated or damaged file).
      return { ok: false, refusal: 'corrupt' };
    }
    const result = await this.engine.read(prepared.png);
    return {
      ok: true,
      paragraphs: paragraphsOf(result.lines),
      width: check.width,
      height: check.height,
      inverted: prepared.inverted,
      ms: performance.now() - started,
      ...(displayJpeg ? { displayJpeg } : {}),
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.engine.close(), this.heic.close()]);
  }
}

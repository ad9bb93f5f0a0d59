/**
 * Pre-processing before OCR, in libvips' threads (off the event loop): turned upright (EXIF), downscaled when very
 * large, grey, and inverted when the screen is dark (dark mode) so the text is dark on light, which Tesseract reads
 * best. The result is a lossless PNG for the OCR worker.
 */
import sharp, { type Sharp } from 'sharp';
import type { RawImage } from './heicDecoder';

/** Wider images are scaled down to this width: phone screenshots are 750–1320 px wide, text stays legible. */
const MAX_OCR_WIDTH = 1400;
/** Below this mean brightness (0–255) the screen is taken as dark mode and inverted. */
const DARK_MEAN = 110;

export interface PreparedImage {
  png: Buffer;
  width: number;
  height: number;
  /** The screen was dark and was inverted. */
  inverted: boolean;
}

/** sharp's input: an encoded file (PNG, JPEG) or pixels already decoded (HEIC, by heicDecoder.ts). */
function sharpOf(image: Uint8Array | RawImage, maxPixels: number): Sharp {
  if (image instanceof Uint8Array) return sharp(image, { limitInputPixels: maxPixels, failOn: 'error' });
  // libheif gives RGBA; a photo has no transparency, and an alpha channel would go on into the grey PNG.
  return sharp(image.data, { limitInputPixels: maxPixels, raw: { width: image.width, height: image.height, channels: 4 } }).removeAlpha();
}

/** Decodes (within `maxPixels`), scales, greys and, for dark screens, inverts the image. Throws on a corrupt file. */
export async function prepareForOcr(image: Uint8Array | RawImage, maxPixels: number): Promise<PreparedImage> {
  const grey = sharpOf(image, maxPixels)
    .rotate()
    .resize({ width: MAX_OCR_WIDTH, withoutEnlargement: true })
    .grayscale();
  const { data, info } = await grey.raw().toBuffer({ resolveWithObject: true });
  const inverted = meanOf(data) < DARK_MEAN;
  const raw = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const png = await (inverted ? raw.negate() : raw).png({ compressionLevel: 1 }).toBuffer();
  return { png, width: info.width, height: info.height, inverted };
}

/** Widest display copy of a HEIC for the agent's console: a phone photo's detail, at a fraction of its bytes. */
const MAX_DISPLAY_WIDTH = 1600;

/**
 * A JPEG of decoded HEIC pixels that any browser shows (none but Safari shows HEIC): for the agent's console during a
 * hand-off. In libvips' threads; the pixels are libheif's, already turned upright by it.
 */
export async function displayJpegOf(image: RawImage, maxPixels: number): Promise<Buffer> {
  return sharpOf(image, maxPixels).resize({ width: MAX_DISPLAY_WIDTH, withoutEnlargement: true }).jpeg({ quality: 82 }).toBuffer();
}

function meanOf(pixels: Buffer): number {
  let sum = 0;
  // Every 7th byte is plenty for a mean and keeps this cheap on the event loop (≈ 0.5 Mpx sampled at most).
  let count = 0;
  for (let i = 0; i < pixels.length; i += 7) {
    sum += pixels[i]!;
    count += 1;
  }
  return count === 0 ? 255 : sum / count;
}

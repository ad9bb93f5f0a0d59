/**
 * What an image is, read from its bytes (never from the content type a client claims) and from its header only:
 * the format, the width and the height. The pixel limit is checked here, before anything is decoded, so a small
 * file that expands to gigabytes of pixels (a decompression bomb) is refused without being decoded.
 */
import sharp from 'sharp';

/** The formats the bot reads. HEIC's header is read by sharp, its pixels decoded by heicDecoder.ts (no HEVC in sharp). */
export type ImageFormat = 'png' | 'jpeg' | 'heic';

/** ISO BMFF major brands of HEIC files (HEVC-coded HEIF); 'mif1' is also AVIF's, told apart by the header's compression. */
const HEIC_BRANDS = new Set(['heic', 'heix', 'mif1']);
/** How sharp names each format and, for HEIF containers, the compression that must be inside. */
const SHARP_FORMAT: Record<ImageFormat, { format: string; compression?: string }> = {
  png: { format: 'png' },
  jpeg: { format: 'jpeg' },
  heic: { format: 'heif', compression: 'hevc' },
};

export interface ImageLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Largest width × height accepted (read from the header, before decoding). */
  maxPixels: number;
}

/** iPhone Pro Max screenshots are 1320 × 2868 (3.8 Mpx); a pasted desktop screenshot may be 5120 × 2880. */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: 5 * 1024 * 1024, maxPixels: 16_000_000 };

export type ImageRefusal = 'empty' | 'too_big' | 'too_many_pixels' | 'unsupported_type' | 'corrupt';

export type ImageCheck = { ok: true; format: ImageFormat; width: number; height: number } | { ok: false; refusal: ImageRefusal };

/** The format from the file's first bytes (its signature); undefined for anything else. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  // ISO BMFF: a box size, then 'ftyp' and the major brand.
  const ascii = (from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp' && HEIC_BRANDS.has(ascii(8, 12))) return 'heic';
  return undefined;
}

/** Checks size, signature and header dimensions; decodes nothing. */
export async function checkImage(bytes: Uint8Array, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<ImageCheck> {
  if (bytes.length === 0) return { ok: false, refusal: 'empty' };
  if (bytes.length > limits.maxBytes) return { ok: false, refusal: 'too_big' };
  const format = sniffImageFormat(bytes);
  if (!format) return { ok: false, refusal: 'unsupported_type' };
  let width: number | undefined;
  let height: number | undefined;
  try {
    // sharp reads the header only (libvips' header load), off the event loop.
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    const expected = SHARP_FORMAT[format];
    if (meta.format !== expected.format || (expected.compression && meta.compression !== expected.compression)) return { ok: false, refusal: 'unsupported_type' };
    width = meta.width;
    height = meta.height;
  } catch {
    return { ok: false, refusal: 'corrupt' };
  }
  if (!width || !height) return { ok: false, refusal: 'corrupt' };
  if (width * height > limits.maxPixels) return { ok: false, refusal: 'too_many_pixels' };
  return { ok: true, format, width, height };
}

/** Small images for the OCR tests, made with sharp (nothing on disk). */
import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

export async function whitePng(width = 300, height = 600): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).png().toBuffer();
}

export async function blackJpeg(width = 300, height = 600): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#000000' } }).jpeg().toBuffer();
}

export function dataUri(type: string, bytes: Buffer): string {
  return `data:${type};base64,${bytes.toString('base64')}`;
}

/** A PNG signature followed by bytes that are not a PNG. */
export const CORRUPT_PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a png at all, just text')]);
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n');

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb: a few hundred bytes whose header says width × height (8-bit grey) and whose data is one
 * compressed run of zeros (it would expand to width × height bytes if decoded).
 */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(64 * 1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A phone-size (1179 × 2556) "Not Enough Storage" alert as HEIC, made offline with
 * `heif-enc -q 50` (Debian libheif-examples, x265) from the held-out JPEG of the same name (53 KB). */
export const HEIC_ALERT_FILE = join(__dirname, '..', 'fixtures', 'screenshots', 'heic', 'not_enough_storage_alert-light-15-17.heic');

export function heicAlert(): Buffer {
  return readFileSync(HEIC_ALERT_FILE);
}

/**
 * The HEIC alert with its header saying width × height (< 65,536 each): a decompression bomb. heif-enc writes the
 * image as a one-tile grid, so the size is in three places: each item's 'ispe' box (image spatial extents: version and
 * flags, then 32-bit width and height) and the grid's output size in 'idat' (version, flags, rows-1, columns-1, then
 * 16-bit width and height).
 */
export function heicBomb(width: number, height: number): Buffer {
  const bytes = Buffer.from(heicAlert());
  let patched = 0;
  for (let at = bytes.indexOf('ispe', 0, 'latin1'); at >= 0; at = bytes.indexOf('ispe', at + 4, 'latin1')) {
    bytes.writeUInt32BE(width, at + 8);
    bytes.writeUInt32BE(height, at + 12);
    patched += 1;
  }
  const idat = bytes.indexOf('idat', 0, 'latin1');
  if (patched === 0 || idat < 0) throw new Error('the HEIC fixture has no ispe or no grid (idat)');
  bytes.writeUInt16BE(width, idat + 8);
  bytes.writeUInt16BE(height, idat + 10);
  return bytes;
}

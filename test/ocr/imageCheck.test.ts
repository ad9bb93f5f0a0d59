import { checkImage, sniffImageFormat } from '../../src/ocr/imageCheck';
import { prepareForOcr } from '../../src/ocr/prepareImage';
import { blackJpeg, CORRUPT_PNG, PDF_BYTES, pngBomb, whitePng } from './images';

describe('checkImage: size, signature and header dimensions, before decoding', () => {
  test('a PNG and a JPEG are recognised from their bytes, with their dimensions', async () => {
    expect(await checkImage(await whitePng(320, 640))).toEqual({ ok: true, format: 'png', width: 320, height: 640 });
    expect(await checkImage(await blackJpeg(200, 100))).toEqual({ ok: true, format: 'jpeg', width: 200, height: 100 });
  });

  test('empty, too many bytes, and a file that is no image are refused', async () => {
    expect(await checkImage(Buffer.alloc(0))).toEqual({ ok: false, refusal: 'empty' });
    expect(await checkImage(await whitePng(), { maxBytes: 100, maxPixels: 1e9 })).toEqual({ ok: false, refusal: 'too_big' });
    expect(await checkImage(PDF_BYTES)).toEqual({ ok: false, refusal: 'unsupported_type' });
    expect(sniffImageFormat(Buffer.from('GIF89a...'))).toBeUndefined();
  });

  test('a damaged file behind a PNG signature is corrupt', async () => {
    expect(await checkImage(CORRUPT_PNG)).toEqual({ ok: false, refusal: 'corrupt' });
    const png = await whitePng();
    const truncated = png.subarray(0, 40);
    const check = await checkImage(truncated);
    // The header may still be readable from a truncated file; decoding it then fails.
    if (check.ok) await expect(prepareForOcr(truncated, 1e7)).rejects.toThrow();
    else expect(check.refusal).toBe('corrupt');
  });

  test('a decompression bomb (a 2.5 gigapixel header in a few hundred bytes) is refused from its header', async () => {
    const bomb = pngBomb(50_000, 50_000);
    expect(bomb.length).toBeLessThan(1024);
    expect(await checkImage(bomb, { maxBytes: 5 * 1024 * 1024, maxPixels: 16_000_000 })).toEqual({ ok: false, refusal: 'too_many_pixels' });
  });
});

describe('prepareForOcr', () => {
  test('a dark screen is inverted, a light one is not; very wide images are scaled down', async () => {
    expect((await prepareForOcr(await blackJpeg(), 1e7)).inverted).toBe(true);
    const light = await prepareForOcr(await whitePng(3000, 1000), 1e7);
    expect(light.inverted).toBe(false);
    expect(light.width).toBe(1400);
  });
});

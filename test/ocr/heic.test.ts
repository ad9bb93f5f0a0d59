/**
 * HEIC (iPhones' own format): recognised from its bytes (ftyp heic/heix/mif1), its dimensions checked from the header
 * before anything is decoded (a decompression bomb is refused), its pixels decoded in a worker thread (heic-decode),
 * then the normal path (sharp → OCR). AVIF (the same container, AV1 inside) is not taken for HEIC.
 */
import { readdirSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { HeicDecoder, heicWorkerCode } from '../../src/ocr/heicDecoder';
import { OCR_THREAD_NICE } from '../../src/ocr/lowPriorityWorker';
import { checkImage, sniffImageFormat } from '../../src/ocr/imageCheck';
import { ScreenshotReader } from '../../src/ocr/screenshotReader';
import { heicAlert, heicBomb } from './images';
import { StubOcr } from './stubOcr';

const LIMITS = { maxBytes: 5 * 1024 * 1024, maxPixels: 16_000_000 };

describe('HEIC', () => {
  const decoder = new HeicDecoder();
  afterAll(() => decoder.close());

  test('recognised from its bytes, with its header dimensions', async () => {
    expect(sniffImageFormat(heicAlert())).toBe('heic');
    expect(await checkImage(heicAlert(), LIMITS)).toEqual({ ok: true, format: 'heic', width: 1179, height: 2556 });
  });

  test('headers saying 20,000² and 50,000² pixels are refused before decoding; AVIF and a truncated HEIC are not read', async () => {
    expect(await checkImage(heicBomb(20_000, 20_000), LIMITS)).toEqual({ ok: false, refusal: 'too_many_pixels' });
    expect(await checkImage(heicBomb(50_000, 50_000), LIMITS)).toEqual({ ok: false, refusal: 'too_many_pixels' });
    const avif = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } }).avif().toBuffer();
    expect(await checkImage(avif, LIMITS)).toEqual({ ok: false, refusal: 'unsupported_type' });
    const truncated = heicAlert().subarray(0, 200);
    const check = await checkImage(truncated, LIMITS);
    if (check.ok) await expect(decoder.decode(truncated, LIMITS.maxPixels)).rejects.toThrow(/HEIC not decoded/);
    else expect(check.refusal).toBe('corrupt');
  });

  test('decoded in the worker to RGBA pixels; the worker refuses more pixels than allowed without decoding', async () => {
    const image = await decoder.decode(heicAlert(), LIMITS.maxPixels);
    expect([image.width, image.height, image.data.length]).toEqual([1179, 2556, 1179 * 2556 * 4]);
    await expect(decoder.decode(heicAlert(), 1_000_000)).rejects.toThrow(/too many pixels/);
    // The worker still serves the next image after a refusal.
    expect((await decoder.decode(heicAlert(), LIMITS.maxPixels)).width).toBe(1179);
  });

  test('the decoder thread lowers its own priority on Linux only, before it loads the decoder', () => {
    const linux = heicWorkerCode('linux');
    expect(linux.indexOf(`setPriority(${OCR_THREAD_NICE})`)).toBeGreaterThanOrEqual(0);
    expect(linux.indexOf(`setPriority(${OCR_THREAD_NICE})`)).toBeLessThan(linux.indexOf('require(workerData.heicDecodePath)'));
    for (const platform of ['darwin', 'win32'] as const) expect(heicWorkerCode(platform)).not.toContain('setPriority');
  });

  // Linux: after a decode the worker thread runs at nice 19 and the event loop's thread keeps its own priority.
  (process.platform === 'linux' ? test : test.skip)('a decoding thread runs at the lowest priority, the main thread at its own', async () => {
    await decoder.decode(heicAlert(), LIMITS.maxPixels);
    const niceOf = (task: string): number => {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const tasks = readdirSync('/proc/self/task');
    expect(niceOf(String(process.pid))).toBe(0);
    expect(tasks.filter((task) => niceOf(task) === OCR_THREAD_NICE).length).toBeGreaterThanOrEqual(1);
  });

  test('the reader takes a HEIC through the normal path: the OCR engine gets a prepared PNG', async () => {
    const ocr = new StubOcr();
    ocr.willRead('Not Enough Storage');
    const reader = new ScreenshotReader(ocr, LIMITS);
    try {
      const reading = await reader.read(heicAlert());
      expect(reading).toMatchObject({ ok: true, paragraphs: ['Not Enough Storage'], width: 1179, height: 2556, inverted: false });
      expect(reading.ok && reading.displayJpeg).toBeFalsy();
      expect(ocr.calls).toBe(1);
      expect(await reader.read(heicBomb(20_000, 20_000))).toEqual({ ok: false, refusal: 'too_many_pixels' });
      expect(ocr.calls).toBe(1);
    } finally {
      await reader.close();
    }
  });

  test('asked for a display copy (a hand-off), a HEIC also comes back as a JPEG of the photo; a PNG never does', async () => {
    const ocr = new StubOcr();
    ocr.willRead('Not Enough Storage');
    ocr.willRead('Not Enough Storage');
    const reader = new ScreenshotReader(ocr, LIMITS);
    try {
      const heic = await reader.read(heicAlert(), { displayCopy: true });
      const jpeg = heic.ok ? heic.displayJpeg : undefined;
      expect(sniffImageFormat(jpeg ?? new Uint8Array())).toBe('jpeg');
      expect(await sharp(jpeg).metadata()).toMatchObject({ format: 'jpeg', width: 1179, height: 2556 });
      const png = await reader.read(await sharp({ create: { width: 40, height: 40, channels: 3, background: '#fff' } }).png().toBuffer(), { displayCopy: true });
      expect(png.ok && png.displayJpeg).toBeFalsy();
    } finally {
      await reader.close();
    }
  });
});

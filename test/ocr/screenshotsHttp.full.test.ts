/**
 * Screenshots over POST /api/messages as data: URIs (the Emulator's way), end to end through the real app with a stub
 * OCR engine: the bot quotes what it read, then acts as for typed text; every bad input gets a clear answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/config';
import { loadScreenshotPrompts } from '../../src/content/loadScreenshotPrompts';
import { start } from '../../src/index';
import { CapturedLogs, TEST_ENV } from '../helpers/app';
import { httpJson } from '../helpers/directLineClient';
import { CORRUPT_PNG, dataUri, heicAlert, heicBomb, PDF_BYTES, pngBomb, whitePng } from './images';
import { StubOcr } from './stubOcr';

const prompts = loadScreenshotPrompts('dialogs');
const STORAGE_ALERT = ['Not Enough Storage', 'This iPhone cannot be backed up because there is not enough iCloud storage available.'];
const WIFI_ALERT = ['Backup Failed', 'The last backup could not be completed because the network connection was lost.'];

type Reply = { type: string; text?: string };

describe('screenshots over /api/messages (data: URIs, stub OCR)', () => {
  const ocr = new StubOcr();
  let app: Awaited<ReturnType<typeof start>>;
  let png: Buffer;
  let conversation = 0;

  beforeAll(async () => {
    app = await start(loadConfig({ ...TEST_ENV, IMAGE_MAX_BYTES: '200000' }), { logDestination: new CapturedLogs(), ocrEngine: ocr });
    png = await whitePng();
  });
  afterAll(() => app.stop());

  async function send(attachments: unknown[], extra: Record<string, unknown> = {}, conversationId = `shot-${++conversation}`): Promise<Reply[]> {
    const result = await httpJson(`${app.url}/api/messages`, {
      body: {
        type: 'message', id: `m${conversation}`, channelId: 'emulator', serviceUrl: 'http://127.0.0.1:9/unused', deliveryMode: 'expectReplies',
        conversation: { id: conversationId }, from: { id: `user-${conversationId}` }, recipient: { id: 'bot' }, attachments, ...extra,
      },
    });
    expect(result.status).toBe(200);
    return (result.body.activities as Reply[]).filter((a) => a.type === 'message');
  }
  const image = (bytes: Buffer, type = 'image/png') => ({ contentType: type, contentUrl: dataUri(type, bytes) });
  const texts = (replies: Reply[]) => replies.map((r) => r.text ?? '');

  test('a "not enough storage" screenshot: quoted first, then the storage walk (Solution 1)', async () => {
    ocr.willRead('9:41', 'Apple Account', ...STORAGE_ALERT, 'Close');
    const replies = texts(await send([image(png)]));
    expect(replies[0]).toBe(`Your screenshot says "${STORAGE_ALERT.join('. ').replace(/\.$/, '')}".`);
    expect(replies[1]).toMatch(/^If your iCloud storage is full/);
    expect(replies.join('\n')).toMatch(/Solution 1: \*\*Ensure Sufficient iCloud Storage/);
  });

  test('a Wi-Fi error screenshot opens the internet walk, as the same words typed would', async () => {
    ocr.willRead(...WIFI_ALERT, 'OK');
    const replies = texts(await send([image(png)]));
    expect(replies[0]).toContain('network connection was lost');
    const typed = texts(await send([], { text: WIFI_ALERT[1] }));
    expect(replies.slice(1)).toEqual(typed);
    expect(replies.join('\n')).toMatch(/Solution 2/);
  });

  test('a greyed Back Up Now ("Connect to a Wi-Fi network…", read as network settings 0.52 / internet 0.45) opens the internet walk, as typed', async () => {
    const note = 'Connect to a Wi-Fi network to back up this iPhone.';
    ocr.willRead(note, 'All Device Backups');
    const replies = texts(await send([image(png)]));
    expect(replies[0]).toBe(`Your screenshot says "${note.replace(/\.$/, '')}".`);
    expect(replies.slice(1)).toEqual(texts(await send([], { text: note })));
    expect(replies.join('\n')).toMatch(/Solution 2/);
  });

  test('at a step, a screenshot is read like a typed reply', async () => {
    const id = 'at-a-step';
    await send([], { text: 'my backup says not enough storage' }, id);
    ocr.willRead(...WIFI_ALERT);
    const replies = texts(await send([image(png)], {}, id));
    expect(replies[0]).toMatch(/^Your screenshot says/);
    const typedId = 'at-a-step-typed';
    await send([], { text: 'my backup says not enough storage' }, typedId);
    const quoted = /^Your screenshot says "(.*)"\.$/.exec(replies[0]!)![1]!;
    expect(replies.slice(1)).toEqual(texts(await send([], { text: quoted }, typedId)));
    expect(replies[1]).toMatch(/internet connection/);
  });

  test('no text (a photo), or text about something else: a clear answer inviting a description', async () => {
    ocr.willRead();
    expect(texts(await send([image(png)]))).toEqual([prompts.noText]);
    ocr.willRead('Messages', 'Mum: Dinner at 7? Bring the salad please', 'See you at the station tomorrow morning');
    expect(texts(await send([image(png)]))).toEqual([prompts.notAboutBackup]);
  });

  test('bad input: too big, too many pixels, a forged content type, a corrupt file — each a clear answer, nothing read', async () => {
    ocr.calls = 0;
    expect(texts(await send([image(Buffer.alloc(210_000, 1))]))).toEqual([prompts.refused.tooBig]);
    expect(texts(await send([image(pngBomb(50_000, 50_000))]))).toEqual([prompts.refused.tooManyPixels]);
    expect(texts(await send([image(PDF_BYTES)]))).toEqual([prompts.refused.unsupportedType]);
    expect(texts(await send([image(png, 'image/heic')]))).toEqual(expect.arrayContaining([expect.stringMatching(/^Your screenshot says|I couldn't/)]));
    expect(texts(await send([image(CORRUPT_PNG)]))).toEqual([prompts.refused.corrupt]);
    expect(texts(await send([{ contentType: 'image/png', contentUrl: 'data:image/png;base64' }]))).toEqual([prompts.refused.unavailable]);
    expect(ocr.calls).toBeLessThanOrEqual(1);
  });

  test('HEIC (an iPhone photo of the screen) is decoded and read; a HEIC bomb is refused from its header', async () => {
    ocr.willRead(...STORAGE_ALERT);
    ocr.calls = 0;
    const heic = heicAlert();
    const replies = texts(await send([image(heic, 'image/heic')]));
    expect(replies[0]).toMatch(/^Your screenshot says "Not Enough Storage/);
    expect(replies.join('\n')).toMatch(/Solution 1/);
    // The claimed type does not matter: the bytes say HEIC.
    expect(texts(await send([image(heic, 'image/jpeg')]))[0]).toMatch(/^Your screenshot says/);
    expect(ocr.calls).toBe(2);
    // The fixture is 53 KB; this server's limit is 200 KB.
    expect(texts(await send([image(heicBomb(20_000, 20_000), 'image/heic')]))).toEqual([prompts.refused.tooManyPixels]);
    expect(ocr.calls).toBe(2);
  });

  test('a body far beyond one image is refused with 413 before the bot sees it', async () => {
    const result = await httpJson(`${app.url}/api/messages`, { body: { type: 'message', attachments: [image(Buffer.alloc(600_000, 1))] } });
    expect(result.status).toBe(413);
  });

  test('several images: the bot says it reads the first, then quotes it', async () => {
    ocr.willRead(...STORAGE_ALERT);
    const replies = texts(await send([image(png), image(png), image(png)]));
    expect(replies[0]).toBe(prompts.severalImages.replace('{count}', '3'));
    expect(replies[1]).toMatch(/^Your screenshot says/);
  });

  test('a contentUrl on a host nobody vouches for is never fetched', async () => {
    let requests = 0;
    const host: Server = createServer((_req, res) => {
      requests += 1;
      res.end('x');
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(host.address() as AddressInfo).port}/cat.png`;
      expect(texts(await send([{ contentType: 'image/png', contentUrl: url }]))).toEqual([prompts.refused.unavailable]);
      expect(requests).toBe(0);
    } finally {
      await new Promise((resolve) => host.close(resolve));
    }
  });

  test('words typed with an unreadable image are still read', async () => {
    ocr.willRead();
    const replies = texts(await send([image(png)], { text: 'my backup says not enough storage' }));
    expect(replies[0]).toBe(prompts.noText);
    expect(replies.join('\n')).toMatch(/Solution 1/);
  });
});

/**
 * The built-in Direct Line's upload route (Web Chat's upload button): a screenshot posted as multipart/form-data
 * reaches the bot (stub OCR) and is answered with the quote and the walk; the conversation keeps the file's name,
 * never its bytes; bad uploads get 4xx.
 */
import { loadConfig } from '../../src/config/config';
import { start } from '../../src/index';
import { CapturedLogs, TEST_ENV } from '../helpers/app';
import { DirectLineClient } from '../helpers/directLineClient';
import { heicAlert, whitePng } from './images';
import { StubOcr } from './stubOcr';

describe('Direct Line upload (built-in)', () => {
  const ocr = new StubOcr();
  let app: Awaited<ReturnType<typeof start>>;
  let domain: string;

  beforeAll(async () => {
    app = await start(loadConfig({ ...TEST_ENV }), { logDestination: new CapturedLogs(), ocrEngine: ocr });
    domain = `${app.url}/v3/directline`;
  });
  afterAll(() => app.stop());

  async function client(): Promise<DirectLineClient> {
    const dl = new DirectLineClient(domain);
    await dl.generateToken();
    await dl.start();
    return dl;
  }

  function upload(dl: DirectLineClient, form: FormData): Promise<Response> {
    return fetch(`${domain}/conversations/${dl.conversationId}/upload?userId=x`, { method: 'POST', headers: { Authorization: `Bearer ${dl.token}` }, body: form });
  }

  test('an uploaded screenshot is quoted and opens the storage walk; the stored activity has no image bytes', async () => {
    const dl = await client();
    ocr.willRead('Not Enough Storage', 'This iPhone cannot be backed up because there is not enough iCloud storage available.');
    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message', from: { id: 'x' }, channelData: { clientActivityID: 'c1' } })], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob([new Uint8Array(await whitePng())], { type: 'image/png' }), 'screenshot.png');
    const response = await upload(dl, form);
    expect(response.status).toBe(200);
    const log = await dl.waitFor((all) => all.some((a) => /Solution 1/.test(a.text ?? '')));
    const texts = log.filter((a) => a.from?.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');
    expect(texts.find((t) => t.startsWith('Your screenshot says'))).toContain('not enough iCloud storage');
    const mine = log.find((a) => a.from?.role === 'user') as unknown as { attachments?: Array<Record<string, unknown>> };
    expect(mine.attachments).toEqual([{ contentType: 'image/png', name: 'screenshot.png' }]);
    expect(JSON.stringify(log)).not.toContain('base64');
  });

  test('a .heic file sent with no type (Chrome on Windows and Linux) reaches the bot as an image and is read', async () => {
    const dl = await client();
    ocr.willRead('Not Enough Storage', 'This iPhone cannot be backed up because there is not enough iCloud storage available.');
    ocr.calls = 0;
    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message', from: { id: 'x' }, channelData: { clientActivityID: 'h1' } })], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob([new Uint8Array(heicAlert())]), 'IMG_0001.HEIC');
    expect((await upload(dl, form)).status).toBe(200);
    const log = await dl.waitFor((all) => all.some((a) => /Solution 1/.test(a.text ?? '')));
    const mine = log.find((a) => a.from?.role === 'user') as unknown as { attachments?: Array<Record<string, unknown>> };
    expect(mine.attachments).toEqual([{ contentType: 'image/heic', name: 'IMG_0001.HEIC' }]);
    expect(ocr.calls).toBe(1);
  });

  test('not multipart: 415; no token: 401 or 403; not valid multipart: 400', async () => {
    const dl = await client();
    const json = await fetch(`${domain}/conversations/${dl.conversationId}/upload`, { method: 'POST', headers: { Authorization: `Bearer ${dl.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    const anonymous = await fetch(`${domain}/conversations/${dl.conversationId}/upload`, { method: 'POST', body: new FormData() });
    expect([401, 403]).toContain(anonymous.status);
    const broken = await fetch(`${domain}/conversations/${dl.conversationId}/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${dl.token}`, 'content-type': 'multipart/form-data; boundary=abc' },
      body: 'this is not multipart',
    });
    expect(broken.status).toBe(400);
  });
});

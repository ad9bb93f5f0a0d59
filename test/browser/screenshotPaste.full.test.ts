/**
 * A screenshot pasted (Ctrl+V) into the support page's send box, with the real bot and the real OCR: the image on
 * the browser's clipboard is staged like a picked file, Send uploads it once through the built-in Direct Line
 * (POST …/upload), and the bot quotes the error it read and opens the walk for it. Text paste keeps working. The
 * clipboard is Chromium's own (written with navigator.clipboard, pasted with the keyboard), not a synthetic event —
 * except for a GIF, which Chromium's clipboard cannot hold: its paste event is dispatched, and it is not staged (the
 * page accepts what its upload button accepts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '../../src/config/config';
import { start } from '../../src/index';
import { launchBrowser, type TestBrowser } from '../helpers/browser';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'screenshots');

interface ManifestEntry {
  file: string;
  kind: string;
  expectedRoute: string;
  dark: boolean;
}

/** A light "Not Enough Storage" alert (routed to storage_full, Solution 1) as PNG: what a screenshot on a clipboard is. */
async function storageFullPng(): Promise<string> {
  const manifest = JSON.parse(readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8')) as ManifestEntry[];
  const entry = manifest.find((e) => e.kind === 'not_enough_storage_alert' && e.expectedRoute === 'storage_full' && !e.dark);
  if (!entry) throw new Error('manifest.json has no light not_enough_storage_alert routed to storage_full');
  return (await sharp(path.join(FIXTURES, entry.file)).png().toBuffer()).toString('base64');
}

/** Puts an image (base64) or a text on the browser's clipboard. */
async function copyToClipboard(browser: TestBrowser, item: { png: string } | { text: string }): Promise<void> {
  await browser.page.evaluate(async (what) => {
    if ('text' in what) return navigator.clipboard.writeText(what.text);
    const bytes = Uint8Array.from(atob(what.png), (c) => c.charCodeAt(0));
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': new Blob([bytes], { type: 'image/png' }) })]);
  }, item);
}

describe('pasting a screenshot into Web Chat with the real bot and OCR', () => {
  let app: Awaited<ReturnType<typeof start>>;
  let browser: TestBrowser;

  beforeAll(async () => {
    app = await start(loadConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'silent' }));
    browser = await launchBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('text paste → text; GIF → not staged; screenshot paste → one upload → the error quoted → Solution 1', async () => {
    const { page } = browser;
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/v3\/directline\/conversations\/[^/]+\/upload/.test(r.url())) uploads.push(r.url());
    });
    await page.goto(`${app.url}/`);
    const transcript = page.locator('#webchat');
    const said = (text: string | RegExp) => transcript.getByText(text).filter({ visible: true }).first();
    await said(/I help you find out why your iCloud backup failed/).waitFor();
    const sendBox = transcript.getByRole('textbox');
    const staged = transcript.locator('.webchat__upload-button .webchat__attachment-icon--checked');

    // Text paste is the textarea's own.
    await copyToClipboard(browser, { text: 'my backup failed' });
    await sendBox.click();
    await page.keyboard.press('Control+V');
    await page.waitForFunction(() => (document.querySelector('#webchat textarea, #webchat input[type="text"]') as HTMLInputElement | null)?.value === 'my backup failed');
    expect(await staged.count()).toBe(0);
    await sendBox.fill('');

    // A GIF is not in the accept list: not staged, the paste left to the browser.
    const gifPasteTaken = await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61])], 'anim.gif', { type: 'image/gif' }));
      const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      document.querySelector('#webchat textarea, #webchat input[type="text"]')!.dispatchEvent(event);
      return event.defaultPrevented;
    });
    expect(gifPasteTaken).toBe(false);
    expect(await staged.count()).toBe(0);

    // A screenshot: staged like a picked file (the paperclip checked), sent with Send.
    await copyToClipboard(browser, { png: await storageFullPng() });
    await sendBox.click();
    await page.keyboard.press('Control+V');
    await staged.waitFor();
    expect(await sendBox.inputValue()).toBe('');
    await transcript.getByRole('button', { name: 'Send', exact: true }).click();

    // The first image starts the OCR workers: slow on a loaded CI machine, hence the long deadline.
    await said(/Your screenshot says “Not Enough Storage\. This iPhone cannot be backed up/).waitFor({ timeout: 150_000 });
    await said(/Solution 1: Ensure Sufficient iCloud Storage/).waitFor({ timeout: 30_000 });
    expect(uploads).toHaveLength(1);
    expect(await staged.count()).toBe(0);
    expect(await transcript.getByText(/send failed/i).count()).toBe(0);
    expect(browser.errors).toEqual([]);
  }, 240_000);

  test("the embed's chat panel (/embed, the same page script) stages a pasted screenshot too", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/embed`);
    const chat = page.locator('#webchat');
    await chat.getByText(/I help you find out why your iCloud backup failed/).filter({ visible: true }).first().waitFor();
    await copyToClipboard(browser, { png: await storageFullPng() });
    await chat.getByRole('textbox').click();
    await page.keyboard.press('Control+V');
    await chat.locator('.webchat__upload-button .webchat__attachment-icon--checked').waitFor();
    expect(await chat.getByRole('textbox').inputValue()).toBe('');
  }, 120_000);
});

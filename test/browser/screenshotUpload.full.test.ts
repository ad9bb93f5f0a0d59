/**
 * A screenshot uploaded with Web Chat's upload button on the support page, the real bot and the real OCR: the upload
 * reaches the built-in Direct Line (POST …/upload), the person sees the typing indicator, then the bot quoting the
 * error it read and opening the walk for it (a "Not Enough Storage" alert → Solution 1). Issue 25: the page's CSP had
 * blocked Web Chat's blob: reads (connect-src) and thumbnail worker (worker-src), so nothing was ever sent.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
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

/** A light "Not Enough Storage" alert that the manifest routes to storage_full (Solution 1). */
function storageFullScreenshot(): string {
  const manifest = JSON.parse(readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8')) as ManifestEntry[];
  const entry = manifest.find((e) => e.kind === 'not_enough_storage_alert' && e.expectedRoute === 'storage_full' && !e.dark);
  if (!entry) throw new Error('manifest.json has no light not_enough_storage_alert routed to storage_full');
  return path.join(FIXTURES, entry.file);
}

/** Records in the page whether Web Chat ever rendered its typing indicator (it is shown only while the bot works). */
async function watchForTypingIndicator(browser: TestBrowser): Promise<void> {
  await browser.page.evaluate(() => {
    const w = window as unknown as { sawTyping: boolean };
    w.sawTyping = false;
    new MutationObserver(() => {
      if (document.querySelector('#webchat .webchat__typing-indicator')) w.sawTyping = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
}

describe('uploading a screenshot in Web Chat with the real bot and OCR', () => {
  let app: Awaited<ReturnType<typeof start>>;
  let browser: TestBrowser;

  beforeAll(async () => {
    app = await start(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        STORAGE: 'memory',
        LOG_LEVEL: 'silent',
      }),
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('upload → typing indicator → the error quoted → Solution 1', async () => {
    const { page } = browser;
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/v3\/directline\/conversations\/[^/]+\/upload/.test(r.url())) uploads.push(r.url());
    });
    await page.goto(`${app.url}/`);
    const transcript = page.locator('#webchat');
    // The rendered bubble, not Web Chat's screen-reader copy of it ("Bot iC said: …", never visible).
    const said = (text: string | RegExp) => transcript.getByText(text).filter({ visible: true }).first();
    await said(/I help you find out why your iCloud backup failed/).waitFor();
    await watchForTypingIndicator(browser);

    // Web Chat puts the picked file in the send box (sendAttachmentOn: 'send'); the person then presses Send.
    await transcript.locator('input[type="file"]').setInputFiles(storageFullScreenshot());
    // Staged only once its thumbnail is made (a worker, slow under load): Send before that sends nothing.
    await transcript.locator('.webchat__upload-button .webchat__attachment-icon--checked').waitFor({ timeout: 60_000 });
    await transcript.getByRole('button', { name: 'Send', exact: true }).click();

    // The first image starts the OCR workers: slow on a loaded CI machine, hence the long deadline.
    await said(/Your screenshot says “Not Enough Storage\. This iPhone cannot be backed up/).waitFor({ timeout: 150_000 });
    await said(/Solution 1: Ensure Sufficient iCloud Storage/).waitFor({
      timeout: 30_000,
    });
    expect(uploads).toHaveLength(1);
    expect(await page.evaluate(() => (window as unknown as { sawTyping: boolean }).sawTyping)).toBe(true);
    expect(await transcript.getByText(/send failed/i).count()).toBe(0);
    expect(browser.errors).toEqual([]);
  }, 240_000);
});

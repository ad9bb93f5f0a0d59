/**
 * The real bot in a real browser: the README's start path (index.ts start()) serving the support page, and a person
 * troubleshooting by typing and by clicking. Saves test-artifacts/journey.png.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { start } from '../../src/index';
import { launchBrowser, type TestBrowser } from '../helpers/browser';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

describe('troubleshooting in Web Chat with the real bot', () => {
  let app: Awaited<ReturnType<typeof start>>;
  let browser: TestBrowser;

  beforeAll(async () => {
    app = await start(loadConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'silent' }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('welcome → typed complaint → Wi-Fi step → click "No, still failing" → Apple ID step → follow-up question → resume', async () => {
    const { page } = browser;
    await page.goto(`${app.url}/`);
    const transcript = page.locator('#webchat');
    const said = (text: string | RegExp) => transcript.getByText(text).first();
    const button = (title: string) => page.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button', { name: title, exact: true });

    // The welcome and its example problems appear as soon as the page opens.
    await said(/I help you find out why your iCloud backup failed/).waitFor();
    await button('Backup failed but I have space').waitFor();

    const input = transcript.getByRole('textbox').first();
    await input.fill('backup failed but I have space');
    await input.press('Enter');
    await said(/Solution 2: Check the Internet Connection/).waitFor();
    await said('Connect to a Wi-Fi network with a strong signal.').waitFor();

    await button('No, still failing').click();
    await said(/Solution 3: Verify Apple ID and Password/).waitFor();
    await said(/Sign out of your iCloud account, sign back in/).waitFor();

    await input.fill('will this delete my photos?');
    await input.press('Enter');
    await said(/You were on Solution 3/).waitFor();
    // Back on the same step, asked again, with its buttons.
    expect(await transcript.getByText('Did that fix your backup?').count()).toBeGreaterThanOrEqual(3);
    await button('Yes, it worked').waitFor();

    await button('Yes, it worked').click();
    await said(/glad your backup is working again/).waitFor();
    expect(await transcript.getByText(/send failed/i).count()).toBe(0);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'journey.png'), fullPage: true });
    expect(browser.errors).toEqual([]);
  });
});

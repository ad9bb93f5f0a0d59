/**
 * Real headless Chromium on the support page: the test bot's welcome and buttons appear, a typed message gets an
 * answer, a suggested-action button works, and nothing fails in the console. Saves test-artifacts/webchat.png.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, TestBrowser } from '../helpers/browser';
import { startTestServer, TestServer } from '../helpers/server';
import { FOLLOW_UP_BUTTONS, OTHER_BUTTON, STORAGE_ANSWER, STORAGE_BUTTON, TestBot, WELCOME_TEXT } from '../helpers/testBot';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

describe('support page in a real browser', () => {
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startTestServer({ bot: new TestBot() });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('welcome, typed message, suggested action', async () => {
    const { page } = browser;
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('heading', { name: 'iCloud Backup Help', level: 1 }).waitFor();

    const transcript = page.locator('#webchat');
    // A bot/user message as rendered in the transcript (Web Chat also repeats text in screen-reader-only nodes).
    const bubble = (text: string) => transcript.getByRole('paragraph').filter({ hasText: text }).first();
    // A button of the suggested-actions bar under the transcript.
    const suggested = (title: string) => page.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button', { name: title, exact: true });
    await bubble(WELCOME_TEXT).waitFor();
    await suggested(STORAGE_BUTTON).waitFor();
    await suggested(OTHER_BUTTON).waitFor();
    expect(await page.locator('#chat-error').isHidden()).toBe(true);

    const input = page.locator('#webchat').getByRole('textbox').or(page.locator('#webchat input[type="text"]')).first();
    await input.fill('My backup keeps failing');
    await input.press('Enter');
    await bubble('You said: My backup keeps failing').waitFor();

    await suggested(STORAGE_BUTTON).click();
    await bubble(STORAGE_ANSWER).waitFor();
    for (const title of FOLLOW_UP_BUTTONS) await suggested(title).waitFor();
    expect(await suggested(STORAGE_BUTTON).count()).toBe(0); // only the latest suggestions are offered

    // The user's messages were acknowledged by the service (no "Send failed. Retry." notices).
    expect(await transcript.getByText(/send failed/i).count()).toBe(0);
    // The upload button is there for screenshots of the error (test/browser/screenshotUpload.full.test.ts uploads one).
    expect(await page.locator('#webchat [aria-label*="upload" i], #webchat button[title*="upload" i]').count()).toBeGreaterThan(0);

    // The user's bubbles are theirs (right-hand side, from the token's user), and Web Chat reports it is connected.
    const userBubble = await bubble('My backup keeps failing').boundingBox();
    const botBubble = await bubble('You said: My backup keeps failing').boundingBox();
    expect(userBubble!.x).toBeGreaterThan(botBubble!.x);
    await page.getByText('Connecting…').first().waitFor({ state: 'detached' });

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat.png'), fullPage: true });
    expect(browser.errors).toEqual([]);
  });

  test('the page works on a phone-sized screen', async () => {
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      await phone.page.goto(`${server.baseUrl}/`);
      await phone.page.locator('#webchat').getByRole('paragraph').filter({ hasText: WELCOME_TEXT }).first().waitFor();
      await phone.page.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button', { name: STORAGE_BUTTON }).waitFor();
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390); // no sideways scrolling
      await mkdir(ARTIFACTS, { recursive: true });
      await phone.page.screenshot({ path: path.join(ARTIFACTS, 'webchat-mobile.png'), fullPage: true });
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  test('a clear error appears when the bot cannot be reached', async () => {
    const { page } = browser;
    await page.route('**/api/directline/token', (route) => route.fulfill({ status: 503, body: '{}' }));
    try {
      await page.goto(`${server.baseUrl}/`);
      const alert = page.getByRole('alert');
      await alert.getByText(/couldn't reach the support assistant/i).waitFor();
      expect(await page.locator('#webchat').getByRole('textbox').count()).toBe(0);
      await page.getByRole('button', { name: 'Try again' }).waitFor();
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-error.png') });
    } finally {
      await page.unroute('**/api/directline/token');
    }
  });
});

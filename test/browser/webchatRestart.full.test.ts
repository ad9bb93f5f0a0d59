/**
 * The default setup (SQLite) restarted under an open page: the real app (index.ts start()) serves the page, a
 * person starts a walk, the app stops (as every deploy does), the page says it is reconnecting, the person types
 * "no, still failing" while the bot is down, the app starts again on the same port and file — and the same page
 * continues: the message is delivered once, the next step appears once, nothing is marked "Send failed".
 * Screenshots of each stage: test-artifacts/restart-1-before.png, restart-2-reconnecting.png, restart-3-after.png.
 * And when the bot stays away longer than Web Chat's send timeout, the message is marked "Send failed. Retry."
 * (never delivered behind the person's back) and the retry works once the bot is back
 * (restart-send-failed.png, restart-send-failed-retried.png).
 */
import { mkdir } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { startApp, type RunningApp } from '../helpers/app';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const dir = mkdtempSync(path.join(tmpdir(), 'webchat-restart-'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

/** How many message bubbles of the transcript contain `text` (Web Chat repeats text in screen-reader-only nodes). */
function bubbles(page: TestBrowser['page'], text: string): Promise<number> {
  return page.evaluate(
    (wanted) => Array.from(document.querySelectorAll('#webchat .webchat__bubble__content')).filter((el) => (el.textContent ?? '').includes(wanted)).length,
    text,
  );
}

describe('an open page across a restart of the bot (SQLite)', () => {
  let browser: TestBrowser;
  let app: RunningApp | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  // Each test ends with its (restarted) app running: stop it, or it keeps listening and Jest never exits.
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the walk goes on at the same step; the message typed while the bot was down is delivered once', async () => {
    const port = await freePort();
    const env = { STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'bot.sqlite'), PORT: String(port) };
    app = await startApp(env);
    const { page } = browser;
    await mkdir(ARTIFACTS, { recursive: true });

    await page.goto(`${app.url}/`);
    const transcript = page.locator('#webchat');
    const said = (text: string | RegExp) => transcript.getByText(text).first();
    const input = transcript.getByRole('textbox').first();
    await said(/I help you find out why your iCloud backup failed/).waitFor();
    await input.fill('backup failed but I have space');
    await input.press('Enter');
    await said(/Solution 2: Check the Internet Connection/).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'restart-1-before.png'), fullPage: true });

    // Deploy: the bot stops. The page notices its stream closed and says so.
    await app.stop();
    app = undefined;
    const status = page.locator('#chat-status');
    await page.locator('#chat-status[data-state="reconnecting"]').waitFor();
    expect(await status.textContent()).toMatch(/Reconnecting to the assistant/);

    // Typed while the bot is down: shown as sending, not failed.
    await input.fill('no, still failing');
    await input.press('Enter');
    await transcript.getByText('no, still failing').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'restart-2-reconnecting.png'), fullPage: true });
    expect(await transcript.getByText(/send failed/i).count()).toBe(0);

    // The bot comes back on the same port and SQLite file.
    app = await startApp(env);
    await said(/Solution 3: Verify Apple ID and Password/).waitFor({ timeout: 60_000 });
    await page.locator('#chat-status[data-state="online"]').waitFor({ state: 'attached', timeout: 60_000 });
    expect(await status.textContent()).toBe('');
    await page.screenshot({ path: path.join(ARTIFACTS, 'restart-3-after.png'), fullPage: true });

    // Delivered once, answered once, nothing lost or repeated, no welcome again.
    expect(await bubbles(page, 'no, still failing')).toBe(1);
    expect(await bubbles(page, 'Solution 3: Verify Apple ID and Password')).toBe(1);
    expect(await bubbles(page, 'Solution 2: Check the Internet Connection')).toBe(1);
    expect(await bubbles(page, 'I help you find out why your iCloud backup failed')).toBe(1);
    expect(await transcript.getByText(/send failed/i).count()).toBe(0);

    // And the walk goes on after the restart.
    await input.fill('no, still failing');
    await input.press('Enter');
    await said(/Solution 4/).waitFor();
  }, 180_000);

  test('a message that waits longer than the send timeout is marked "Send failed", and its retry works once the bot is back', async () => {
    const port = await freePort();
    const env = { STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'retry.sqlite'), PORT: String(port) };
    app = await startApp(env);
    const page = await browser.context.newPage();
    try {
      await page.addInitScript(() => {
        (window as unknown as { chatSendTimeoutMs: number }).chatSendTimeoutMs = 3000;
      });
      await page.goto(`${app.url}/`);
      const transcript = page.locator('#webchat');
      const said = (text: string | RegExp) => transcript.getByText(text).first();
      const input = transcript.getByRole('textbox').first();
      await said(/I help you find out why your iCloud backup failed/).waitFor();
      await input.fill('backup failed but I have space');
      await input.press('Enter');
      await said(/Solution 2: Check the Internet Connection/).waitFor();

      await app.stop();
      app = undefined;
      await page.locator('#chat-status[data-state="reconnecting"]').waitFor();
      await input.fill('no, still failing');
      await input.press('Enter');
      // Not delivered in time: clearly marked, with a retry.
      const retry = transcript.getByRole('button', { name: /retry/i }).first();
      await retry.waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(ARTIFACTS, 'restart-send-failed.png'), fullPage: true });

      app = await startApp(env);
      await page.locator('#chat-status[data-state="online"]').waitFor({ state: 'attached', timeout: 60_000 });
      await retry.click();
      await said(/Solution 3: Verify Apple ID and Password/).waitFor({ timeout: 60_000 });
      await page.screenshot({ path: path.join(ARTIFACTS, 'restart-send-failed-retried.png'), fullPage: true });
      // Web Chat keeps the failed copy (still marked failed: it never reached the bot) and shows the retried one;
      // the bot got the message once: one answer, and no step skipped.
      expect(await bubbles(page, 'no, still failing')).toBe(2);
      expect(await page.locator('#webchat').getByText('Send failed.', { exact: false }).first().isVisible()).toBe(true);
      expect(await bubbles(page, 'Solution 3: Verify Apple ID and Password')).toBe(1);
      expect(await bubbles(page, 'Solution 4')).toBe(0);
    } finally {
      await page.close();
    }
  }, 180_000);
});

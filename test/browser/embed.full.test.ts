/**
 * The chat on another site: a host page served from a second local origin (listed in ALLOWED_ORIGINS) carries one
 * <script src=".../embed.js" data-...> tag; the launcher opens the chat panel and a person completes a walk in it.
 * A page from a third origin, not in ALLOWED_ORIGINS, is refused: the browser will not frame the panel and the
 * chat endpoints answer its requests with 403 (no CORS). Saves test-artifacts/embed-open.png.
 */
import { mkdir } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import path from 'node:path';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { startApp, type RunningApp } from '../helpers/app';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

/** A "support site" on its own origin whose page embeds the bot with one script tag. */
async function hostSite(botUrl: () => string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>Example support site</title></head><body>
      <h1>Example support site</h1><p>Our help articles.</p>
      <script src="${botUrl()}/embed.js" data-title="Backup help" data-greeting="Hi! Is your iCloud backup failing?"
        data-accent="#8a2be2" data-position="right" async></script>
    </body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the chat embedded on another site', () => {
  let app: RunningApp;
  let allowed: Awaited<ReturnType<typeof hostSite>>;
  let refused: Awaited<ReturnType<typeof hostSite>>;
  let browser: TestBrowser;

  beforeAll(async () => {
    allowed = await hostSite(() => app.url);
    refused = await hostSite(() => app.url);
    app = await startApp({ ALLOWED_ORIGINS: allowed.origin });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await allowed?.close();
    await refused?.close();
  });

  test('one script tag adds a launcher; the panel opens and a walk is completed in it', async () => {
    const { page } = browser;
    await page.goto(`${allowed.origin}/`);
    const launcher = page.getByRole('button', { name: 'Open chat: Backup help' });
    await launcher.waitFor();
    const box = (await launcher.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.x).toBeGreaterThan(viewport.width / 2); // data-position="right"
    expect(box.y).toBeGreaterThan(viewport.height / 2);
    expect(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(138, 43, 226)'); // data-accent

    await launcher.click();
    await page.getByRole('button', { name: 'Close chat: Backup help' }).waitFor();
    const chat = page.frameLocator('iframe[title="Backup help"]');
    await chat.getByRole('heading', { name: 'Backup help' }).waitFor();
    await chat.getByText('Hi! Is your iCloud backup failing?').waitFor();

    const transcript = chat.locator('#webchat');
    const said = (text: string | RegExp) => transcript.getByText(text).first();
    const button = (title: string) => chat.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button', { name: title, exact: true });
    await said(/I help you find out why your iCloud backup failed/).waitFor();
    const input = transcript.getByRole('textbox').first();
    await input.fill('backup failed but I have space');
    await input.press('Enter');
    await said(/Solution 2: Check the Internet Connection/).waitFor();
    await button('Yes, it worked').click();
    await said(/glad your backup is working again/).waitFor();
    expect(await transcript.getByText(/send failed/i).count()).toBe(0);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'embed-open.png') });

    // The allowed site may also call the chat endpoints itself (CORS).
    const status = await page.evaluate(async (bot) => (await fetch(`${bot}/api/directline/token`, { method: 'POST' })).status, app.url);
    expect(status).toBe(200);
  });

  test('a site not in ALLOWED_ORIGINS is refused', async () => {
    const other = await launchBrowser();
    try {
      const { page } = other;
      await page.goto(`${refused.origin}/`);
      // The browser will not show the panel's page in the frame (CSP frame-ancestors): the frame ends on its error page.
      const blocked = page.waitForEvent('framenavigated', { predicate: (f) => f !== page.mainFrame() && f.url().startsWith('chrome-error://') });
      await page.getByRole('button', { name: 'Open chat: Backup help' }).click();
      const frame = await blocked;
      expect(await frame.locator('#webchat').count()).toBe(0);

      // Its own requests to the chat endpoints are refused too.
      const outcome = await page.evaluate(async (bot) => {
        try {
          const response = await fetch(`${bot}/api/directline/token`, { method: 'POST' });
          return `status ${response.status}`;
        } catch {
          return 'blocked';
        }
      }, app.url);
      expect(outcome).toBe('blocked');
      const direct = await fetch(`${app.url}/api/directline/token`, { method: 'POST', headers: { Origin: refused.origin } });
      expect(direct.status).toBe(403);
      expect(direct.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await other.close();
    }
  });
});

/**
 * The operators' dashboard in real headless Chromium: a wrong key is refused, the right key shows the figures of
 * seeded conversations plus three held through /api/messages, the CSV downloads, and nothing breaks the CSP or the
 * console. Saves test-artifacts/admin.png.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MemoryAnalyticsStore } from '../../src/analytics/memoryAnalyticsStore';
import { ADMIN_KEY, AdminServer, say, startAdminServer } from '../analytics/adminServer';
import { seedRelativeTo } from '../analytics/seed';
import { launchBrowser, TestBrowser } from '../helpers/browser';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

describe('operator dashboard in a real browser', () => {
  let server: AdminServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    const store = new MemoryAnalyticsStore();
    await seedRelativeTo(store, Date.now());
    // CSAT answers (comments are stored masked, as the survey masks them).
    const at = Date.now() - 60_000;
    await store.recordRating({ id: 'r1', at, channelId: 'webchat', conversationId: 's1', subject: 'bot', route: 'storage_full', score: 'down', comment: 'too many steps, my email is •••' });
    await store.recordRating({ id: 'r2', at, channelId: 'webchat', conversationId: 's2', subject: 'agent', agentId: 'sub-sam', agentName: 'Sam Rivera', route: 'network_unstable', score: 'up', comment: 'Sam fixed it' });
    await store.recordRating({ id: 'r3', at, channelId: 'msteams', conversationId: 's3', subject: 'agent', agentId: 'sub-sam', agentName: 'Sam Rivera', route: 'storage_full', score: 'up' });
    server = await startAdminServer({ store });
    await say(server.baseUrl, 'live-1', 'my backup says not enough storage');
    await say(server.baseUrl, 'live-1', 'yes it worked');
    await say(server.baseUrl, 'live-2', 'the backup stops every time my wifi drops');
    await say(server.baseUrl, 'live-2', 'Talk to a person');
    await say(server.baseUrl, 'live-3', 'what is the capital of peru? my password is Hunter2!secret');
    browser = await launchBrowser({ width: 1280, height: 900 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('sign in, see the figures, download the CSV', async () => {
    const { page } = browser;
    await page.goto(`${server.baseUrl}/admin`);
    await page.getByRole('heading', { name: 'Operator dashboard', level: 1 }).waitFor();

    await page.getByLabel('Admin key').fill('not-the-right-key-000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That key is not right' }).waitFor();
    expect(await page.locator('#dashboard').isHidden()).toBe(true);

    await page.getByLabel('Admin key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const kpi = (id: string) => page.locator(`[data-kpi="${id}"] .kpi__value`);
    await kpi('conversations').filter({ hasText: '13' }).waitFor();
    // 13 conversations: resolved 5, escalated 1, handed off 2, cancelled 1, abandoned 2, in progress 2.
    expect(await kpi('containment').textContent()).toBe('38%');
    expect(await kpi('escalation').textContent()).toBe('8%');
    expect(await kpi('handoff').textContent()).toBe('15%');
    expect(await kpi('abandonment').textContent()).toBe('15%');
    expect(await page.locator('#outcome-legend').textContent()).toContain('Resolved by the assistant: 5');

    const storage = page.locator('[data-route="storage_full"]');
    await storage.getByRole('heading', { name: 'Insufficient iCloud storage' }).waitFor();
    const firstSolution = storage.getByRole('row').nth(1);
    // Seeded 5 storage walks + the live one: check_storage fixed 3 of 6 tries.
    expect((await firstSolution.getByRole('cell').allTextContents()).slice(0, 6)).toEqual(['Ensure Sufficient iCloud Storage', '6', '3', '3', '0', '0']);
    expect(await firstSolution.getByRole('cell').nth(6).textContent()).toBe('50%');

    // CSAT: overall, the assistant vs agents, per agent, the comments.
    const csat = page.locator('#csat');
    expect(await csat.locator('.kpi__value').allTextContents()).toEqual(['67%', '0%', '100%']);
    expect(await csat.locator('#csat-agents').getByRole('row', { name: /Sam Rivera/ }).innerText()).toMatch(/Sam Rivera\s+2\s+0\s+100%/);
    await csat.getByText('too many steps, my email is •••').waitFor();
    await csat.getByText('Sam fixed it').waitFor();

    const todo = page.locator('#todo');
    await todo.getByText('what is the capital of peru?', { exact: false }).waitFor();
    expect(await todo.textContent()).not.toContain('Hunter2');
    expect(await page.locator('#timeline svg rect').count()).toBeGreaterThan(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^channel,conversation_id,/);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(14);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin.png'), fullPage: true });
    // The only console error is the browser's note about the refused wrong key.
    expect(browser.errors).toEqual(['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);

    // Signing out forgets the session: a reload shows the sign-in form again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.reload();
    await page.getByLabel('Admin key').waitFor();
    expect(await page.locator('#dashboard').isHidden()).toBe(true);
  });

  test('the dashboard works on a phone-sized screen', async () => {
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      await phone.page.goto(`${server.baseUrl}/admin`);
      await phone.page.getByLabel('Admin key').fill(ADMIN_KEY);
      await phone.page.getByRole('button', { name: 'Sign in' }).click();
      await phone.page.locator('[data-kpi="conversations"] .kpi__value').filter({ hasText: '13' }).waitFor();
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await mkdir(ARTIFACTS, { recursive: true });
      await phone.page.screenshot({ path: path.join(ARTIFACTS, 'admin-mobile.png'), fullPage: true });
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});

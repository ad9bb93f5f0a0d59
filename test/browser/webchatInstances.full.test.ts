/**
 * Two instances of the real app sharing a real redis-server, behind a round-robin proxy started here (no sticky
 * sessions): the page's requests alternate between the instances, its WebSocket lives on one of them while bot
 * replies are written by either, and the walk works — also after one instance is stopped.
 * Saves test-artifacts/instances-after-stop.png.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { RedisServerHandle, startRedisServer } from '../helpers/redisServer';
import { RoundRobinProxy, startRoundRobinProxy } from '../helpers/roundRobinProxy';
import { startApp, type RunningApp } from '../helpers/app';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

describe('Web Chat on two instances sharing Redis', () => {
  let redis: RedisServerHandle;
  let first: RunningApp | undefined;
  let second: RunningApp;
  let proxy: RoundRobinProxy;
  let browser: TestBrowser;

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { STORAGE: 'redis', REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'lb:' };
    first = await startApp(env);
    second = await startApp(env);
    proxy = await startRoundRobinProxy([first.url, second.url]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await first?.stop();
    await second?.stop();
    await redis?.stop();
  });

  test('requests alternate, the walk goes on, and it survives losing an instance', async () => {
    const { page } = browser;
    await page.goto(`${proxy.url}/`);
    const transcript = page.locator('#webchat');
    const said = (text: string | RegExp) => transcript.getByText(text).first();
    const button = (title: string) => page.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button', { name: title, exact: true });
    const input = transcript.getByRole('textbox').first();

    await said(/I help you find out why your iCloud backup failed/).waitFor();
    await input.fill('backup failed but I have space');
    await input.press('Enter');
    await said(/Solution 2: Check the Internet Connection/).waitFor();
    await button('No, still failing').click();
    await said(/Solution 3: Verify Apple ID and Password/).waitFor();

    // The two messages were posted to different instances, while the page's stream stayed on one of them: a reply
    // written by the instance without the stream reached the page through Redis. (The proxy logs a request when its
    // answer comes, which is after the bot's turn: wait for both.)
    const posts = () => proxy.log.filter((entry) => /\/activities$/.test(entry.path));
    for (let i = 0; i < 200 && posts().length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(new Set(posts().map((entry) => entry.target)).size).toBe(2);
    // Both instances served the page's Direct Line requests (no stickiness); read once the posts' answers are logged.
    const directLine = proxy.log.filter((entry) => entry.path.startsWith('/v3/directline/') || entry.path.startsWith('/api/directline/'));
    const instancesUsed = new Set(directLine.map((entry) => entry.target));
    expect(instancesUsed).toEqual(new Set([first!.url, second.url]));
    expect(proxy.log.filter((entry) => entry.path.includes('/stream?'))).toHaveLength(1);

    // One instance goes away (a deploy, a crash): the page carries on through the other.
    await first!.stop();
    first = undefined;
    await input.fill('no, still failing');
    await input.press('Enter');
    await said(/Solution 4/).waitFor({ timeout: 60_000 });
    await button('Yes, it worked').click();
    await said(/glad your backup is working again/).waitFor({ timeout: 60_000 });
    expect(await transcript.getByText(/send failed/i).count()).toBe(0);
    const lastPost = proxy.log.filter((entry) => /\/activities$/.test(entry.path)).pop()!;
    expect(lastPost.target).toBe(second.url);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'instances-after-stop.png'), fullPage: true });
  }, 180_000);
});

/**
 * Human hand-off in a real browser with the real app (index.ts start(), memory storage, an agent key): a person in
 * Web Chat (/) and an agent in the console (/agent), side by side. The person walks a little and asks for a person;
 * the console shows the request with its context; the agent accepts; messages flow both ways; the agent ends and the
 * bot is back. Saves test-artifacts/handoff-person.png, handoff-agent.png and handoff-agent-waiting.png.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../src/config/config';
import { start } from '../../src/index';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { freePort, startDevOidcProvider } from '../auth/oidcClient';



const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const AGENT_KEY = 'browser-test-agent-key-42';

describe('hand-off to a live agent, in the browser', () => {
  let app: Awaited<ReturnType<typeof start>>;
  let browser: TestBrowser;
  let agentPage: Page;
  const agentErrors: string[] = [];

  beforeAll(async () => {
    app = await start(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'silent', AGENT_KEY, HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600' }),
    );
    browser = await launchBrowser({ width: 1280, height: 900 });
    agentPage = await browser.context.newPage();
    agentPage.on('console', (message) => {
      if (message.type() === 'error') agentErrors.push(message.text());
    });
    agentPage.on('pageerror', (error) => agentErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('request → context in the console → accept → chat both ways → end → the bot asks "Did Sam help?"', async () => {
    // The agent signs in first with the shared key (a wrong key is refused); the console says it is a shared key.
    await agentPage.goto(`${app.url}/agent`);
    await agentPage.getByRole('heading', { name: 'Sign in with the shared key' }).waitFor();
    await agentPage.getByLabel('Agent key').fill('not-the-key');
    await agentPage.getByLabel('Your name').fill('Sam');
    await agentPage.getByRole('button', { name: 'Sign in' }).click();
    await agentPage.getByRole('alert').getByText('That agent key is not right.').waitFor();
    await agentPage.getByLabel('Agent key').fill(AGENT_KEY);
    await agentPage.getByRole('button', { name: 'Sign in' }).click();
    await agentPage.getByText('Signed in as Sam').waitFor();
    await agentPage.locator('#shared-key-badge').getByText('shared key').waitFor();
    await agentPage.getByText('No one is waiting.').waitFor();

    // The person walks a little, then asks for a person.
    const { page } = browser;
    await page.goto(`${app.url}/`);
    const transcript = page.locator('#webchat');
    const said = (text: string | RegExp) => transcript.getByText(text).first();
    const input = transcript.getByRole('textbox').first();
    const type = async (text: string) => {
      await input.fill(text);
      await input.press('Enter');
    };
    await said(/I help you find out why your iCloud backup failed/).waitFor();
    await type('backup failed but I have space');
    await said(/Solution 2: Check the Internet Connection/).waitFor();
    await type('no');
    await said(/Solution 3: Verify Apple ID and Password/).waitFor();
    await type('I want to talk to a real person');
    await said(/connecting you to a person/i).waitFor();

    // The console shows the request with what the bot learned.
    const waitingList = agentPage.locator('#waiting-list');
    const card = waitingList.getByRole('button', { name: /Unstable internet connection/ });
    await card.waitFor();
    await card.click();
    const detail = agentPage.locator('#detail-body');
    await detail.getByRole('heading', { name: 'Unstable internet connection' }).waitFor();
    // The person's language on the card and on the conversation (English: they wrote in English).
    await card.getByText('EN · English').waitFor();
    expect(await agentPage.locator('#detail-language').textContent()).toBe('EN · English');
    await detail.getByText('Insufficient iCloud storage').waitFor(); // ruled out by the person
    const solutions = agentPage.locator('#detail-solutions');
    await solutions.getByText(/Check the Internet Connection\s+— Didn't fix it/).waitFor();
    await solutions.getByText(/Verify Apple ID and Password\s+— Shown, no answer yet/).waitFor();
    const botTranscript = agentPage.locator('#detail-transcript');
    await botTranscript.getByText('backup failed but I have space').waitFor();
    await botTranscript.getByText(/Solution 2: Check the Internet Connection/).waitFor();
    await mkdir(ARTIFACTS, { recursive: true });
    await agentPage.screenshot({ path: path.join(ARTIFACTS, 'handoff-agent-waiting.png'), fullPage: true });

    // Accept: the person is told the agent joined.
    await agentPage.getByRole('button', { name: 'Accept' }).click();
    await agentPage.locator('#mine-list').getByRole('button', { name: /Unstable internet connection/ }).waitFor();
    await said(/Sam has joined the chat/).waitFor();

    // Person → agent (masked in the console), and the bot stays quiet.
    await type('Hi! My Apple ID is jane@example.com and it still fails');
    const live = agentPage.locator('#detail-messages');
    await live.getByText('Hi! My Apple ID is ••• and it still fails').waitFor();
    expect(await live.getByText('jane@example.com').count()).toBe(0);

    // Agent → person, as a proactive message in their Web Chat.
    const reply = agentPage.getByLabel('Message to the person');
    await reply.fill("Hello, I'm Sam. Let's check your Wi-Fi together: is it on?");
    await agentPage.getByRole('button', { name: 'Send' }).click();
    await said(/Let.s check your Wi-Fi together: is it on\?/).waitFor(); // Web Chat typesets ' as ’
    await live.getByText("Hello, I'm Sam. Let's check your Wi-Fi together: is it on?").waitFor();
    await type('Yes, Wi-Fi is on now and the backup finished!');
    await live.getByText('Yes, Wi-Fi is on now and the backup finished!').waitFor();
    // The bot did not interpret "yes …" as an answer to Solution 3.
    expect(await transcript.getByText(/glad your backup is working again/).count()).toBe(0);

    await agentPage.screenshot({ path: path.join(ARTIFACTS, 'handoff-agent.png'), fullPage: true });

    // The agent ends: the person is told, and the bot is back.
    await agentPage.getByRole('button', { name: 'End conversation' }).click();
    await agentPage.getByText('This conversation has ended.').waitFor();
    await said(/Sam has left the chat/).waitFor();
    await said(/I.m back! Did Sam help\?/).waitFor();
    await agentPage.getByText('None yet.').waitFor();
    await type('no');
    await said(/one-line comment/).waitFor();
    await type('No comment');
    await said(/Thanks for the feedback! Is there anything else I can help with\?/).waitFor();

    expect(await transcript.getByText(/send failed/i).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'handoff-person.png'), fullPage: true });
    expect(browser.errors).toEqual([]);
    expect(agentErrors.filter((e) => !/401/.test(e))).toEqual([]);

    // The console shows when it is offline and reconnects by itself.
    await agentPage.locator('#live').getByText('Live', { exact: true }).waitFor();
    await agentPage.route('**/agent/api/events', (route) => route.abort());
    await agentPage.reload();
    await agentPage.locator('#live').getByText('Offline, reconnecting…').waitFor();
    await agentPage.unroute('**/agent/api/events');
    await agentPage.locator('#live').getByText('Live', { exact: true }).waitFor();
    await agentPage.getByText('Signed in as Sam').waitFor();
  });
});

describe('two agents with their own accounts, a console that pushes, answers at hand, and CSAT in /admin', () => {
  let app: Awaited<ReturnType<typeof start>>;
  let provider: { issuer: string; close(): Promise<void> };
  let samBrowser: TestBrowser;
  let alexBrowser: TestBrowser;

  beforeAll(async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    provider = await startDevOidcProvider({ redirectUris: [`${url}/auth/callback`] });
    app = await start(
      loadConfig({
        PORT: String(port),
        HOST: '127.0.0.1',
        STORAGE: 'memory',
        LOG_LEVEL: 'silent',
        HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600',
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: 'support-bot',
        OIDC_CLIENT_SECRET: 'dev-secret',
        PUBLIC_URL: url,
      }),
    );
    // Two browsers: each agent has their own cookies. The person uses a page in Sam's browser (Web Chat needs none).
    samBrowser = await launchBrowser({ width: 1280, height: 900 });
    alexBrowser = await launchBrowser({ width: 1280, height: 900 });
  });
  afterAll(async () => {
    await samBrowser?.close();
    await alexBrowser?.close();
    await app?.stop();
    await provider?.close();
  });

  async function signIn(page: Page, login: string, name: string): Promise<void> {
    await page.goto(`${app.url}/agent`);
    await page.getByRole('link', { name: 'Sign in with your work account' }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByText(`Signed in as ${name}`).waitFor();
    await page.locator('#live').getByText('Live').waitFor();
    expect(await page.locator('#shared-key-badge').isHidden()).toBe(true);
  }

  test('pushed to both consoles, one accepts and the other sees it taken; an answer inserted; the person rates Sam; /admin shows it', async () => {
    const sam = samBrowser.page;
    const alex = alexBrowser.page;
    await signIn(sam, 'sam', 'Sam Rivera');
    await signIn(alex, 'alex', 'Alex Chen');
    // Count the consoles' queue fetches: with push there is none until something happens.
    const queueFetches = { sam: 0, alex: 0 };
    sam.on('request', (r) => void (r.url().endsWith('/agent/api/queue') && queueFetches.sam++));
    alex.on('request', (r) => void (r.url().endsWith('/agent/api/queue') && queueFetches.alex++));
    await sam.getByText('No one is waiting.').waitFor();
    await alex.getByText('No one is waiting.').waitFor();

    const person = await samBrowser.context.newPage();
    await person.goto(`${app.url}/`);
    const transcript = person.locator('#webchat');
    const said = (text: string | RegExp) => transcript.getByText(text).first();
    const input = transcript.getByRole('textbox').first();
    const type = async (text: string) => {
      await input.fill(text);
      await input.press('Enter');
    };
    await said(/I help you find out why your iCloud backup failed/).waitFor();
    await type('my backup says not enough storage');
    await said(/Solution 1: Ensure Sufficient iCloud Storage/).waitFor();
    expect(queueFetches).toEqual({ sam: 0, alex: 0 }); // nothing polled while nothing happened
    await type('talk to a person');

    // Pushed to both consoles (no polling): the request shows up, and the tab title counts the waiting person.
    const samCard = sam.locator('#waiting-list').getByRole('button', { name: /Insufficient iCloud storage/ });
    const alexCard = alex.locator('#waiting-list').getByRole('button', { name: /Insufficient iCloud storage/ });
    await samCard.waitFor();
    await alexCard.waitFor();
    expect(await sam.title()).toMatch(/^\(1\) Agent console/);
    expect(await alex.title()).toMatch(/^\(1\) Agent console/);
    expect(queueFetches.sam).toBeGreaterThan(0);

    // Sam accepts; Alex sees it taken by Sam.
    await samCard.click();
    await sam.getByRole('button', { name: 'Accept' }).click();
    await sam.locator('#mine-list').getByRole('button', { name: /Insufficient iCloud storage/ }).waitFor();
    await alex.locator('#others-list').getByText('With Sam Rivera').waitFor();
    await alex.getByText('No one is waiting.').waitFor();
    expect(await alex.title()).toMatch(/^Agent console/);
    await said(/Sam Rivera has joined the chat/).waitFor();

    // Answers at hand: search, insert into the reply box, edit, send; the person sees it as Sam's message.
    await sam.getByText('Answers at hand').click();
    await sam.getByLabel("Search the bot's solutions and answers").fill('storage full manage');
    await sam.getByRole('button', { name: 'Search' }).click();
    const result = sam.locator('#answers-list li').filter({ hasText: 'Ensure Sufficient iCloud Storage' });
    await result.getByRole('button', { name: 'Insert' }).click();
    const reply = sam.getByLabel('Message to the person');
    expect(await reply.inputValue()).toMatch(/^Ensure Sufficient iCloud Storage: .*\n1\. Go to Settings > \[Your Name\] > iCloud > Manage Account Storage\./s);
    await reply.fill(`Hi, Sam here. ${await reply.inputValue()}`);
    await mkdir(ARTIFACTS, { recursive: true });
    await sam.screenshot({ path: path.join(ARTIFACTS, 'agent-console-answers.png'), fullPage: true });
    await sam.getByRole('button', { name: 'Send' }).click();
    await said(/Hi, Sam here\. Ensure Sufficient iCloud Storage/).waitFor();
    await sam.locator('#detail-messages').getByText(/^Hi, Sam here\./).waitFor();
    await sam.screenshot({ path: path.join(ARTIFACTS, 'agent-console.png'), fullPage: true });
    await alex.screenshot({ path: path.join(ARTIFACTS, 'agent-console-other-agent.png'), fullPage: true });

    // Sam ends; the person rates Sam with the 👍 button and a comment.
    await sam.getByRole('button', { name: 'End conversation' }).click();
    await said(/Did Sam Rivera help\?/).waitFor();
    await transcript.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button', { name: '👍 Yes' }).click();
    await said(/one-line comment/).waitFor();
    await type('Sam was quick, my email is jane@example.com');
    await said(/Thanks for the feedback/).waitFor();

    // Alex is an admin too: /admin with the same sign-in shows CSAT per agent, with the masked comment.
    await alex.goto(`${app.url}/admin`);
    const panel = alex.locator('#csat');
    await panel.locator('#csat-agents').getByRole('row', { name: /Sam Rivera/ }).waitFor();
    expect(await panel.locator('#csat-agents').getByRole('row', { name: /Sam Rivera/ }).innerText()).toMatch(/Sam Rivera\s+1\s+0\s+100%/);
    await panel.getByText('Sam was quick, my email is •••').waitFor();
    expect(await panel.getByText('jane@example.com').count()).toBe(0);
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: path.join(ARTIFACTS, 'admin-csat.png') });

    // Sam is not an admin.
    await sam.goto(`${app.url}/admin`);
    await sam.getByText(/Signed in as Sam Rivera. This account is not an admin/).waitFor();

    // Sign-out: back to the sign-in page, and the console refuses the old session.
    await alex.goto(`${app.url}/agent`);
    await alex.getByRole('button', { name: 'Sign out' }).click();
    await alex.getByRole('link', { name: 'Sign in with your work account' }).waitFor();
    expect((await alex.request.get(`${app.url}/agent/api/queue`)).status()).toBe(401);
    // No script errors (the dev provider's sign-in page fetches a web font and a favicon it does not have: ignored).
    expect(samBrowser.errors.filter((e) => !/401|403|Failed to load resource/.test(e))).toEqual([]);
  });
});

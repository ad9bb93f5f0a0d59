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

  test('request → context in the console → accept → chat both ways → end → the bot asks "anything else?"', async () => {
    // The agent signs in first (a wrong key is refused).
    await agentPage.goto(`${app.url}/agent`);
    await agentPage.getByLabel('Agent key').fill('not-the-key');
    await agentPage.getByLabel('Your name').fill('Sam');
    await agentPage.getByRole('button', { name: 'Sign in' }).click();
    await agentPage.getByRole('alert').getByText('That agent key is not right.').waitFor();
    await agentPage.getByLabel('Agent key').fill(AGENT_KEY);
    await agentPage.getByRole('button', { name: 'Sign in' }).click();
    await agentPage.getByText('Signed in as Sam').waitFor();
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
    await said(/I.m back! Is there anything else I can help with\?/).waitFor();
    await agentPage.getByText('None yet.').waitFor();
    await type('no');
    await said(/If your backup gives you trouble again/).waitFor();

    expect(await transcript.getByText(/send failed/i).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'handoff-person.png'), fullPage: true });
    expect(browser.errors).toEqual([]);
    expect(agentErrors.filter((e) => !/401/.test(e))).toEqual([]);
  });
});

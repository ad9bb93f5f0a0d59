/**
 * Typing and screenshots during a hand-off, in a real browser with the real app (memory storage, an agent key, an
 * OCR stub): a person in Web Chat (/) and an agent in the console (/agent). The agent types a reply → the person's
 * Web Chat shows the typing indicator; the person types → the console shows "The person is typing…"; the person
 * uploads a screenshot → the console shows it (the image loads: signed-in route, the console's CSP allows it) next to
 * the text read from it. Saves test-artifacts/handoff-live-agent.png.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../src/config/config';
import { start } from '../../src/index';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { whitePng } from '../ocr/images';
import { StubOcr } from '../ocr/stubOcr';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const AGENT_KEY = 'browser-live-agent-key-42';

async function agentSignsIn(agent: Page, url: string): Promise<void> {
  await agent.goto(`${url}/agent`);
  await agent.getByLabel('Agent key').fill(AGENT_KEY);
  await agent.getByLabel('Your name').fill('Sam');
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await agent.getByText('Signed in as Sam').waitFor();
  await agent.locator('#live').getByText('Live', { exact: true }).waitFor();
}

describe('typing and screenshots during a hand-off, in the browser', () => {
  const ocr = new StubOcr();
  let app: Awaited<ReturnType<typeof start>>;
  let browser: TestBrowser;
  let agent: Page;
  const agentErrors: string[] = [];

  beforeAll(async () => {
    app = await start(loadConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'silent', AGENT_KEY, HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600' }), { ocrEngine: ocr });
    browser = await launchBrowser({ width: 1280, height: 900 });
    agent = await browser.context.newPage();
    agent.on('console', (message) => void (message.type() === 'error' && agentErrors.push(message.text())));
    agent.on('pageerror', (error) => agentErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('agent typing → indicator in Web Chat; person typing → note in the console; a screenshot → shown to the agent', async () => {
    await agentSignsIn(agent, app.url);
    const { page } = browser;
    await page.goto(`${app.url}/`);
    const transcript = page.locator('#webchat');
    const said = (text: string | RegExp) => transcript.getByText(text).filter({ visible: true }).first();
    const input = transcript.getByRole('textbox').first();
    await said(/I help you find out why your iCloud backup failed/).waitFor();
    await input.fill('I want to talk to a real person');
    await input.press('Enter');
    await said(/connecting you to a person/i).waitFor();

    await agent.locator('#waiting-list').getByRole('button').first().click();
    await agent.getByRole('button', { name: 'Accept' }).click();
    await said(/Sam has joined the chat/).waitFor();
    // The bot's message ended any typing it showed before: from now on, an indicator is the agent's.
    const indicator = transcript.locator('.webchat__typing-indicator');
    await indicator.waitFor({ state: 'hidden' });

    // The agent types (keys, not a paste): the person sees the typing indicator.
    await agent.getByLabel('Message to the person').pressSequentially('Let me check', { delay: 30 });
    await indicator.waitFor({ state: 'visible' });

    // The person types (Web Chat sends `typing`): the console says so.
    const note = agent.locator('#person-typing');
    expect(await note.isHidden()).toBe(true);
    await input.pressSequentially('one moment', { delay: 30 });
    await note.getByText('The person is typing…').waitFor();
    await input.fill('');

    // A screenshot: the agent sees the image next to the text read from it.
    ocr.willRead('Not Enough Storage', 'This iPhone cannot be backed up because there is not enough iCloud storage available.');
    await transcript.locator('input[type="file"]').setInputFiles({ name: 'shot.png', mimeType: 'image/png', buffer: await whitePng(120, 240) });
    await transcript.locator('.webchat__upload-button .webchat__attachment-icon--checked').waitFor({ timeout: 60_000 });
    await transcript.getByRole('button', { name: 'Send', exact: true }).click();
    const live = agent.locator('#detail-messages');
    const thumbnail = live.locator('.line__image img');
    await thumbnail.waitFor({ timeout: 60_000 });
    await live.getByText(/not enough iCloud storage available/).waitFor();
    await agent.waitForFunction(() => (document.querySelector('#detail-messages .line__image img') as HTMLImageElement | null)?.naturalWidth === 120);
    expect(await live.locator('.line__image').getAttribute('target')).toBe('_blank');

    await mkdir(ARTIFACTS, { recursive: true });
    await agent.screenshot({ path: path.join(ARTIFACTS, 'handoff-live-agent.png'), fullPage: true });
    expect(browser.errors).toEqual([]);
    // The console's first /session call answers 401 before the sign-in.
    expect(agentErrors.filter((e) => !/401/.test(e))).toEqual([]);
  }, 180_000);
});

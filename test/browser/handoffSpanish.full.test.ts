/**
 * A Spanish-speaking person on the page (browser locale es-ES) asks for a person; the agent's console (English) shows
 * the hand-off with "ES · Spanish" on its card and on the conversation, and answers at hand in Spanish.
 * Saves test-artifacts/handoff-agent-es.png.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { start } from '../../src/index';
import { launchBrowser, type TestBrowser } from '../helpers/browser';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const AGENT_KEY = 'browser-test-agent-key-42';

describe('a Spanish hand-off in the agent console', () => {
  let app: Awaited<ReturnType<typeof start>>;
  let person: TestBrowser;
  let agent: TestBrowser;

  beforeAll(async () => {
    app = await start(loadConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'silent', AGENT_KEY, HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600' }));
    person = await launchBrowser(undefined, { locale: 'es-ES' });
    agent = await launchBrowser(undefined, { locale: 'en-US' });
  });
  afterAll(async () => {
    await person?.close();
    await agent?.close();
    await app?.stop();
  });

  test('the card and the conversation say ES · Spanish', async () => {
    const agentPage = agent.page;
    await agentPage.goto(`${app.url}/agent`);
    await agentPage.getByLabel('Agent key').fill(AGENT_KEY);
    await agentPage.getByLabel('Your name').fill('Sam');
    await agentPage.getByRole('button', { name: 'Sign in' }).click();
    await agentPage.getByText('No one is waiting.').waitFor();

    const { page } = person;
    await page.goto(`${app.url}/`);
    const input = page.locator('#webchat').getByRole('textbox').first();
    await input.fill('mi copia de seguridad de icloud falla');
    await input.press('Enter');
    await page.locator('#webchat').getByText(/Solución|solución/).first().waitFor();
    await input.fill('quiero hablar con una persona');
    await input.press('Enter');

    const card = agentPage.locator('#waiting-list').getByRole('button').first();
    await card.getByText('ES · Spanish').waitFor();
    await card.click();
    await agentPage.locator('#detail-language').getByText('ES · Spanish').waitFor();
    await agentPage.getByRole('button', { name: 'Accept' }).click();
    await agentPage.locator('#answers').click();
    await agentPage.locator('#answers-query').fill('almacenamiento');
    await agentPage.locator('#answers-form').getByRole('button', { name: 'Search' }).click();
    await agentPage.locator('#answers-list li').first().waitFor();
    await mkdir(ARTIFACTS, { recursive: true });
    await agentPage.screenshot({ path: path.join(ARTIFACTS, 'handoff-agent-es.png'), fullPage: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'handoff-person-es.png'), fullPage: true });
  });
});

/**
 * The page and the embed in the person's language, in real headless Chromium:
 *  - a Spanish browser (locale es-ES) gets the support page's own texts in Spanish (dialogs/i18n/es/page.yaml), Web
 *    Chat's in Spanish; the conversation starts with locale es-ES (the bot's welcome knows it) and the message it
 *    sends carries locale es-ES to the bot;
 *  - ?locale=de on an English browser gets the page in German;
 *  - the embed with data-locale="fr" on another site: the launcher, the panel and Web Chat in French, and locale fr-FR
 *    on the activity.
 * Saves test-artifacts/page-es.png and embed-fr.png.
 */
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { ActivityHandler } from 'botbuilder';
import type { Page, Request } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { repositoryPageTexts, startTestServer, type TestServer } from '../helpers/server';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const texts = repositoryPageTexts();

/** Welcomes, and answers every message, with the locale it came with, so the test sees what reached the bot. */
class LocaleEchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      if ((context.activity.membersAdded ?? []).some((m) => m.id !== context.activity.recipient.id)) await context.sendActivity(`welcome in locale ${context.activity.locale ?? 'none'}`);
      await next();
    });
    this.onMessage(async (context, next) => {
      await context.sendActivity(`locale ${context.activity.locale ?? 'none'}: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}

/** The next message activity the page (or its frame) posts to Direct Line. */
function nextMessagePost(page: Page): Promise<Request> {
  return page.waitForRequest((request) => request.method() === 'POST' && /\/activities$/.test(new URL(request.url()).pathname) && (request.postDataJSON() as { type?: string }).type === 'message');
}

/** A site on its own origin whose page embeds the bot with data-locale="fr" and no title of its own. */
async function frenchSite(botUrl: () => string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="fr"><head><title>Boutique</title></head><body><h1>Boutique</h1>
      <script src="${botUrl()}/embed.js" data-locale="fr" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the page and the embed in the person\'s language', () => {
  let server: TestServer;
  let site: Awaited<ReturnType<typeof frenchSite>>;

  beforeAll(async () => {
    site = await frenchSite(() => server.baseUrl);
    server = await startTestServer({ bot: new LocaleEchoBot(), options: { allowedOrigins: [site.origin] } });
  });
  afterAll(async () => {
    await server?.close();
    await site?.close();
  });

  test('a Spanish browser gets the page in Spanish, and its messages carry locale es-ES', async () => {
    const browser: TestBrowser = await launchBrowser(undefined, { locale: 'es-ES' });
    try {
      const { page } = browser;
      await page.goto(`${server.baseUrl}/`);
      const es = texts.es;
      await page.getByRole('heading', { name: es.title, level: 1 }).waitFor();
      await page.getByRole('heading', { name: es.introTitle, level: 2 }).waitFor();
      expect(await page.evaluate(() => [document.documentElement.lang, document.title, document.querySelector('meta[name="description"]')!.getAttribute('content')])).toEqual(['es', es.title, es.description]);
      for (const text of [es.tagline, es.introExample, es.beforeYouStart, es.keepDeviceNearby, es.passwordWarning, es.footer]) await page.getByText(text, { exact: true }).waitFor();
      expect(await page.getByRole('region', { name: es.chatLabel }).count()).toBe(1);
      expect(await page.getByText(texts.en.passwordWarning).count()).toBe(0);

      // The conversation started with the locale: the bot's welcome (on conversationUpdate) knew it.
      await page.locator('#webchat').getByText('welcome in locale es-ES').first().waitFor();
      // Web Chat's own strings in Spanish (its es-ES localization), and the message carries the locale.
      const input = page.locator('#webchat').getByRole('textbox').first();
      await page.locator('#webchat [placeholder="Escriba su mensaje"]').first().waitFor();
      const posted = nextMessagePost(page);
      await input.fill('mi copia de seguridad falla');
      await input.press('Enter');
      expect((await posted).postDataJSON()).toMatchObject({ type: 'message', text: 'mi copia de seguridad falla', locale: 'es-ES' });
      await page.locator('#webchat').getByText('locale es-ES: mi copia de seguridad falla').first().waitFor();

      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'page-es.png'), fullPage: true });
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  test('texts that arrive after the chat connected do not bring back "Connecting…"', async () => {
    const browser = await launchBrowser(undefined, { locale: 'es-ES' });
    try {
      const { page } = browser;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/page-texts/**', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(`${server.baseUrl}/`);
      // Connected (the status cleared) while the page is still in its HTML's English.
      await page.waitForFunction(() => document.getElementById('chat-status')!.textContent === '');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(texts.en.title);
      release();
      await page.getByRole('heading', { name: texts.es.title, level: 1 }).waitFor();
      expect(await page.locator('#chat-status').textContent()).toBe('');
    } finally {
      await browser.close();
    }
  });

  test('?locale=de gives the page in German on an English browser', async () => {
    const browser = await launchBrowser(undefined, { locale: 'en-US' });
    try {
      const { page } = browser;
      await page.goto(`${server.baseUrl}/?locale=de`);
      await page.getByRole('heading', { name: texts.de.title, level: 1 }).waitFor();
      await page.getByText(texts.de.footer).waitFor();
      const posted = nextMessagePost(page);
      const input = page.locator('#webchat').getByRole('textbox').first();
      await input.fill('hallo');
      await input.press('Enter');
      expect((await posted).postDataJSON()).toMatchObject({ locale: 'de-DE' });
    } finally {
      await browser.close();
    }
  });

  test('the embed with data-locale="fr": launcher, panel and Web Chat in French, locale fr-FR on the activity', async () => {
    // An English browser: data-locale decides.
    const browser = await launchBrowser(undefined, { locale: 'en-US' });
    try {
      const { page } = browser;
      await page.goto(`${site.origin}/`);
      const fr = texts.fr;
      const label = (template: string) => template.replace('{title}', fr.title);
      await page.getByRole('button', { name: label(fr.openChat), exact: true }).click();
      await page.getByRole('button', { name: label(fr.closeChat), exact: true }).waitFor();
      const chat = page.frameLocator(`iframe[title="${fr.title}"]`);
      await chat.getByRole('heading', { name: fr.title, level: 1 }).waitFor();
      await chat.locator('#webchat [placeholder="Tapez votre message"]').first().waitFor();
      await chat.getByText('welcome in locale fr-FR').first().waitFor();
      const posted = nextMessagePost(page);
      const input = chat.locator('#webchat').getByRole('textbox').first();
      await input.fill('ma sauvegarde a échoué');
      await input.press('Enter');
      expect((await posted).postDataJSON()).toMatchObject({ type: 'message', locale: 'fr-FR' });
      await chat.getByText('locale fr-FR: ma sauvegarde a échoué').first().waitFor();
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'embed-fr.png') });
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

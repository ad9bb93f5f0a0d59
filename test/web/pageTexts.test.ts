/**
 * The page's own texts as content: dialogs/page.yaml and its translations load for every language with nothing left
 * in English, every text the HTML marks (data-text…) exists, and GET /api/page-texts/<lang> serves them (public,
 * cacheable, readable by the embed's launcher on another site), 404 for any other language.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPageTexts, type PageTexts } from '../../src/content/loadPageTexts';
import { TRANSLATED_LANGUAGES } from '../../src/content/i18n/languages';
import { startTestServer, type TestServer } from '../helpers/server';

const ROOT = path.join(__dirname, '..', '..');
const gaps: string[] = [];
const texts = loadPageTexts(path.join(ROOT, 'dialogs'), (message) => gaps.push(message));

describe('the page texts (dialogs/page.yaml)', () => {
  it('every language has every text translated (nothing said in English, no stale source)', () => {
    expect(gaps).toEqual([]);
    for (const language of TRANSLATED_LANGUAGES) {
      for (const key of Object.keys(texts.en) as Array<keyof PageTexts>) {
        expect({ language, key, same: texts[language][key] === texts.en[key] }).toEqual({ language, key, same: false });
      }
      expect(texts[language].openChat).toContain('{title}');
      expect(texts[language].closeChat).toContain('{title}');
    }
  });

  it.each(['index.html', 'embed.html'])('every text public/%s marks is in page.yaml', (file) => {
    const html = readFileSync(path.join(ROOT, 'public', file), 'utf8');
    const keys = [...html.matchAll(/data-text(?:-aria-label|-content)?="([^"]+)"/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(file === 'index.html' ? 15 : 3);
    expect(keys.filter((key) => !(key in texts.en))).toEqual([]);
  });
});

describe('GET /api/page-texts/<lang>', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The test server mounts the repository's page texts, as src/index.ts does.
    server = await startTestServer({ bot: { run: async () => {} } });
  });
  afterAll(async () => server?.close());

  it.each(['en', 'es', 'fr', 'de'] as const)('serves the %s texts, cacheable and readable from any site', async (language) => {
    const response = await fetch(`${server.baseUrl}/api/page-texts/${language}`, { headers: { Origin: 'https://shop.example.com' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toMatch(/public/);
    expect(await response.json()).toEqual({ language, texts: texts[language] });
  });

  it.each(['pt', 'ES', 'es-ES', '..%2Fpage', 'constructor'])('answers 404 for %s', async (language) => {
    const response = await fetch(`${server.baseUrl}/api/page-texts/${language}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NotFound', message: 'Not found' } });
  });
});

import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { webChatBundlePath } from '../../src/channels/webchat/assets';
import { startTestServer, TestServer } from '../helpers/server';
import { TestBot } from '../helpers/testBot';
import { loadConfig } from '../../src/config/config';

describe('support page and assets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ bot: new TestBot() });
  });
  afterAll(() => server.close());

  test('GET / is the support page, with a CSP that allows nothing from other origins', async () => {
    const response = await fetch(`${server.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:\/\//);
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('iCloud Backup Help');
    expect(html).toContain('src="/webchat.js"');
    expect(html).not.toMatch(/src="https?:/);
  });

  test('GET /webchat.js serves the installed Web Chat bundle, gzipped when asked, with an ETag', async () => {
    const original = readFileSync(webChatBundlePath());
    const plain = await fetch(`${server.baseUrl}/webchat.js`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toContain('javascript');
    expect(Buffer.from(await plain.arrayBuffer()).equals(original)).toBe(true);

    const { request } = await import('node:http');
    const gzipped = await new Promise<{ status?: number; encoding?: string; body: Buffer; etag?: string }>((resolve, reject) => {
      const req = request(`${server.baseUrl}/webchat.js`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks), etag: res.headers.etag }),
        );
      });
      req.on('error', reject);
      req.end();
    });
    expect(gzipped.encoding).toBe('gzip');
    expect(gzipped.body.length).toBeLessThan(original.length);
    expect(gunzipSync(gzipped.body).equals(original)).toBe(true);

    const cached = await fetch(`${server.baseUrl}/webchat.js`, { headers: { 'If-None-Match': gzipped.etag! } });
    expect(cached.status).toBe(304);
  });

  test.each(['/app.js', '/styles.css', '/favicon.svg'])('serves %s from public/', async (path) => {
    const response = await fetch(`${server.baseUrl}${path}`);
    expect(response.status).toBe(200);
  });

  test('does not serve files outside public/', async () => {
    const response = await fetch(`${server.baseUrl}/..%2Fpackage.json`);
    expect([400, 403, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('"dependencies"');
  });
});

describe('embedding on other sites (ALLOWED_ORIGINS)', () => {
  const allowed = 'https://help.example.com';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ bot: new TestBot(), options: { allowedOrigins: [allowed] } });
  });
  afterAll(() => server.close());

  test('GET /embed.js is the launcher script', async () => {
    const response = await fetch(`${server.baseUrl}/embed.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    // The bundle (scripts/buildWeb.js) writes string literals with double quotes.
    expect(await response.text()).toMatch(/["']\/embed\?["']/);
  });

  test('GET /embed may be framed by this origin and the allowed ones only; the page itself by none', async () => {
    const embed = await fetch(`${server.baseUrl}/embed?title=Help`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${allowed}`);
    expect(embed.headers.get('x-frame-options')).toBeNull();
    const page = await fetch(`${server.baseUrl}/`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  test('cross-origin calls: CORS for an allowed origin, 403 for others, same-origin always works', async () => {
    const preflight = await fetch(`${server.baseUrl}/api/directline/token`, {
      method: 'OPTIONS',
      headers: { Origin: allowed, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed);
    const fromAllowed = await fetch(`${server.baseUrl}/api/directline/token`, { method: 'POST', headers: { Origin: allowed } });
    expect(fromAllowed.status).toBe(200);
    expect(fromAllowed.headers.get('access-control-allow-origin')).toBe(allowed);
    const fromOther = await fetch(`${server.baseUrl}/api/directline/token`, { method: 'POST', headers: { Origin: 'https://evil.example' } });
    expect(fromOther.status).toBe(403);
    expect(fromOther.headers.get('access-control-allow-origin')).toBeNull();
    const sameOrigin = await fetch(`${server.baseUrl}/api/directline/token`, { method: 'POST', headers: { Origin: server.baseUrl } });
    expect(sameOrigin.status).toBe(200);
  });

  test('ALLOWED_ORIGINS is parsed and checked at start-up, naming the variable', () => {
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://help.example.com, http://localhost:8080' }).allowedOrigins).toEqual([
      'https://help.example.com',
      'http://localhost:8080',
    ]);
    expect(loadConfig({}).allowedOrigins).toEqual([]);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'help.example.com' })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://help.example.com/support' })).toThrow(/ALLOWED_ORIGINS/);
  });
});

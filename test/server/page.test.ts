import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { webChatBundlePath } from '../../src/channels/webchat/assets';
import { startTestServer, TestServer } from '../helpers/server';
import { TestBot } from '../helpers/testBot';

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

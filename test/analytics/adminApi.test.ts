/**
 * /admin over HTTP: off without ADMIN_KEY, 401 without or with a wrong key, sign-in → session token, the figures of
 * seeded conversations plus ones held through /api/messages, CSV export, bad periods, too many wrong keys.
 */
import { MemoryAnalyticsStore } from '../../src/analytics/memoryAnalyticsStore';
import type { Summary } from '../../src/analytics/summarize';
import { httpJson } from '../helpers/directLineClient';
import { ADMIN_KEY, AdminServer, say, startAdminServer } from './adminServer';
import { DAY, NOW, seed } from './seed';

describe('dashboard without ADMIN_KEY', () => {
  let server: AdminServer;
  beforeAll(async () => {
    server = await startAdminServer({ store: new MemoryAnalyticsStore(), adminKey: undefined });
  });
  afterAll(() => server.close());

  test.each(['/admin', '/admin/', '/admin/admin.js', '/admin/index.html', '/admin/api/summary', '/admin/api/export.csv'])('GET %s is 404', async (path) => {
    const response = await fetch(`${server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
    expect(response.status).toBe(404);
  });

  test('sign-in is 404 too', async () => {
    expect((await httpJson(`${server.baseUrl}/admin/api/session`, { body: { key: ADMIN_KEY } })).status).toBe(404);
  });
});

describe('dashboard with ADMIN_KEY', () => {
  let server: AdminServer;
  const store = new MemoryAnalyticsStore();
  const period = `from=${encodeURIComponent(new Date(NOW - 7 * DAY).toISOString())}&to=${encodeURIComponent(new Date(NOW).toISOString())}`;

  beforeAll(async () => {
    await seed(store);
    server = await startAdminServer({ store, now: () => NOW });
  });
  afterAll(() => server.close());

  test('the page and its assets are served with a strict CSP and no data in them', async () => {
    const page = await fetch(`${server.baseUrl}/admin`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|https?:/);
    const html = await page.text();
    expect(html).toContain('id="sign-in-form"');
    expect(html).not.toMatch(/<script[^>]*src="https?:/);
    for (const asset of ['/admin/admin.js', '/admin/admin.css']) expect((await fetch(`${server.baseUrl}${asset}`)).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/admin/nothing-here`)).status).toBe(404);
  });

  test.each([
    ['no Authorization header', undefined],
    ['a wrong key', 'Bearer not-the-key-at-all-000000'],
    ['the key in the wrong scheme', `Basic ${ADMIN_KEY}`],
    ['a forged session token', 'Bearer eyJyb2xlIjoiYWRtaW4iLCJleHAiOjk5OTk5OTk5OTk5OTl9.AAAA'],
  ])('the API refuses %s with 401', async (_name, authorization) => {
    for (const path of ['/admin/api/summary', '/admin/api/export.csv']) {
      const response = await fetch(`${server.baseUrl}${path}`, { headers: authorization ? { Authorization: authorization } : {} });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
      expect(await response.json()).toEqual({ error: { code: 'Unauthorized', message: 'The admin key is missing or wrong' } });
    }
  });

  test('sign-in with the key gives a session token that opens the API; a wrong key gets 401', async () => {
    expect((await httpJson(`${server.baseUrl}/admin/api/session`, { body: { key: 'wrong-wrong-wrong-wrong' } })).status).toBe(401);
    const signIn = await httpJson<{ token: string; expiresAt: number }>(`${server.baseUrl}/admin/api/session`, { body: { key: ADMIN_KEY } });
    expect(signIn.status).toBe(200);
    expect(signIn.body.token).not.toContain(ADMIN_KEY);
    expect(signIn.body.expiresAt).toBe(NOW + 12 * 60 * 60 * 1000);
    const summary = await httpJson<Summary>(`${server.baseUrl}/admin/api/summary?${period}`, { token: signIn.body.token });
    expect(summary.status).toBe(200);
    expect(summary.body.conversations).toBe(10);
  });

  test('the figures of the seeded period', async () => {
    const { status, body } = await httpJson<Summary>(`${server.baseUrl}/admin/api/summary?${period}`, { token: ADMIN_KEY });
    expect(status).toBe(200);
    expect(body.conversations).toBe(10);
    expect(body.rates).toEqual({ containment: 0.4, escalation: 0.1, handoff: 0.1, abandonment: 0.2 });
    expect(body.routes[0]).toMatchObject({ route: 'storage_full', label: 'Insufficient iCloud storage', conversations: 5 });
    expect(body.routes[0]!.solutions[0]).toMatchObject({ id: 'check_storage', fixed: 2, notFixed: 3, fixRate: 0.4 });
    expect(body.trainingTodo.map((t) => [t.text, t.count])).toEqual([
      ['what is the weather', 2],
      ['phone sad cloud', 1],
    ]);
  });

  test('the default period is the last 7 days', async () => {
    const { body } = await httpJson<Summary>(`${server.baseUrl}/admin/api/summary`, { token: ADMIN_KEY });
    expect(body.period).toEqual({ from: new Date(NOW - 7 * DAY).toISOString(), to: new Date(NOW).toISOString() });
    expect(body.conversations).toBe(10);
  });

  test('CSV export of the period', async () => {
    const response = await fetch(`${server.baseUrl}/admin/api/export.csv?from=2025-03-03&to=2025-03-10`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="conversations_2025-03-03_2025-03-10.csv"');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('channel,conversation_id,')).toBe(true);
    expect(lines).toHaveLength(11); // header + 10 conversations (the 8-day-old one is outside)
  });

  test('a bad period is a 400 that says what is wrong', async () => {
    const { status, body } = await httpJson(`${server.baseUrl}/admin/api/summary?from=2025-03-09&to=2025-03-01`, { token: ADMIN_KEY });
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'BadArgument', message: 'from must be before to' } });
  });
});

describe('figures from conversations held through /api/messages', () => {
  test('a resolved walk, a hand-off and an out-of-scope message show up in the summary', async () => {
    const store = new MemoryAnalyticsStore();
    const server = await startAdminServer({ store });
    try {
      await say(server.baseUrl, 'c-1', 'my backup says not enough storage');
      expect((await say(server.baseUrl, 'c-1', 'yes it worked')).join(' ')).toMatch(/glad|great|anything else/i);
      await say(server.baseUrl, 'c-2', 'the backup stops every time my wifi drops');
      await say(server.baseUrl, 'c-2', 'Talk to a person');
      await say(server.baseUrl, 'c-3', 'what is the capital of peru');
      const { body } = await httpJson<Summary>(`${server.baseUrl}/admin/api/summary`, { token: ADMIN_KEY });
      expect(body.conversations).toBe(3);
      expect(body.byStatus).toMatchObject({ resolved: 1, handed_off: 1, active: 1 });
      expect(body.routes.map((r) => r.route)).toEqual(['network_unstable', 'storage_full', '']);
      expect(body.routes.find((r) => r.route === 'storage_full')!.solutions[0]).toMatchObject({ id: 'check_storage', fixed: 1, fixRate: 1 });
      expect(body.trainingTodo.map((t) => t.text)).toContain('what is the capital of peru');
    } finally {
      await server.close();
    }
  });
});

describe('too many wrong keys', () => {
  test('one client gets 429 after the burst; the right key still works', async () => {
    const server = await startAdminServer({ store: new MemoryAnalyticsStore() });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await httpJson(`${server.baseUrl}/admin/api/session`, { body: { key: `guess-${i}-xxxxxxxxxxxx` } })).status);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual([429, 429]);
      expect((await httpJson(`${server.baseUrl}/admin/api/summary`, { token: ADMIN_KEY })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

/**
 * Agent and admin accounts through OpenID Connect, against a real provider started here (oidc-provider on 127.0.0.1,
 * scripts/devOidc.js): two agents (sam, alex — alex is also an admin) and one user with neither role (casey).
 * Sign-in (authorization code + PKCE), refusal without the role, the agents' names on hand-off messages, sign-out,
 * an expired session, cookie flags, and AGENT_KEY refused alongside OIDC.
 */
import { MemoryStorage } from 'botbuilder';
import restify from 'restify';
import { OidcSignIn, SESSION_COOKIE } from '../../src/auth/oidcSignIn';
import { ConfigError, loadConfig } from '../../src/config/config';
import { start } from '../../src/index';
import { silentLog } from '../../src/logging/log';
import { DirectLineClient, httpJson, type DlActivity } from '../helpers/directLineClient';
import { CookieClient, freePort, startDevOidcProvider } from './oidcClient';


type App = Awaited<ReturnType<typeof start>>;
const botTexts = (activities: DlActivity[]): string[] => activities.filter((a) => a.from?.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');


let provider: { issuer: string; close(): Promise<void> };
let app: App;
let appUrl = '';
let agentUrl = '';

beforeAll(async () => {
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  provider = await startDevOidcProvider({ redirectUris: [`${appUrl}/auth/callback`, 'http://127.0.0.1:1/auth/callback'] });
  app = await start(
    loadConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      STORAGE: 'memory',
      LOG_LEVEL: 'silent',
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'support-bot',
      OIDC_CLIENT_SECRET: 'dev-secret',
      PUBLIC_URL: appUrl,
      HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600',
    }),
  );
  agentUrl = `${appUrl}/agent`;
});
afterAll(async () => {
  await app?.stop();
  await provider?.close();
});

async function signedIn(login: string, to = '/agent'): Promise<CookieClient> {
  const client = new CookieClient();
  const { response, url } = await client.signIn(`${appUrl}/auth/sign-in?to=${encodeURIComponent(to)}`, login);
  expect(url).toBe(`${appUrl}${to}`);
  expect(response.status).toBe(200);
  return client;
}

const api = (client: CookieClient, path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${agentUrl}/api${path}`, {
    method: init.method ?? 'GET',
    headers: { cookie: client.cookieHeader(appUrl), 'content-type': 'application/json' },
    body: init.body === undefined ? (init.method === 'POST' ? '{}' : undefined) : JSON.stringify(init.body),
  });

describe('sign-in with OpenID Connect', () => {
  test('an agent signs in (code + PKCE) and the console knows their name and id from the token', async () => {
    const sam = await signedIn('sam');
    const authorize = sam.hops.find((h) => h.url.startsWith(`${provider.issuer}/auth?`))!;
    const params = new URL(authorize.url).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('response_type')).toBe('code');
    const session = await api(sam, '/session');
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ mode: 'oidc', agent: { id: 'sam', name: 'Sam Rivera' }, signInUrl: '/auth/sign-in?to=%2Fagent', signOutUrl: '/auth/sign-out' });
    expect((await api(sam, '/queue')).status).toBe(200);
  });

  test('the session cookie is HttpOnly and SameSite=Lax (and Secure behind HTTPS)', async () => {
    const sam = await signedIn('sam');
    const callback = sam.hops.find((h) => h.url.startsWith(`${appUrl}/auth/callback`))!;
    const cookie = callback.setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const proxied = await fetch(`${appUrl}/auth/sign-in?to=/agent`, { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.status).toBe(302);
    expect(proxied.headers.getSetCookie()[0]).toMatch(/; Secure/);
  });

  test('a user without the agent role is refused and gets no session', async () => {
    const casey = new CookieClient();
    const { response, body } = await casey.signIn(`${appUrl}/auth/sign-in?to=/agent`, 'casey');
    expect(response.status).toBe(403);
    expect(body).toContain('Casey Jordan');
    expect(body).toContain('Support.Agent');
    expect(casey.cookie(appUrl, SESSION_COOKIE)).toBeUndefined();
    expect((await api(casey, '/queue')).status).toBe(401);
  });

  test('the shared key is not accepted when OIDC is on', async () => {
    const response = await fetch(`${agentUrl}/api/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: 'x'.repeat(20), name: 'Mallory' }) });
    expect(response.status).toBe(400);
  });

  test('sign-out ends the session on the server: the old cookie no longer works', async () => {
    const sam = await signedIn('sam');
    const oldCookie = sam.cookieHeader(appUrl);
    const out = await sam.request(`${appUrl}/auth/sign-out`, { method: 'POST' });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=; .*Max-Age=0`));
    expect(sam.cookie(appUrl, SESSION_COOKIE)).toBeUndefined();
    const replayed = await fetch(`${agentUrl}/api/queue`, { headers: { cookie: oldCookie } });
    expect(replayed.status).toBe(401);
  });

  test('the dashboard needs the admin role', async () => {
    const alex = await signedIn('alex', '/admin');
    const summary = await fetch(`${appUrl}/admin/api/summary`, { headers: { cookie: alex.cookieHeader(appUrl) } });
    expect(summary.status).toBe(200);
    expect(await summary.json()).toHaveProperty('csat');
    const sam = await signedIn('sam');
    expect((await fetch(`${appUrl}/admin/api/summary`, { headers: { cookie: sam.cookieHeader(appUrl) } })).status).toBe(403);
    expect((await fetch(`${appUrl}/admin/api/summary`)).status).toBe(401);
  });
});

describe('agents\' names on the hand-off', () => {
  test('the accepting agent and every message carry the name and id from the token; the person sees the name', async () => {
    const [sam, alex] = await Promise.all([signedIn('sam'), signedIn('alex')]);
    const person = new DirectLineClient(`${appUrl}/v3/directline`);
    await person.generateToken();
    await person.start();
    await person.waitFor((all) => botTexts(all).some((t) => /What's happening with your backup/.test(t)));
    await person.say('talk to a person');
    let waiting: { id: string } | undefined;
    for (let i = 0; i < 200 && !waiting; i++) {
      waiting = (await (await api(alex, '/queue')).json()).waiting[0];
      if (!waiting) await new Promise((r) => setTimeout(r, 20));
    }
    expect((await api(sam, `/requests/${waiting!.id}/accept`, { method: 'POST' })).status).toBe(200);
    expect((await api(alex, `/requests/${waiting!.id}/accept`, { method: 'POST' })).status).toBe(409);
    await person.waitFor((all) => botTexts(all).some((t) => t.startsWith('Sam Rivera has joined the chat')));
    expect((await api(sam, `/requests/${waiting!.id}/messages`, { method: 'POST', body: { text: 'Hi, Sam here.' } })).status).toBe(200);
    await person.waitFor((all) => botTexts(all).includes('**Sam Rivera:** Hi, Sam here.'));
    const detail = await (await api(alex, `/requests/${waiting!.id}`)).json();
    expect(detail.agent).toEqual(expect.objectContaining({ name: 'Sam Rivera' }));
    expect((await app.storage.read([`handoff/requests/${waiting!.id}`]))[`handoff/requests/${waiting!.id}`]).toEqual(expect.objectContaining({ agent: { id: 'sam', name: 'Sam Rivera', kind: 'console' } }));
    const stored = await httpJson(`${agentUrl}/api/requests/${waiting!.id}`, { headers: { cookie: sam.cookieHeader(appUrl) } });
    expect(stored.body.messages).toEqual([expect.objectContaining({ from: 'agent', text: 'Hi, Sam here.', agentName: 'Sam Rivera', agentId: 'sam' })]);
    expect((await api(sam, `/requests/${waiting!.id}/end`, { method: 'POST' })).status).toBe(200);
    await person.waitFor((all) => botTexts(all).some((t) => t.includes('Did Sam Rivera help?')));
  });
});

describe('an expired session', () => {
  test('is refused after its lifetime, without waiting (the clock is the test\'s)', async () => {
    let clock = Date.now();
    const server = restify.createServer();
    const oidc = new OidcSignIn(
      { issuer: provider.issuer, clientId: 'support-bot', clientSecret: 'dev-secret', scopes: 'openid profile email', rolesClaim: 'roles', agentRole: 'Support.Agent', adminRole: 'Support.Admin', publicUrl: 'http://127.0.0.1:1', sessionMs: 60 * 60 * 1000 },
      new MemoryStorage(),
      silentLog,
      () => clock,
    );
    oidc.mount(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      // The provider redirects to the registered http://127.0.0.1:1/auth/callback: replay that callback on this server.
      const client = new CookieClient();
      const start = await client.request(`${base}/auth/sign-in?to=/agent`);
      let url = new URL(start.headers.get('location')!).toString();
      for (let hop = 0; hop < 20 && !url.startsWith('http://127.0.0.1:1/'); hop++) {
        const r = await client.request(url);
        const location = r.headers.get('location');
        if (location) {
          url = new URL(location, url).toString();
          continue;
        }
        const text = await r.text();
        const form = /action="([^"]+)"/.exec(text)!;
        const posted = await client.request(new URL(form[1]!, url).toString(), {
          method: 'POST',
          body: new URLSearchParams({ prompt: 'login', login: 'sam', password: 'x' }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        url = new URL(posted.headers.get('location')!, url).toString();
      }
      const callback = new URL(url);
      const done = await client.request(`${base}/auth/callback${callback.search}`);
      expect(done.status).toBe(302);
      const me = () => fetch(`${base}/auth/me`, { headers: { cookie: client.cookieHeader(base) } });
      expect(await (await me()).json()).toEqual({ id: 'sam', name: 'Sam Rivera', agent: true, admin: false });
      clock += 60 * 60 * 1000 + 1;
      expect((await me()).status).toBe(401);
    } finally {
      server.close();
    }
  });
});

describe('configuration', () => {
  const base = { OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0', OIDC_CLIENT_ID: 'id', PUBLIC_URL: 'https://help.example.com' };
  test('AGENT_KEY is refused when OIDC is configured', () => {
    expect(() => loadConfig({ ...base, AGENT_KEY: 'a-long-enough-agent-key' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, AGENT_KEY: 'a-long-enough-agent-key' })).toThrow(/AGENT_KEY must not be set when OIDC_ISSUER is set/);
  });
  test('PUBLIC_URL and the client id are required with OIDC', () => {
    expect(() => loadConfig({ ...base, PUBLIC_URL: '' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ ...base, OIDC_CLIENT_ID: '' })).toThrow(/OIDC_CLIENT_ID/);
    expect(loadConfig(base).oidc).toEqual(expect.objectContaining({ rolesClaim: 'roles', agentRole: 'Support.Agent', adminRole: 'Support.Admin' }));
  });
});

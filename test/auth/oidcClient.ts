/**
 * A cookie-keeping HTTP client that signs in through an OpenID Connect provider the way a browser would: follows
 * redirects by hand, keeps each host's cookies, and fills in the dev provider's login form.
 */
import { createServer as createNetServer } from 'node:net';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { startDevOidcProvider } = require('../../scripts/devOidc.js') as {
  startDevOidcProvider(o: { redirectUris: string[] }): Promise<{ issuer: string; close(): Promise<void> }>;
};

/** A free port on 127.0.0.1 (the app's PUBLIC_URL must be known before the provider registers its redirect URI). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Hop {
  url: string;
  status: number;
  setCookies: string[];
}

export class CookieClient {
  /** host → cookie name → value */
  readonly jar = new Map<string, Map<string, string>>();
  readonly hops: Hop[] = [];

  constructor(private readonly extraHeaders: Record<string, string> = {}) {}

  cookieHeader(url: string): string {
    const cookies = this.jar.get(new URL(url).host) ?? new Map<string, string>();
    return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).host)?.get(name);
  }

  async request(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      body: init.body,
      redirect: 'manual',
      headers: { ...this.extraHeaders, ...(init.headers ?? {}), cookie: this.cookieHeader(url) },
    });
    const setCookies = response.headers.getSetCookie();
    const host = new URL(url).host;
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/Max-Age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(host, cookies);
    this.hops.push({ url, status: response.status, setCookies });
    return response;
  }

  /**
   * Starts at `url` and follows redirects, submitting the provider's login form as `login`, until a response that is
   * not a redirect or login form. Returns that response (and its body).
   */
  async signIn(url: string, login: string): Promise<{ response: Response; body: string; url: string }> {
    let current = url;
    let method = 'GET';
    let body: string | undefined;
    for (let hop = 0; hop < 20; hop++) {
      const response = await this.request(current, { method, body, headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {} });
      method = 'GET';
      body = undefined;
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        current = new URL(location, current).toString();
        continue;
      }
      const text = await response.text();
      const form = /<form[^>]*action="([^"]+)"[^>]*method="post"[\s\S]*?name="prompt" value="login"/.exec(text);
      if (form) {
        current = new URL(form[1]!, current).toString();
        method = 'POST';
        body = new URLSearchParams({ prompt: 'login', login, password: 'any-password' }).toString();
        continue;
      }
      return { response, body: text, url: current };
    }
    throw new Error('too many redirects');
  }
}

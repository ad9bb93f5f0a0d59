/**
 * The sign-in cookies: HttpOnly, SameSite=Lax, Path=/, and Secure whenever the site is served over HTTPS (PUBLIC_URL
 * starts with https://, or a TLS-terminating proxy says X-Forwarded-Proto: https).
 */
import type { Request, Response } from 'restify';

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!name || name in cookies) continue;
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      // A malformed value is ignored, never fatal.
    }
  }
  return cookies;
}

export function cookieOf(req: Request, name: string): string | undefined {
  return parseCookies(req.headers.cookie)[name];
}

/** True when the browser reached us over HTTPS. */
export function isHttps(req: Request, publicUrl: string | undefined): boolean {
  if (publicUrl?.startsWith('https://')) return true;
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return proto === 'https';
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. */
  maxAgeSeconds: number;
  secure: boolean;
}

function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** Adds a Set-Cookie header (keeping any set before). */
export function setCookie(res: Response, name: string, value: string, options: CookieOptions): void {
  const previous = res.getHeader('Set-Cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous.map(String) : [String(previous)];
  res.setHeader('Set-Cookie', [...list, serializeCookie(name, value, options)]);
}

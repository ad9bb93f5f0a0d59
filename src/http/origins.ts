/**
 * Cross-origin access to the chat (ALLOWED_ORIGINS). The bot's own pages are same-origin and always work. A request
 * to the token and Direct Line endpoints that carries an Origin header from another site gets CORS headers when that
 * origin is allowed, and 403 otherwise (preflights included). The embed page (/embed) may be framed only by the bot's
 * own origin and the allowed ones (CSP frame-ancestors).
 */
import type { Next, Request, Response } from 'restify';
import { sendError } from './http';

const GUARDED_PATHS = /^\/(api\/directline\/|v3\/directline\/)/;

/** Parses "https://help.example.com, http://localhost:8080" into origins; throws naming the bad entry. */
export function parseAllowedOrigins(value: string | undefined): string[] {
  if (!value || value.trim() === '') return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      let url: URL;
      try {
        url = new URL(entry);
      } catch {
        throw new Error(`"${entry}" is not an origin like https://help.example.com`);
      }
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== entry.replace(/\/$/, '')) {
        throw new Error(`"${entry}" is not an origin like https://help.example.com (scheme, host and port only)`);
      }
      return url.origin;
    });
}

function isSameOrigin(req: Request, origin: string): boolean {
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** restify `pre` handler: CORS for allowed origins on the chat endpoints, 403 for other cross-origin callers. */
export function originGate(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  return (req: Request, res: Response, next: Next): void => {
    const origin = req.headers.origin;
    const path = (req.url ?? '/').split('?')[0]!;
    if (typeof origin !== 'string' || !GUARDED_PATHS.test(path) || isSameOrigin(req, origin)) return next();
    if (!allowed.has(origin)) {
      sendError(res, 403, 'OriginNotAllowed', 'This site is not allowed to use the chat');
      return next(false);
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, x-ms-bot-agent',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return next(false);
    }
    next();
  };
}

/** The CSP of the embed page: the page's own, framable by itself and the allowed origins. */
export function embedContentSecurityPolicy(pagePolicy: string, allowedOrigins: readonly string[]): string {
  return pagePolicy.replace("frame-ancestors 'none'", `frame-ancestors 'self'${allowedOrigins.map((o) => ` ${o}`).join('')}`);
}

/**
 * Small HTTP helpers shared by the routes: JSON responses, the error shape, a size-limited JSON body reader,
 * bearer tokens and the public base URL of a request.
 */
import type { Request, Response, Next } from 'restify';

/** Error body used by every route: the Direct Line 3.0 shape. */
interface ErrorBody {
  error: { code: string; message: string };
}

export function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(payload)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(payload);
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  const body: ErrorBody = { error: { code, message } };
  sendJson(res, status, body);
}

/** 404 NotFound: no such thing, or a feature that is switched off. */
export function sendNotFound(res: Response): void {
  sendError(res, 404, 'NotFound', 'Not found');
}

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/**
 * Reads and parses a JSON body of at most `maxBytes`. Sets `req.body` (undefined when the body is empty).
 * 413 when too large, 415 when there is a body that is not JSON, 400 when the JSON is malformed.
 */
export function jsonBody(maxBytes: number) {
  return function readJsonBody(req: Request, res: Response, next: Next): void {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      sendError(res, 413, 'PayloadTooLarge', `Request body is larger than ${maxBytes} bytes`);
      req.resume();
      return next(false);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (handler: () => void): void => {
      if (done) return;
      done = true;
      handler();
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        finish(() => {
          sendError(res, 413, 'PayloadTooLarge', `Request body is larger than ${maxBytes} bytes`);
          next(false);
        });
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => finish(() => next(false)));
    req.on('end', () =>
      finish(() => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (raw.trim() === '') {
          (req as { body?: unknown }).body = undefined;
          return next();
        }
        if (!isJsonContentType(req.headers['content-type'])) {
          sendError(res, 415, 'UnsupportedMediaType', 'Request body must be application/json');
          return next(false);
        }
        try {
          (req as { body?: unknown }).body = JSON.parse(raw) as unknown;
        } catch {
          sendError(res, 400, 'BadArgument', 'Request body is not valid JSON');
          return next(false);
        }
        next();
      }),
    );
  };
}


const HOST_PATTERN = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The origin the browser used to reach us ("https://help.example.com"), for URLs we hand back to it (streamUrl,
 * Direct Line domain). Trusts X-Forwarded-Proto (App Service / reverse proxies terminate TLS); falls back to
 * `fallback` when the Host header is missing or odd.
 */
export function requestOrigin(req: Request, fallback: string): string {
  const host = req.headers.host;
  if (!host || !HOST_PATTERN.test(host)) return fallback;
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase();
  const proto = forwarded === 'https' || forwarded === 'http' ? forwarded : 'http';
  return `${proto}://${host}`;
}

/** Query string parameters of a request. */
export function queryOf(req: Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

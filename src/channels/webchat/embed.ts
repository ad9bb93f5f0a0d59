/**
 * The chat for other sites: `GET /embed.js` (the launcher script: one <script> tag adds a corner button that opens
 * the chat panel) and `GET /embed` (the chat panel page the launcher puts in an iframe; framable only by this
 * origin and ALLOWED_ORIGINS).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { sendError } from '../../http/http';
import { defaultPublicDir } from '../../http/publicDir';
import { embedContentSecurityPolicy } from '../../http/origins';

export interface EmbedRouteOptions {
  publicDir?: string;
  allowedOrigins: readonly string[];
  /** The support page's CSP; the embed page's differs only in frame-ancestors. */
  contentSecurityPolicy: string;
}

export function mountEmbedRoutes(server: Server, options: EmbedRouteOptions): void {
  const publicDir = options.publicDir ?? defaultPublicDir();
  const policy = embedContentSecurityPolicy(options.contentSecurityPolicy, options.allowedOrigins);

  server.get('/embed.js', async (_req: Request, res: Response) => {
    try {
      const script = await readFile(path.join(publicDir, 'embed.js'));
      res.writeHead(200, {
        'Content-Type': 'application/javascript; charset=utf-8',
        'Content-Length': String(script.length),
        'Cache-Control': 'public, max-age=300',
        // Loaded by <script> on other sites; cross-origin reads of it are harmless.
        'Cross-Origin-Resource-Policy': 'cross-origin',
      });
      res.end(script);
    } catch {
      sendError(res, 500, 'AssetMissing', 'The embed script is not available');
    }
  });

  server.get('/embed', async (_req: Request, res: Response) => {
    try {
      const html = await readFile(path.join(publicDir, 'embed.html'));
      res.removeHeader('X-Frame-Options');
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': String(html.length),
        'Cache-Control': 'no-cache',
        'Content-Security-Policy': policy,
      });
      res.end(html);
    } catch {
      sendError(res, 500, 'AssetMissing', 'The chat panel is not available');
    }
  });
}

/**
 * The support page and its assets: `GET /` (public/index.html), `GET /webchat.js` (the Web Chat bundle, served by file
 * path, gzipped once in memory), and other files of public/ — nothing from a CDN. The bundle is public/webchat.js in a
 * release (`npm run release` copies it there: botframework-webchat and its ~480 MB of dependencies are a build input,
 * not a runtime dependency), else node_modules/botframework-webchat/dist/webchat.js in a checkout.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import restify, { Request, Response, Server } from 'restify';
import { sendError } from '../../http/http';
import { defaultPublicDir } from '../../http/publicDir';

const gzipAsync = promisify(gzip);


/** node_modules/botframework-webchat/dist/webchat.js (the package does not export package.json, so walk up from its main). */
export function webChatBundlePath(): string {
  let dir = path.dirname(require.resolve('botframework-webchat'));
  for (let i = 0; i < 5; i++) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'botframework-webchat') {
      return path.join(dir, 'dist', 'webchat.js');
    }
    dir = path.dirname(dir);
  }
  throw new Error('botframework-webchat is not installed');
}

/** The Web Chat bundle to serve: the release's copy next to the page, else the one in node_modules. */
function webChatBundleFile(publicDir: string): string {
  const shipped = path.join(publicDir, 'webchat.js');
  return existsSync(shipped) ? shipped : webChatBundlePath();
}

interface CachedAsset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

export interface AssetRouteOptions {
  publicDir?: string;
  /** Content-Security-Policy for HTML responses. */
  contentSecurityPolicy: string;
}

export function mountAssetRoutes(server: Server, options: AssetRouteOptions): void {
  const publicDir = options.publicDir ?? defaultPublicDir();
  let bundle: Promise<CachedAsset> | undefined;

  const loadBundle = async (): Promise<CachedAsset> => {
    const body = await readFile(webChatBundleFile(publicDir));
    const gzipped = await gzipAsync(body, { level: 6 });
    return { body, gzipped, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
  };

  server.get('/webchat.js', async (req: Request, res: Response) => {
    try {
      bundle ??= loadBundle();
      const asset = await bundle;
      if (req.headers['if-none-match'] === asset.etag) {
        res.writeHead(304, { ETag: asset.etag });
        res.end();
        return;
      }
      const useGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      const body = useGzip ? asset.gzipped : asset.body;
      res.writeHead(200, {
        'Content-Type': 'application/javascript; charset=utf-8',
        'Content-Length': String(body.length),
        'Cache-Control': 'public, max-age=86400',
        ETag: asset.etag,
        Vary: 'Accept-Encoding',
        ...(useGzip ? { 'Content-Encoding': 'gzip' } : {}),
      });
      res.end(body);
    } catch {
      bundle = undefined;
      sendError(res, 500, 'AssetMissing', 'The Web Chat script is not available');
    }
  });

  const indexFile = path.join(publicDir, 'index.html');
  server.get('/', async (_req: Request, res: Response) => {
    try {
      const html = await readFile(indexFile);
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': String(html.length),
        'Cache-Control': 'no-cache',
        'Content-Security-Policy': options.contentSecurityPolicy,
      });
      res.end(html);
    } catch {
      sendError(res, 500, 'AssetMissing', 'The support page is not available');
    }
  });

  server.get(
    '/*',
    restify.plugins.serveStaticFiles(publicDir, {
      maxAge: 3_600_000,
      setHeaders: (res: Response, file: string) => {
        if (file.endsWith('.html')) res.setHeader('Content-Security-Policy', options.contentSecurityPolicy);
      },
    }),
  );
}

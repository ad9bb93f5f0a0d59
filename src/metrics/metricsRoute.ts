/**
 * GET /metrics (Prometheus text format). Off unless configured:
 *   - METRICS_KEY: served on the bot's own server; the scraper sends `Authorization: Bearer <key>` (401 otherwise);
 *   - METRICS_HOST (+ METRICS_PORT): served without a key on a separate listener bound to that loopback address,
 *     for a scraper or agent on the same machine / pod; the public port does not serve it.
 * Without either, /metrics is not mounted (404). Keys are compared in constant time and never logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response, Server } from 'restify';
import { bearerToken } from '../http/bearerToken';
import { sendError } from '../http/http';
import type { BotMetrics } from './botMetrics';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Mounts GET /metrics on the bot's server, guarded by `key` (bearer). */
export function metricsRoute(metrics: Pick<BotMetrics, 'render'>, key: string) {
  const keyDigest = digest(key);
  return (server: Server): void => {
    server.get('/metrics', async (req: Request, res: Response) => {
      const offered = bearerToken(req.headers.authorization);
      if (!offered || !timingSafeEqual(digest(offered), keyDigest)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        return sendError(res, 401, 'Unauthorized', 'A valid metrics key is required');
      }
      const { contentType, body } = await metrics.render();
      res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
      res.end(body);
    });
  };
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/** Serves GET /metrics without a key on `host:port` (a loopback address only; port 0 picks a free one). */
export async function startMetricsListener(metrics: Pick<BotMetrics, 'render'>, host: string, port: number): Promise<MetricsListener> {
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`metrics listener: ${host} is not a loopback address`);
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    // (restify patches http.ServerResponse, so writeHead is not chained.)
    const reply = (status: number, contentType: string, body: string): void => {
      res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' || path !== '/metrics') return reply(404, 'text/plain', 'not found');
    metrics.render().then(
      ({ contentType, body }) => reply(200, contentType, body),
      () => reply(500, 'text/plain', 'metrics failed'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

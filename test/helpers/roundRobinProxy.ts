/**
 * A small round-robin load balancer for tests: HTTP requests and WebSocket upgrades go to the next target in turn
 * (no sticky sessions); a target that refuses the connection is skipped. Each kind of request (WebSocket upgrades,
 * posted activities, everything else) has its own turn, so consecutive messages of a page always alternate.
 * Logs which target served what.
 */
import http, { IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

export interface RoundRobinProxy {
  url: string;
  /** Requests (and upgrades) each target answered, by target URL. */
  served: Map<string, number>;
  /** Paths in the order they were forwarded, with the target that got each. */
  log: Array<{ path: string; target: string }>;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(targets: string[]): Promise<RoundRobinProxy> {
  const turns = new Map<string, number>();
  const served = new Map<string, number>(targets.map((t) => [t, 0]));
  const log: Array<{ path: string; target: string }> = [];
  const sockets = new Set<Duplex>();
  const order = (kind: string): string[] => {
    const turn = turns.get(kind) ?? 0;
    turns.set(kind, turn + 1);
    const start = turn % targets.length;
    return [...targets.slice(start), ...targets.slice(0, start)];
  };
  const record = (target: string, path: string): void => {
    served.set(target, (served.get(target) ?? 0) + 1);
    log.push({ path, target });
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, candidates: string[]): void => {
    const target = candidates[0];
    if (!target) {
      res.writeHead(502).end();
      return;
    }
    const url = new URL(target);
    const upstream = http.request(
      { host: url.hostname, port: url.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        record(target, String(req.url));
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' && !res.headersSent) forward(req, res, body, candidates.slice(1));
      else res.destroy();
    });
    upstream.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    const kind = req.method === 'POST' && /\/activities$/.test(String(req.url)) ? 'activities' : 'http';
    req.on('end', () => forward(req, res, Buffer.concat(chunks), order(kind)));
  });

  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const tryTarget = (candidates: string[]): void => {
      const target = candidates[0];
      if (!target) {
        client.destroy();
        return;
      }
      const url = new URL(target);
      const upstream = net.connect(Number(url.port), url.hostname);
      upstream.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') tryTarget(candidates.slice(1));
        else client.destroy();
      });
      upstream.once('connect', () => {
        record(target, String(req.url));
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        client.on('close', () => upstream.destroy());
        const headers = Object.entries(req.headers).flatMap(([name, value]) =>
          (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${String(v)}`),
        );
        upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
    };
    tryTarget(order('upgrade'));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    log,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

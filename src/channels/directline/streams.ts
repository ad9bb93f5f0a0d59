/**
 * Direct Line WebSocket streams: `GET /v3/directline/conversations/:id/stream?t=<stream token>&watermark=<n>`
 * upgraded on the HTTP server's 'upgrade' event. A new stream first receives the activities after `watermark`
 * (all retained ones without it), then every new activity, as `{"activities":[...],"watermark":"n"}` messages.
 * Clients send empty messages as pings; anything they send is ignored.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { errorFields, Log } from '../../server/log';
import type { ActivityGroup, ConversationStore } from './conversationStore';
import type { DirectLineTokens } from './tokens';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/?#]+)\/stream$/;
/** A client that lets this much unsent data pile up is dropped (it reconnects with its watermark). */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface DirectLineStreamsDeps {
  store: ConversationStore;
  tokens: DirectLineTokens;
  log: Log;
  heartbeatMs?: number;
}

export class DirectLineStreams {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly detachers: Array<() => void> = [];

  constructor(private readonly deps: DirectLineStreamsDeps) {
    this.heartbeat = setInterval(() => this.checkAlive(), deps.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  get openStreams(): number {
    return this.wss.clients.size;
  }

  /**
   * Starts handling stream upgrades on `server`. Upgrades to other paths get 404 when `refuseOtherPaths`
   * (the default); pass false if another 'upgrade' listener serves other paths.
   */
  attach(server: HttpServer, refuseOtherPaths = true): void {
    const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = STREAM_PATH.exec(url.pathname);
      if (!match) {
        if (refuseOtherPaths) refuse(socket, 404, 'Not Found');
        return;
      }
      const conversationId = decodeURIComponent(match[1]!);
      const check = this.deps.tokens.verify(url.searchParams.get('t') ?? undefined, 'stream');
      if (!check.ok) return refuse(socket, check.reason === 'expired' ? 403 : 401, check.reason === 'expired' ? 'Forbidden' : 'Unauthorized');
      if (check.claims.conversationId !== conversationId) return refuse(socket, 403, 'Forbidden');
      const watermark = url.searchParams.get('watermark') ?? undefined;
      this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, check.claims.conversationId, check.claims.userId, watermark));
    };
    server.on('upgrade', onUpgrade);
    this.detachers.push(() => server.off('upgrade', onUpgrade));
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const detach of this.detachers.splice(0)) detach();
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private open(ws: WebSocket, conversationId: string, userId: string, watermark: string | undefined): void {
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    ws.on('message', () => this.alive.set(ws, true));
    ws.on('error', (error) => this.deps.log.debug({ err: errorFields(error), conversationId }, 'Direct Line stream error'));

    const send = (group: ActivityGroup): void => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(group));
    };
    // Backlog and subscription in the same tick, so no activity falls between them.
    this.deps.store.getOrCreate(conversationId, userId);
    const backlog = this.deps.store.since(conversationId, watermark);
    const unsubscribe = this.deps.store.subscribe(conversationId, {
      onActivities: send,
      onEnd: () => ws.close(1000, 'Conversation ended'),
    });
    if (backlog && backlog.activities.length > 0) send(backlog);
    ws.on('close', () => unsubscribe?.());
  }

  private checkAlive(): void {
    for (const ws of this.wss.clients) {
      if (this.alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      this.alive.set(ws, false);
      ws.ping();
    }
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * Direct Line WebSocket streams: `GET /v3/directline/conversations/:id/stream?t=<stream token>&watermark=<n>`
 * upgraded on the HTTP server's 'upgrade' event. A new stream first receives the activities after `watermark`
 * (all retained ones without it), then every new activity, as `{"activities":[...],"watermark":"n"}` messages.
 * Clients send empty messages as pings; anything they send is ignored. Live activities come through the
 * ConversationHub's pub/sub, so the instance holding the WebSocket gets replies written by any instance; the
 * backlog is read after subscribing, and live messages at or below the backlog's watermark are skipped, so nothing
 * is lost or sent twice in between.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { errorFields, Log } from '../../logging/log';
import type { ActivityGroup } from '../../storage/directLineConversationStore';
import type { ConversationHub, LiveMessage } from './conversationHub';
import type { DirectLineTokens } from './tokens';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/?#]+)\/stream$/;
/** A client that lets this much unsent data pile up is dropped (it reconnects with its watermark). */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface DirectLineStreamsDeps {
  hub: ConversationHub;
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
    let closed = false;
    let unsubscribe: (() => Promise<void>) | undefined;
    ws.on('close', () => {
      closed = true;
      void unsubscribe?.().catch(() => undefined);
    });
    void this.startFeed(ws, conversationId, userId, watermark, send).then(
      (stop) => {
        if (closed) void stop().catch(() => undefined);
        else unsubscribe = stop;
      },
      (error: unknown) => {
        this.deps.log.warn({ err: errorFields(error), conversationId }, 'Direct Line stream could not start');
        ws.close(1011, 'Try again');
      },
    );
  }

  /** Subscribes, then sends the backlog after `watermark`, then live messages newer than what was sent. */
  private async startFeed(
    ws: WebSocket,
    conversationId: string,
    userId: string,
    watermark: string | undefined,
    send: (group: ActivityGroup) => void,
  ): Promise<() => Promise<void>> {
    let last = Number.POSITIVE_INFINITY;
    const early: LiveMessage[] = [];
    const deliver = (message: LiveMessage): void => {
      if (message.replaced || message.ephemeral) return send({ activities: message.activities, watermark: String(last) });
      if (message.seq <= last) return;
      last = message.seq;
      send({ activities: message.activities, watermark: message.watermark });
    };
    let ready = false;
    const stop = await this.deps.hub.subscribe(conversationId, (message) => (ready ? deliver(message) : early.push(message)));
    try {
      await this.deps.hub.getOrCreate(conversationId, userId);
      const backlog = await this.deps.hub.since(conversationId, watermark);
      last = Number(backlog?.watermark ?? 0);
      if (backlog && backlog.activities.length > 0 && ws.readyState === WebSocket.OPEN) send(backlog);
      ready = true;
      for (const message of early.splice(0)) deliver(message);
    } catch (error) {
      await stop();
      throw error;
    }
    return stop;
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

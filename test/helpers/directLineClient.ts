/**
 * A small Direct Line 3.0 client for tests (REST + WebSocket stream), speaking to the local emulator
 * (or any Direct Line service) at `domain`, e.g. http://127.0.0.1:1234/v3/directline.
 */
import WebSocket from 'ws';

export interface DlActivity {
  id?: string;
  type: string;
  text?: string;
  from?: { id: string; name?: string; role?: string };
  conversation?: { id: string };
  channelData?: Record<string, unknown>;
  suggestedActions?: { actions: Array<{ type: string; title?: string; value?: unknown }> };
  replyToId?: string;
  timestamp?: string;
  [key: string]: unknown;
}

export interface ActivityGroup {
  activities: DlActivity[];
  watermark: string;
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
}

export async function httpJson<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  url: string,
  init: { method?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(url, { method: init.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T };
}

export class DirectLineClient {
  token: string | undefined;
  conversationId: string | undefined;
  streamUrl: string | undefined;
  watermark: string | undefined;

  constructor(readonly domain: string) {}

  async generateToken(body?: unknown): Promise<HttpResult<{ token: string; conversationId: string; expires_in: number }>> {
    const result = await httpJson(`${this.domain}/tokens/generate`, { method: 'POST', body });
    if (result.status === 200) {
      this.token = result.body.token;
      this.conversationId = result.body.conversationId;
    }
    return result;
  }

  async start(): Promise<HttpResult<{ conversationId: string; token: string; expires_in: number; streamUrl: string }>> {
    const result = await httpJson(`${this.domain}/conversations`, { method: 'POST', token: this.token, body: {} });
    if (result.status === 200 || result.status === 201) {
      this.conversationId = result.body.conversationId;
      this.streamUrl = result.body.streamUrl;
    }
    return result;
  }

  async refresh(): Promise<HttpResult<{ conversationId: string; token: string; expires_in: number }>> {
    const result = await httpJson(`${this.domain}/tokens/refresh`, { method: 'POST', token: this.token });
    if (result.status === 200) this.token = result.body.token;
    return result;
  }

  async post(activity: Partial<DlActivity>, conversationId = this.conversationId): Promise<HttpResult<{ id: string }>> {
    return httpJson(`${this.domain}/conversations/${conversationId}/activities`, {
      method: 'POST',
      token: this.token,
      body: { from: { id: 'user-from-client', name: 'Test User' }, ...activity },
    });
  }

  /** A user message like Web Chat sends it (with a clientActivityID). */
  async say(text: string): Promise<{ id: string; clientActivityID: string }> {
    const clientActivityID = `client-${Math.random().toString(36).slice(2)}`;
    const result = await this.post({ type: 'message', text, channelData: { clientActivityID } });
    if (result.status !== 200) throw new Error(`post failed: ${result.status} ${JSON.stringify(result.body)}`);
    return { id: result.body.id, clientActivityID };
  }

  async activities(watermark?: string, conversationId = this.conversationId): Promise<HttpResult<ActivityGroup>> {
    const query = watermark !== undefined ? `?watermark=${encodeURIComponent(watermark)}` : '';
    return httpJson(`${this.domain}/conversations/${conversationId}/activities${query}`, { token: this.token });
  }

  /** Polls the whole log until `predicate` holds; returns the log. Fails after `timeoutMs` with what it saw. */
  async waitFor(predicate: (activities: DlActivity[]) => boolean, timeoutMs = 10_000): Promise<DlActivity[]> {
    const deadline = Date.now() + timeoutMs;
    let last: DlActivity[] = [];
    while (Date.now() < deadline) {
      const result = await this.activities();
      if (result.status !== 200) throw new Error(`GET activities: ${result.status} ${JSON.stringify(result.body)}`);
      last = result.body.activities;
      if (predicate(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`Timed out waiting; activities were: ${JSON.stringify(last.map((a) => [a.type, a.from?.role, a.text]))}`);
  }

  /** Opens the WebSocket stream (streamUrl from start()). */
  openStream(url = this.streamUrl): Promise<StreamReader> {
    if (!url) throw new Error('start() first');
    return StreamReader.open(url);
  }
}

/** Collects the activity groups a Direct Line WebSocket stream delivers. */
export class StreamReader {
  readonly groups: ActivityGroup[] = [];
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      if (!text) return;
      this.groups.push(JSON.parse(text) as ActivityGroup);
      this.notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
  }

  static open(url: string): Promise<StreamReader> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const reader = new StreamReader(socket);
      socket.once('open', () => resolve(reader));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`stream refused: ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  get activities(): DlActivity[] {
    return this.groups.flatMap((group) => group.activities);
  }

  async waitFor(predicate: (activities: DlActivity[]) => boolean, timeoutMs = 10_000): Promise<DlActivity[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.activities)) {
      if (this.closed) throw new Error('stream closed');
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`Timed out; stream had: ${JSON.stringify(this.activities.map((a) => [a.type, a.from?.role, a.text]))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.activities;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

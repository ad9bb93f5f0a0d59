/**
 * Push: the server's Server-Sent Events (/agent/api/events). `hello` on (re)connect and `queue` on news both mean
 * "fetch what changed"; `typing` means the person of one of this agent's conversations is typing. EventSource reconnects by itself; when the server refuses the stream, the console asks
 * /session why: signed out, or the server is gone for now (then it tries again).
 */
import { byId } from '../shared/dom';
import { statusOf } from '../shared/http';
import { api } from './api';

let source: EventSource | null = null;

function setLive(live: boolean): void {
  const dot = byId('live');
  dot.setAttribute('data-state', live ? 'live' : 'offline');
  dot.textContent = live ? 'Live' : 'Offline, reconnecting…';
}

export function stopEvents(): void {
  source?.close();
  source = null;
}

export function startEvents(on: { news: () => void; signedOut: () => void; typing?: (requestId: string) => void }): void {
  stopEvents();
  setLive(false);
  const events = new EventSource('/agent/api/events');
  source = events;
  const again = (): void => void setTimeout(() => startEvents(on), 2000);
  events.addEventListener('hello', () => {
    setLive(true);
    // Whatever changed while we were away.
    on.news();
  });
  events.addEventListener('queue', () => on.news());
  // The person of one of this agent's conversations is typing (no text: just which conversation).
  events.addEventListener('typing', (event) => {
    try {
      const { requestId } = JSON.parse((event as MessageEvent<string>).data) as { requestId?: unknown };
      if (typeof requestId === 'string') on.typing?.(requestId);
    } catch {
      // not ours to show
    }
  });
  events.onerror = () => {
    setLive(false);
    if (events.readyState !== EventSource.CLOSED) return;
    api('GET', '/session').then(again, (error: unknown) => (statusOf(error) === 401 ? on.signedOut() : again()));
  };
}

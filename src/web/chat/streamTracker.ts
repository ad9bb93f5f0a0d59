/**
 * The Direct Line stream's state, seen from the WebSocket itself (Direct Line JS keeps "Online" while it
 * reconnects): window.WebSocket is wrapped so that sockets to `/stream?` tell the listeners when they open and close.
 */
type StreamListener = (open: boolean) => void;

const listeners: StreamListener[] = [];

export function onStreamChange(listener: StreamListener): void {
  listeners.push(listener);
}

export function trackStreamSockets(): void {
  const Native = window.WebSocket;
  function TrackedWebSocket(url: string | URL, protocols?: string | string[]): WebSocket {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (/\/stream\?/.test(String(url))) {
      ws.addEventListener('open', () => listeners.forEach((listener) => listener(true)));
      ws.addEventListener('close', () => listeners.forEach((listener) => listener(false)));
    }
    return ws;
  }
  TrackedWebSocket.prototype = Native.prototype;
  Object.assign(TrackedWebSocket, { CONNECTING: Native.CONNECTING, OPEN: Native.OPEN, CLOSING: Native.CLOSING, CLOSED: Native.CLOSED });
  window.WebSocket = TrackedWebSocket as unknown as typeof WebSocket;
}

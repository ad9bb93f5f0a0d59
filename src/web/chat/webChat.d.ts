/** The parts of Web Chat (window.WebChat, loaded from /webchat.js) and Direct Line JS that the support page uses. */

export interface Subscription {
  unsubscribe(): void;
}

export interface Observer<T> {
  next?: (value: T) => void;
  error?: (error: unknown) => void;
  complete?: () => void;
}

export interface Observable<T> {
  subscribe(next?: Observer<T> | ((value: T) => void), error?: (error: unknown) => void, complete?: () => void): Subscription;
}

export interface DirectLine {
  postActivity(activity: unknown): Observable<string>;
  connectionStatus$: Observable<number>;
}

export interface WebChatStore {
  dispatch(action: { type: string; payload?: unknown }): void;
}

export interface WebChatGlobal {
  /** conversationStartProperties.locale: sent when the conversation starts (on the bot's conversationUpdate, its welcome). */
  createDirectLine(options: { token: string; domain?: string; webSocket: boolean; conversationStartProperties?: { locale?: string } }): DirectLine;
  createStore(): WebChatStore;
  renderWebChat(props: Record<string, unknown>, element: HTMLElement): void;
}

declare global {
  interface Window {
    WebChat?: WebChatGlobal;
    /** A page (a test) may lower how long a message waits before "Send failed. Retry.". */
    chatSendTimeoutMs?: unknown;
    __icloudBackupHelpEmbed?: boolean;
  }
}

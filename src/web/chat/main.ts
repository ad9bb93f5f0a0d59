/**
 * Support page: gets a Direct Line token from this server and renders Web Chat (loaded from /webchat.js).
 * Survives a restart of the bot: while the stream is down the page says it is reconnecting, and a message typed
 * then is re-sent (same clientActivityID, so the server gives it to the bot once) until the bot is back — or, after
 * the send timeout, Web Chat marks it "Send failed. Retry." and its retry works.
 * In embed mode (/embed, inside the launcher of /embed.js) the page is the chat panel alone.
 * A screenshot pasted into the chat is staged in the send box like a picked file (pasteImages.ts).
 * Its language: `?locale=` (the embed passes its data-locale), else the browser's languages, else English
 * (pageLanguage.ts); its own texts come from /api/page-texts/<lang>, Web Chat gets the locale for its strings and
 * sends it as `locale` on every activity.
 */
import { choosePageLocale } from '../../channels/webchat/pageLanguage';
import type { DirectLineTokenAnswer } from '../../channels/webchat/tokenRoute';
import { byId } from '../shared/dom';
import { fetchJson } from '../shared/http';
import { applyPageTexts, FALLBACK_MESSAGES, fetchPageTexts } from './pageTexts';
import { stagePastedImages } from './pasteImages';
import { resilientPost } from './resilientPost';
import { onStreamChange, trackStreamSockets } from './streamTracker';
import type { DirectLine, WebChatGlobal, WebChatStore } from './webChat';
import { WEB_CHAT_BEHAVIOUR, webChatStyleOptions } from './webChatOptions';

// How long a message may wait for the bot before Web Chat marks it "Send failed. Retry." (a page may lower it).
const SEND_TIMEOUT_MS = Number(window.chatSendTimeoutMs) > 0 ? Number(window.chatSendTimeoutMs) : 60000;
const CONNECTION = { online: 2, expired: 3, failed: 4 };

const params = new URLSearchParams(window.location.search);
const statusBox = byId('chat-status');
const { language, locale } = choosePageLocale(params.get('locale'), navigator.languages);
/** The page's messages in its language (English until its texts arrive, or when they cannot be read). */
let messages = FALLBACK_MESSAGES;

function setStatus(text: string): void {
  // From now on the status is the chat's, not the page's initial "Connecting…" (its translation must not come back).
  statusBox.removeAttribute('data-text');
  statusBox.textContent = text;
}

function showError(text: string): void {
  setStatus('');
  byId('chat-error-text').textContent = text;
  byId('chat-error').hidden = false;
}

/** The embed's title, greeting and accent come from the launcher's query string. */
function applyEmbedParams(accent: string): void {
  const title = (params.get('title') ?? '').slice(0, 80);
  const greeting = (params.get('greeting') ?? '').slice(0, 200);
  if (title) {
    // The site's own title, in place of the page's (and of its translations).
    for (const node of [byId('embed-title'), document.querySelector('title')]) node?.removeAttribute('data-text');
    byId('embed-title').textContent = title;
    document.title = title;
  }
  if (greeting) {
    const box = byId('embed-greeting');
    box.textContent = greeting;
    box.hidden = false;
  }
  document.documentElement.style.setProperty('--embed-accent', accent);
}

function notify(store: WebChatStore, level: 'success' | 'info', message: string): void {
  // Web Chat's own connectivity notice.
  store.dispatch({ type: 'WEB_CHAT/SET_NOTIFICATION', payload: { id: 'connectivitystatus', level, message } });
}

/** "Reconnecting…" while the stream is down after it was open; cleared when it is back. */
function showReconnecting(store: WebChatStore): void {
  let wasOpen = false;
  onStreamChange((open) => {
    if (open) {
      if (wasOpen || statusBox.getAttribute('data-state') === 'reconnecting') {
        statusBox.setAttribute('data-state', 'online');
        setStatus('');
        notify(store, 'success', 'connected');
      }
      wasOpen = true;
    } else if (wasOpen) {
      wasOpen = false;
      statusBox.setAttribute('data-state', 'reconnecting');
      setStatus(messages.reconnecting);
      notify(store, 'info', 'reconnecting');
    }
  });
}

function showConnectionStatus(directLine: DirectLine): void {
  directLine.connectionStatus$.subscribe((status) => {
    if (status === CONNECTION.online) {
      if (statusBox.getAttribute('data-state') !== 'reconnecting') setStatus('');
      byId('chat-error').hidden = true;
    } else if (status === CONNECTION.failed) {
      showError(messages.unreachable);
    } else if (status === CONNECTION.expired) {
      showError(messages.expired);
    }
  });
}

function render(webChat: WebChatGlobal, session: DirectLineTokenAnswer, accent: string): void {
  // The locale also goes with the start of the conversation, so the bot's welcome (on conversationUpdate) is in it.
  const directLine = webChat.createDirectLine({ token: session.token, domain: session.domain, webSocket: true, conversationStartProperties: { locale } });
  directLine.postActivity = resilientPost(directLine, SEND_TIMEOUT_MS);
  const store = webChat.createStore();
  showReconnecting(store);
  showConnectionStatus(directLine);
  const styleOptions = webChatStyleOptions(accent, SEND_TIMEOUT_MS);
  // A pasted screenshot is staged like a picked file (same upload, same accepted types).
  stagePastedImages(byId('webchat'), store, String(styleOptions.uploadAccept ?? ''));
  // No userID: Web Chat reads the user from the token (ids starting with dl_ must come from the token).
  // `locale`: Web Chat's own strings, and `locale` on every activity it sends (the bot answers in that language).
  webChat.renderWebChat({ directLine, store, username: 'You', locale, ...WEB_CHAT_BEHAVIOUR, styleOptions }, byId('webchat'));
}

/** The page in its language: the html's lang now, its texts when they arrive (they do not hold up the chat). */
async function translatePage(): Promise<void> {
  document.documentElement.lang = language;
  const texts = await fetchPageTexts(language);
  if (!texts) return;
  applyPageTexts(document, texts);
  messages = texts;
}

async function start(): Promise<void> {
  trackStreamSockets();
  const translated = translatePage();
  byId('chat-retry').addEventListener('click', () => window.location.reload());
  const accent = /^#[0-9a-fA-F]{3,8}$/.test(params.get('accent') ?? '') ? params.get('accent')! : '#0066cc';
  if (document.documentElement.hasAttribute('data-embed')) applyEmbedParams(accent);
  const webChat = window.WebChat;
  if (!webChat) {
    await translated;
    return showError(messages.notLoaded);
  }
  try {
    render(webChat, await fetchJson<DirectLineTokenAnswer>('/api/directline/token', { method: 'POST' }), accent);
  } catch {
    await translated;
    showError(messages.unavailable);
  }
}

void start();

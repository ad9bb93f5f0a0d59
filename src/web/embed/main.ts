/*
 * The chat on any site, with one tag:
 *   <script src="https://<bot>/embed.js" data-title="iCloud Backup Help" data-greeting="Hi! Backup trouble?"
 *           data-accent="#0066cc" data-position="right" data-locale="fr" async></script>
 * adds a launcher button in the bottom corner; it opens the chat panel, an iframe of the bot's /embed page (so the
 * chat runs on the bot's origin, isolated from the host page). The bot allows the host's origin in ALLOWED_ORIGINS.
 * The language (data-locale, else the browser's languages, else English) is the panel's too (passed as ?locale=);
 * the launcher's labels and the default title come from the bot's /api/page-texts/<lang> (English until they arrive).
 * This file runs on other organisations' pages: no shared helpers that assume the bot's own page.
 */
import { choosePageLocale, type PageLocale } from '../../channels/webchat/pageLanguage';
import type { PageTexts, PageTextsAnswer } from '../../channels/webchat/pageTexts';

const CHAT_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3C6.5 3 2 6.9 2 11.5c0 2.4 1.2 4.6 3.2 6.1L4.5 21l3.9-2c1.1.3 2.3.5 3.6.5 5.5 0 10-3.9 10-8.5S17.5 3 12 3Z"/></svg>';
const CLOSE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6Z"/></svg>';

/** The launcher's texts until the bot's arrive. */
const ENGLISH: Pick<PageTexts, 'title' | 'openChat' | 'closeChat'> = { title: 'iCloud Backup Help', openChat: 'Open chat: {title}', closeChat: 'Close chat: {title}' };

interface EmbedSettings {
  base: string;
  /** The site's data-title ('' when it gave none: the bot's title in the chosen language). */
  title: string;
  locale: PageLocale;
  texts: Pick<PageTexts, 'title' | 'openChat' | 'closeChat'>;
  greeting: string;
  accent: string;
  side: 'left' | 'right';
}

function settingsOf(script: HTMLScriptElement): EmbedSettings {
  const data = script.dataset;
  return {
    base: new URL(script.src, window.location.href).origin,
    title: (data.title || '').slice(0, 80),
    locale: choosePageLocale(data.locale, navigator.languages),
    texts: ENGLISH,
    greeting: (data.greeting || '').slice(0, 200),
    accent: /^#[0-9a-fA-F]{3,8}$/.test(data.accent || '') ? data.accent! : '#0066cc',
    side: data.position === 'left' ? 'left' : 'right',
  };
}

function styleFor({ side, accent }: EmbedSettings): HTMLStyleElement {
  const style = document.createElement('style');
  style.textContent = [
    ':host{all:initial}',
    `.launcher{position:fixed;bottom:20px;${side}:20px;z-index:2147483000;width:60px;height:60px;border:0;border-radius:50%;`,
    `background:${accent};color:#fff;cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}`,
    '.launcher:focus-visible{outline:3px solid rgba(0,0,0,.4);outline-offset:3px}',
    '.launcher svg{width:28px;height:28px;fill:currentColor}',
    `.panel{position:fixed;bottom:92px;${side}:20px;z-index:2147483000;width:380px;max-width:calc(100vw - 40px);height:600px;`,
    'max-height:calc(100vh - 120px);border-radius:16px;overflow:hidden;background:#fff;box-shadow:0 8px 32px rgba(0,0,0,.25)}',
    '.panel[hidden]{display:none}',
    '.panel iframe{width:100%;height:100%;border:0;display:block}',
  ].join('');
  return style;
}

function panelFor(): HTMLDivElement {
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.hidden = true;
  panel.id = 'icloud-backup-help-panel';
  panel.setAttribute('role', 'dialog');
  return panel;
}

/** The site's title, else the bot's in the chosen language. */
const titleOf = (settings: EmbedSettings): string => settings.title || settings.texts.title;

/** "Open chat: Backup help" in the chosen language. */
function labelOf(settings: EmbedSettings, open: boolean): string {
  return (open ? settings.texts.closeChat : settings.texts.openChat).replace('{title}', titleOf(settings));
}

/**
 * The launcher button: opens the panel (loading the chat the first time) and closes it; Escape closes it too.
 * `relabel` redraws its labels (when the texts in the chosen language have arrived).
 */
function launcherFor(settings: EmbedSettings, panel: HTMLDivElement): { launcher: HTMLButtonElement; relabel(): void } {
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.setAttribute('aria-controls', panel.id);
  const relabel = (): void => {
    launcher.setAttribute('aria-label', labelOf(settings, !panel.hidden));
    panel.setAttribute('aria-label', titleOf(settings));
    const frame = panel.querySelector('iframe');
    if (frame) frame.title = titleOf(settings);
  };
  const show = (open: boolean): void => {
    if (open && !panel.firstChild) panel.appendChild(chatFrame(settings));
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.innerHTML = open ? CLOSE_ICON : CHAT_ICON;
    relabel();
  };
  show(false);
  launcher.addEventListener('click', () => show(panel.hidden));
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || panel.hidden) return;
    show(false);
    launcher.focus();
  });
  return { launcher, relabel };
}

/** The chat panel's page on the bot's origin, in the launcher's language (and with the site's title, when it gave one). */
function chatFrame(settings: EmbedSettings): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.title = titleOf(settings);
  const query = new URLSearchParams({ accent: settings.accent, locale: settings.locale.locale });
  if (settings.title) query.set('title', settings.title);
  if (settings.greeting) query.set('greeting', settings.greeting);
  frame.src = settings.base + '/embed?' + query.toString();
  return frame;
}

/** The launcher's texts in the chosen language from the bot (kept in English when the site's policy blocks the request). */
async function loadTexts(settings: EmbedSettings, relabel: () => void): Promise<void> {
  try {
    const response = await fetch(`${settings.base}/api/page-texts/${settings.locale.language}`, { credentials: 'omit' });
    if (!response.ok) return;
    const { texts } = (await response.json()) as PageTextsAnswer;
    settings.texts = { title: texts.title, openChat: texts.openChat, closeChat: texts.closeChat };
    relabel();
  } catch {
    // English it is.
  }
}

function mount(script: HTMLScriptElement): void {
  const settings = settingsOf(script);
  const host = document.createElement('div');
  host.setAttribute('data-icloud-backup-help', '');
  const root: ParentNode = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  const panel = panelFor();
  const { launcher, relabel } = launcherFor(settings, panel);
  root.append(styleFor(settings), panel, launcher);
  (document.body || document.documentElement).appendChild(host);
  void loadTexts(settings, relabel);
}

const script = document.currentScript;
if (script instanceof HTMLScriptElement && !window.__icloudBackupHelpEmbed) {
  window.__icloudBackupHelpEmbed = true;
  mount(script);
}

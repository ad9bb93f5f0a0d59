/*
 * The chat on any site, with one tag:
 *   <script src="https://<bot>/embed.js" data-title="iCloud Backup Help" data-greeting="Hi! Backup trouble?"
 *           data-accent="#0066cc" data-position="right" async></script>
 * adds a launcher button in the bottom corner; it opens the chat panel, an iframe of the bot's /embed page (so the
 * chat runs on the bot's origin, isolated from the host page). The bot allows the host's origin in ALLOWED_ORIGINS.
 * This file runs on other organisations' pages: no shared helpers that assume the bot's own page.
 */

const CHAT_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3C6.5 3 2 6.9 2 11.5c0 2.4 1.2 4.6 3.2 6.1L4.5 21l3.9-2c1.1.3 2.3.5 3.6.5 5.5 0 10-3.9 10-8.5S17.5 3 12 3Z"/></svg>';
const CLOSE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6Z"/></svg>';

interface EmbedSettings {
  base: string;
  title: string;
  greeting: string;
  accent: string;
  side: 'left' | 'right';
}

function settingsOf(script: HTMLScriptElement): EmbedSettings {
  const data = script.dataset;
  return {
    base: new URL(script.src, window.location.href).origin,
    title: (data.title || 'iCloud Backup Help').slice(0, 80),
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

function panelFor(title: string): HTMLDivElement {
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.hidden = true;
  panel.id = 'icloud-backup-help-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', title);
  return panel;
}

/** The launcher button: opens the panel (loading the chat the first time) and closes it; Escape closes it too. */
function launcherFor(settings: EmbedSettings, panel: HTMLDivElement): HTMLButtonElement {
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.setAttribute('aria-controls', panel.id);
  const show = (open: boolean): void => {
    if (open && !panel.firstChild) panel.appendChild(chatFrame(settings));
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', `${open ? 'Close' : 'Open'} chat: ${settings.title}`);
    launcher.innerHTML = open ? CLOSE_ICON : CHAT_ICON;
  };
  show(false);
  launcher.addEventListener('click', () => show(panel.hidden));
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || panel.hidden) return;
    show(false);
    launcher.focus();
  });
  return launcher;
}

function chatFrame({ base, title, accent, greeting }: EmbedSettings): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.title = title;
  const query = new URLSearchParams({ title, accent });
  if (greeting) query.set('greeting', greeting);
  frame.src = base + '/embed?' + query.toString();
  return frame;
}

function mount(script: HTMLScriptElement): void {
  const settings = settingsOf(script);
  const host = document.createElement('div');
  host.setAttribute('data-icloud-backup-help', '');
  const root: ParentNode = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  const panel = panelFor(settings.title);
  root.append(styleFor(settings), panel, launcherFor(settings, panel));
  (document.body || document.documentElement).appendChild(host);
}

const script = document.currentScript;
if (script instanceof HTMLScriptElement && !window.__icloudBackupHelpEmbed) {
  window.__icloudBackupHelpEmbed = true;
  mount(script);
}

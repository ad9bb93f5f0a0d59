/*
 * The chat on any site, with one tag:
 *   <script src="https://<bot>/embed.js" data-title="iCloud Backup Help" data-greeting="Hi! Backup trouble?"
 *           data-accent="#0066cc" data-position="right" async></script>
 * adds a launcher button in the bottom corner; it opens the chat panel, an iframe of the bot's /embed page (so the
 * chat runs on the bot's origin, isolated from the host page). The bot allows the host's origin in ALLOWED_ORIGINS.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || window.__icloudBackupHelpEmbed) return;
  window.__icloudBackupHelpEmbed = true;

  var base = new URL(script.src, window.location.href).origin;
  var data = script.dataset;
  var title = (data.title || 'iCloud Backup Help').slice(0, 80);
  var greeting = (data.greeting || '').slice(0, 200);
  var accent = /^#[0-9a-fA-F]{3,8}$/.test(data.accent || '') ? data.accent : '#0066cc';
  var side = data.position === 'left' ? 'left' : 'right';

  var host = document.createElement('div');
  host.setAttribute('data-icloud-backup-help', '');
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;

  var style = document.createElement('style');
  style.textContent =
    ':host{all:initial}' +
    '.launcher{position:fixed;bottom:20px;' + side + ':20px;z-index:2147483000;width:60px;height:60px;border:0;border-radius:50%;' +
    'background:' + accent + ';color:#fff;cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}' +
    '.launcher:focus-visible{outline:3px solid rgba(0,0,0,.4);outline-offset:3px}' +
    '.launcher svg{width:28px;height:28px;fill:currentColor}' +
    '.panel{position:fixed;bottom:92px;' + side + ':20px;z-index:2147483000;width:380px;max-width:calc(100vw - 40px);height:600px;' +
    'max-height:calc(100vh - 120px);border-radius:16px;overflow:hidden;background:#fff;box-shadow:0 8px 32px rgba(0,0,0,.25)}' +
    '.panel[hidden]{display:none}' +
    '.panel iframe{width:100%;height:100%;border:0;display:block}';
  root.appendChild(style);

  var panel = document.createElement('div');
  panel.className = 'panel';
  panel.hidden = true;
  panel.id = 'icloud-backup-help-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', title);

  var launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.setAttribute('aria-label', 'Open chat: ' + title);
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', panel.id);
  var chatIcon = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3C6.5 3 2 6.9 2 11.5c0 2.4 1.2 4.6 3.2 6.1L4.5 21l3.9-2c1.1.3 2.3.5 3.6.5 5.5 0 10-3.9 10-8.5S17.5 3 12 3Z"/></svg>';
  var closeIcon = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6Z"/></svg>';
  launcher.innerHTML = chatIcon;

  var frame;
  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = title;
      var query = new URLSearchParams({ title: title, accent: accent });
      if (greeting) query.set('greeting', greeting);
      frame.src = base + '/embed?' + query.toString();
      panel.appendChild(frame);
    }
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', 'Close chat: ' + title);
    launcher.innerHTML = closeIcon;
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-label', 'Open chat: ' + title);
    launcher.innerHTML = chatIcon;
  }
  launcher.addEventListener('click', function () {
    if (panel.hidden) open();
    else close();
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !panel.hidden) {
      close();
      launcher.focus();
    }
  });

  root.appendChild(panel);
  root.appendChild(launcher);
  (document.body || document.documentElement).appendChild(host);
})();

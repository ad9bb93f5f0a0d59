/*
 * Support page: gets a Direct Line token from this server and renders Web Chat (loaded from /webchat.js).
 * Survives a restart of the bot: while the stream is down the page says it is reconnecting, and a message typed
 * then is re-sent (same clientActivityID, so the server gives it to the bot once) until the bot is back — or, after
 * SEND_TIMEOUT_MS, Web Chat marks it "Send failed. Retry." and its retry works.
 * In embed mode (/embed, inside the launcher of /embed.js) the page is the chat panel alone.
 */
(function () {
  'use strict';

  // How long a message may wait for the bot before Web Chat marks it "Send failed. Retry." (a page may lower it).
  var SEND_TIMEOUT_MS = Number(window.chatSendTimeoutMs) > 0 ? Number(window.chatSendTimeoutMs) : 60000;
  var RESEND_DELAY_MS = 2000;
  var params = new URLSearchParams(window.location.search);
  var embedded = document.documentElement.hasAttribute('data-embed');

  var CONNECTION_FAILED = 4;
  var CONNECTION_ONLINE = 2;
  var CONNECTION_EXPIRED = 3;

  var container = document.getElementById('webchat');
  var statusBox = document.getElementById('chat-status');
  var errorBox = document.getElementById('chat-error');
  var errorText = document.getElementById('chat-error-text');
  var retryButton = document.getElementById('chat-retry');

  function setStatus(text) {
    statusBox.textContent = text;
  }

  function showError(text) {
    setStatus('');
    errorText.textContent = text;
    errorBox.hidden = false;
  }

  function hideError() {
    errorBox.hidden = true;
  }

  retryButton.addEventListener('click', function () {
    window.location.reload();
  });

  // ---- the stream's state, seen from the WebSocket itself (Direct Line JS keeps "Online" while it reconnects) ----
  var streamListeners = [];
  var NativeWebSocket = window.WebSocket;
  function TrackedWebSocket(url, protocols) {
    var ws = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    if (/\/stream\?/.test(String(url))) {
      ws.addEventListener('open', function () {
        streamListeners.forEach(function (listener) { listener(true); });
      });
      ws.addEventListener('close', function () {
        streamListeners.forEach(function (listener) { listener(false); });
      });
    }
    return ws;
  }
  TrackedWebSocket.prototype = NativeWebSocket.prototype;
  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (name) {
    TrackedWebSocket[name] = NativeWebSocket[name];
  });
  window.WebSocket = TrackedWebSocket;

  /**
   * postActivity that keeps trying while the bot is unreachable (network error or 5xx: Direct Line JS answers
   * "retry"), with the same activity and so the same clientActivityID: the server stores and runs it once.
   * Web Chat unsubscribes when its send timeout passes, which stops the attempts (the message is then "Send failed").
   */
  function resilientPost(directLine) {
    var post = directLine.postActivity.bind(directLine);
    return function (activity) {
      return {
        subscribe: function (next, error, complete) {
          var observer = typeof next === 'function' || next === undefined ? { next: next, error: error, complete: complete } : next;
          var stopped = false;
          var inner;
          var timer;
          // Web Chat shows "Send failed. Retry." once the send timeout has passed: stop trying just before, so a
          // message marked failed is never delivered behind the person's back (and a retry cannot deliver it twice).
          var deadline = setTimeout(function () {
            stop();
            if (observer.error) observer.error(new Error('The assistant could not be reached in time'));
          }, Math.max(1000, SEND_TIMEOUT_MS - 1000));
          function stop() {
            stopped = true;
            clearTimeout(timer);
            clearTimeout(deadline);
            if (inner) inner.unsubscribe();
          }
          function attempt() {
            if (stopped) return;
            var retry = false;
            inner = post(activity).subscribe(
              function (id) {
                if (id === 'retry') retry = true;
                else {
                  clearTimeout(deadline);
                  if (observer.next) observer.next(id);
                }
              },
              function (err) {
                var status = err && err.status;
                if (!stopped && (status === 0 || status === undefined || status >= 500)) timer = setTimeout(attempt, RESEND_DELAY_MS);
                else {
                  clearTimeout(deadline);
                  if (observer.error) observer.error(err);
                }
              },
              function () {
                if (retry) {
                  if (!stopped) timer = setTimeout(attempt, RESEND_DELAY_MS);
                } else {
                  clearTimeout(deadline);
                  if (observer.complete) observer.complete();
                }
              }
            );
          }
          attempt();
          return {
            unsubscribe: stop
          };
        }
      };
    };
  }

  var accent = /^#[0-9a-fA-F]{3,8}$/.test(params.get('accent') || '') ? params.get('accent') : '#0066cc';
  if (embedded) {
    var title = (params.get('title') || '').slice(0, 80);
    var greeting = (params.get('greeting') || '').slice(0, 200);
    if (title) {
      document.getElementById('embed-title').textContent = title;
      document.title = title;
    }
    if (greeting) {
      var greetingBox = document.getElementById('embed-greeting');
      greetingBox.textContent = greeting;
      greetingBox.hidden = false;
    }
    document.documentElement.style.setProperty('--embed-accent', accent);
  }

  var styleOptions = {
    accent: accent,
    sendTimeout: SEND_TIMEOUT_MS,
    primaryFont: '-apple-system, BlinkMacSystemFont, "SF Pro Text", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    backgroundColor: '#ffffff',
    paddingRegular: 12,

    bubbleBackground: '#f2f2f7',
    bubbleTextColor: '#1d1d1f',
    bubbleBorderWidth: 0,
    bubbleBorderRadius: 18,
    bubbleNubSize: 0,
    bubbleFromUserBackground: accent,
    bubbleFromUserTextColor: '#ffffff',
    bubbleFromUserBorderWidth: 0,
    bubbleFromUserBorderRadius: 18,
    bubbleFromUserNubSize: 0,
    bubbleMaxWidth: 560,

    botAvatarInitials: 'iC',
    botAvatarBackgroundColor: accent,
    avatarSize: 36,

    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: accent,
    suggestedActionBorderWidth: 1,
    suggestedActionBorderRadius: 16,
    suggestedActionTextColor: accent,
    suggestedActionHeight: 36,

    sendBoxBackground: '#ffffff',
    sendBoxTextColor: '#1d1d1f',
    sendBoxPlaceholderColor: '#6e6e73',
    sendBoxButtonColor: accent,
    sendBoxBorderTop: 'solid 1px #d2d2d7',
    sendBoxHeight: 52,

    // Screenshots of the error (PNG / JPEG) are read by the bot.
    hideUploadButton: false,
    disableFileUpload: false,
    uploadAccept: 'image/png,image/jpeg',
    timestampColor: '#6e6e73',
    rootHeight: '100%',
    rootWidth: '100%'
  };

  function fetchToken() {
    return fetch('/api/directline/token', { method: 'POST', headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(
      function (response) {
        if (!response.ok) throw new Error('token request failed: ' + response.status);
        return response.json();
      }
    );
  }

  function start() {
    if (!window.WebChat) {
      showError('The chat could not be loaded. Please reload the page.');
      return;
    }
    fetchToken()
      .then(function (session) {
        var directLine = window.WebChat.createDirectLine({ token: session.token, domain: session.domain, webSocket: true });
        directLine.postActivity = resilientPost(directLine);
        var store = window.WebChat.createStore();
        var wasOpen = false;
        streamListeners.push(function (open) {
          if (open) {
            if (wasOpen || statusBox.getAttribute('data-state') === 'reconnecting') {
              statusBox.setAttribute('data-state', 'online');
              setStatus('');
              // Web Chat's own connectivity notice, back to connected.
              store.dispatch({ type: 'WEB_CHAT/SET_NOTIFICATION', payload: { id: 'connectivitystatus', level: 'success', message: 'connected' } });
            }
            wasOpen = true;
          } else if (wasOpen) {
            wasOpen = false;
            statusBox.setAttribute('data-state', 'reconnecting');
            setStatus('Reconnecting to the assistant… A message you send now is delivered when it is back, or marked "Send failed" with a Retry.');
            store.dispatch({ type: 'WEB_CHAT/SET_NOTIFICATION', payload: { id: 'connectivitystatus', level: 'info', message: 'reconnecting' } });
          }
        });
        directLine.connectionStatus$.subscribe(function (status) {
          if (status === CONNECTION_ONLINE) {
            if (statusBox.getAttribute('data-state') !== 'reconnecting') setStatus('');
            hideError();
          } else if (status === CONNECTION_FAILED) {
            showError("We couldn't reach the support assistant. Please check your internet connection and try again.");
          } else if (status === CONNECTION_EXPIRED) {
            showError('Your chat session has expired. Please start a new one.');
          }
        });
        // No userID: Web Chat reads the user from the token (ids starting with dl_ must come from the token).
        window.WebChat.renderWebChat(
          {
            directLine: directLine,
            store: store,
            username: 'You',
            locale: document.documentElement.lang === 'en' ? 'en-US' : document.documentElement.lang,
            styleOptions: styleOptions
          },
          container
        );
      })
      .catch(function () {
        showError("We couldn't reach the support assistant right now. Please try again in a moment.");
      });
  }

  start();
})();

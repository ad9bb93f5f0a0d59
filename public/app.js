/* Support page: gets a Direct Line token from this server and renders Web Chat (loaded from /webchat.js). */
(function () {
  'use strict';

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

  var styleOptions = {
    accent: '#0066cc',
    primaryFont: '-apple-system, BlinkMacSystemFont, "SF Pro Text", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    backgroundColor: '#ffffff',
    paddingRegular: 12,

    bubbleBackground: '#f2f2f7',
    bubbleTextColor: '#1d1d1f',
    bubbleBorderWidth: 0,
    bubbleBorderRadius: 18,
    bubbleNubSize: 0,
    bubbleFromUserBackground: '#0066cc',
    bubbleFromUserTextColor: '#ffffff',
    bubbleFromUserBorderWidth: 0,
    bubbleFromUserBorderRadius: 18,
    bubbleFromUserNubSize: 0,
    bubbleMaxWidth: 560,

    botAvatarInitials: 'iC',
    botAvatarBackgroundColor: '#0066cc',
    avatarSize: 36,

    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: '#0066cc',
    suggestedActionBorderWidth: 1,
    suggestedActionBorderRadius: 16,
    suggestedActionTextColor: '#0066cc',
    suggestedActionHeight: 36,

    sendBoxBackground: '#ffffff',
    sendBoxTextColor: '#1d1d1f',
    sendBoxPlaceholderColor: '#6e6e73',
    sendBoxButtonColor: '#0066cc',
    sendBoxBorderTop: 'solid 1px #d2d2d7',
    sendBoxHeight: 52,

    hideUploadButton: true,
    disableFileUpload: true,
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
        directLine.connectionStatus$.subscribe(function (status) {
          if (status === CONNECTION_ONLINE) {
            setStatus('');
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

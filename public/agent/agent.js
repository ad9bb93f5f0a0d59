/*
 * Agent console: sign in with the agent key, see who is waiting and what the bot learned, accept, chat, end.
 * Polls /agent/api every 1.5 s (simple and robust behind any proxy). Everything from the server is shown with
 * textContent, never as HTML.
 */
(function () {
  'use strict';

  var POLL_MS = 1500;
  var TOKEN_KEY = 'agentConsoleToken';

  var $ = function (id) {
    return document.getElementById(id);
  };

  var state = {
    token: sessionStorage.getItem(TOKEN_KEY),
    me: null,
    selected: null,
    detailSignature: '',
    messagesSignature: '',
    timer: null,
    polling: false
  };

  // ---- HTTP -----------------------------------------------------------------------------------------------

  function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch('/agent/api' + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin'
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try {
          data = text ? JSON.parse(text) : null;
        } catch (e) {
          data = null;
        }
        if (response.status === 401 && path !== '/sign-in') signedOut();
        if (!response.ok) {
          var error = new Error((data && data.error && data.error.message) || 'Request failed (' + response.status + ')');
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  // ---- sign in / out --------------------------------------------------------------------------------------

  function showSignIn(message) {
    $('sign-in').hidden = false;
    $('desk').hidden = true;
    $('whoami').hidden = true;
    var error = $('sign-in-error');
    error.hidden = !message;
    error.textContent = message || '';
  }

  function signedOut() {
    state.token = null;
    state.me = null;
    state.selected = null;
    sessionStorage.removeItem(TOKEN_KEY);
    stopPolling();
    showSignIn('Your session has ended. Please sign in again.');
  }

  $('sign-in-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var key = $('agent-key').value;
    var name = $('agent-name').value.trim();
    if (!key || !name) {
      showSignIn('Enter the agent key and your name.');
      return;
    }
    api('POST', '/sign-in', { key: key, name: name })
      .then(function (session) {
        state.token = session.token;
        sessionStorage.setItem(TOKEN_KEY, session.token);
        $('agent-key').value = '';
        startDesk();
      })
      .catch(function (error) {
        showSignIn(error.status === 401 ? 'That agent key is not right.' : error.message);
      });
  });

  $('sign-out').addEventListener('click', function () {
    api('POST', '/sign-out', {}).catch(function () {}).then(function () {
      state.token = null;
      sessionStorage.removeItem(TOKEN_KEY);
      stopPolling();
      showSignIn('');
    });
  });

  // ---- polling --------------------------------------------------------------------------------------------

  function startDesk() {
    $('sign-in').hidden = true;
    $('desk').hidden = false;
    stopPolling();
    poll();
  }

  function stopPolling() {
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
  }

  function poll() {
    if (state.polling || !state.token) return;
    state.polling = true;
    var work = api('GET', '/queue').then(function (queue) {
      renderQueue(queue);
      $('connection').textContent = 'Up to date · ' + queue.agentsOnline.length + ' agent' + (queue.agentsOnline.length === 1 ? '' : 's') + ' signed in';
      if (state.selected) return api('GET', '/requests/' + encodeURIComponent(state.selected)).then(renderDetail);
    });
    work
      .catch(function (error) {
        if (error.status === 404 && state.selected) {
          state.selected = null;
          renderDetail(null);
        } else if (error.status !== 401) {
          $('connection').textContent = "Can't reach the server, retrying…";
        }
      })
      .then(function () {
        state.polling = false;
        if (state.token) state.timer = setTimeout(poll, POLL_MS);
      });
  }

  // ---- the queue ------------------------------------------------------------------------------------------

  function duration(seconds) {
    if (seconds < 60) return seconds + ' s';
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) return minutes + ' min';
    return Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
  }

  function card(summary, lines) {
    var li = document.createElement('li');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'card';
    button.setAttribute('data-id', summary.id);
    if (summary.id === state.selected) button.setAttribute('aria-current', 'true');
    var title = document.createElement('span');
    title.className = 'card__title';
    title.textContent = summary.route;
    button.appendChild(title);
    lines.forEach(function (line) {
      var meta = document.createElement('span');
      meta.className = 'card__meta';
      meta.textContent = line;
      button.appendChild(meta);
    });
    if (summary.state === 'waiting' && summary.toldNobodyAvailable) {
      var badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = 'Told no one was available';
      button.appendChild(badge);
    }
    button.addEventListener('click', function () {
      select(summary.id);
    });
    li.appendChild(button);
    return li;
  }

  function tried(summary) {
    var n = summary.solutionsTried.length;
    return n === 0 ? 'No solutions tried yet' : 'Tried ' + n + ' solution' + (n === 1 ? '' : 's');
  }

  function fillList(listId, countId, emptyId, items, toCard) {
    var list = $(listId);
    list.textContent = '';
    items.forEach(function (item) {
      list.appendChild(toCard(item));
    });
    $(countId).textContent = String(items.length);
    if (emptyId) $(emptyId).hidden = items.length > 0;
  }

  function renderQueue(queue) {
    state.me = queue.me;
    $('whoami').hidden = false;
    $('whoami-text').textContent = 'Signed in as ' + queue.me.name;
    fillList('waiting-list', 'waiting-count', 'waiting-empty', queue.waiting, function (s) {
      return card(s, ['Waiting ' + duration(s.waitingSeconds) + ' · ' + s.channel, tried(s)]);
    });
    var mine = queue.active.filter(function (s) {
      return s.mine;
    });
    var others = queue.active.filter(function (s) {
      return !s.mine;
    });
    fillList('mine-list', 'mine-count', 'mine-empty', mine, function (s) {
      return card(s, ['Connected ' + duration(s.waitingSeconds) + ' · ' + s.channel, s.messageCount + ' live message' + (s.messageCount === 1 ? '' : 's')]);
    });
    fillList('others-list', 'others-count', null, others, function (s) {
      return card(s, ['With ' + (s.agent ? s.agent.name : 'another agent')]);
    });
    document.title = (queue.waiting.length > 0 ? '(' + queue.waiting.length + ') ' : '') + 'Agent console · iCloud Backup Help';
  }

  function select(id) {
    state.selected = id;
    state.detailSignature = '';
    state.messagesSignature = '';
    $('reply-error').hidden = true;
    document.querySelectorAll('.card').forEach(function (el) {
      if (el.getAttribute('data-id') === id) el.setAttribute('aria-current', 'true');
      else el.removeAttribute('aria-current');
    });
    api('GET', '/requests/' + encodeURIComponent(id))
      .then(renderDetail)
      .catch(function (error) {
        $('detail-note').textContent = error.message;
      });
  }

  // ---- one conversation -----------------------------------------------------------------------------------

  function line(entry, who) {
    var li = document.createElement('li');
    li.className = 'line line--' + entry.from + (entry.undelivered ? ' line--undelivered' : '');
    var label = document.createElement('span');
    label.className = 'line__who';
    label.textContent = who + ' · ' + new Date(entry.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) + (entry.undelivered ? ' · not delivered' : '');
    var text = document.createElement('span');
    // The bot writes **bold** markdown for chat clients; shown here as plain text.
    text.textContent = entry.from === 'bot' ? entry.text.replace(/\*\*([^*]+)\*\*/g, '$1') : entry.text;
    li.appendChild(label);
    li.appendChild(text);
    return li;
  }

  function renderDetail(detail) {
    if (!detail) {
      $('detail-body').hidden = true;
      $('detail-empty').hidden = false;
      return;
    }
    $('detail-empty').hidden = true;
    $('detail-body').hidden = false;
    var mine = detail.state === 'active' && detail.mine;
    $('accept').hidden = detail.state !== 'waiting';
    $('end').hidden = !mine;
    $('reply-form').hidden = !mine;

    var note = '';
    if (detail.state === 'active' && !detail.mine) note = (detail.agent ? detail.agent.name : 'Another agent') + ' is chatting with this person.';
    else if (detail.state === 'waiting') note = 'Waiting ' + duration(detail.waitingSeconds) + '. Accept to chat with this person.';
    else if (detail.state !== 'active') note = 'This conversation has ended.';
    else note = 'You are chatting with this person. They see your messages in their chat.';
    $('detail-note').textContent = note;

    var signature = detail.id + detail.state + detail.transcript.length;
    if (signature !== state.detailSignature) {
      state.detailSignature = signature;
      $('detail-route').textContent = detail.route;
      $('detail-meta').textContent = detail.channel + ' · asked for a person at ' + new Date(detail.requestedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      $('detail-reason').textContent = detail.reason;
      $('detail-ruled-out').textContent = detail.ruledOut.length ? detail.ruledOut.join(', ') : 'Nothing';
      var solutions = $('detail-solutions');
      solutions.textContent = '';
      detail.solutionsTried.forEach(function (s) {
        var li = document.createElement('li');
        li.textContent = s.title + ' ';
        var outcome = document.createElement('span');
        outcome.className = 'outcome';
        outcome.textContent = '— ' + s.outcome;
        li.appendChild(outcome);
        solutions.appendChild(li);
      });
      if (!detail.solutionsTried.length) {
        var none = document.createElement('li');
        none.textContent = 'None';
        solutions.appendChild(none);
      }
      var transcript = $('detail-transcript');
      transcript.textContent = '';
      detail.transcript.forEach(function (entry) {
        transcript.appendChild(line(entry, entry.from === 'person' ? 'Person' : 'Bot'));
      });
      // The latest turns (just before the hand-off) matter most.
      transcript.scrollTop = transcript.scrollHeight;
    }

    var messagesSignature = detail.id + ':' + detail.messages.length + ':' + detail.messages.filter(function (m) { return m.undelivered; }).length;
    if (messagesSignature !== state.messagesSignature) {
      state.messagesSignature = messagesSignature;
      var messages = $('detail-messages');
      messages.textContent = '';
      detail.messages.forEach(function (m) {
        messages.appendChild(line(m, m.from === 'person' ? 'Person' : m.agentName || 'Agent'));
      });
      if (!detail.messages.length) {
        var empty = document.createElement('li');
        empty.className = 'empty';
        empty.textContent = 'No live messages yet.';
        messages.appendChild(empty);
      }
      messages.scrollTop = messages.scrollHeight;
    }
  }

  function act(path, body, button) {
    if (!state.selected) return Promise.resolve();
    var id = state.selected;
    if (button) button.disabled = true;
    return api('POST', '/requests/' + encodeURIComponent(id) + path, body)
      .then(function (detail) {
        state.messagesSignature = '';
        renderDetail(detail);
      })
      .catch(function (error) {
        $('reply-error').hidden = false;
        $('reply-error').textContent = error.message;
        $('detail-note').textContent = error.message;
        throw error;
      })
      .finally(function () {
        if (button) button.disabled = false;
      });
  }

  $('accept').addEventListener('click', function () {
    act('/accept', {}, $('accept')).then(
      function () {
        $('reply-text').focus();
      },
      function () {}
    );
  });

  $('end').addEventListener('click', function () {
    act('/end', {}, $('end')).catch(function () {});
  });

  $('reply-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var box = $('reply-text');
    var text = box.value.trim();
    if (!text) return;
    $('reply-error').hidden = true;
    act('/messages', { text: text }, event.submitter || null).then(
      function () {
        box.value = '';
        box.focus();
      },
      function () {}
    );
  });

  $('reply-text').addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      $('reply-form').requestSubmit();
    }
  });

  if (state.token) startDesk();
  else showSignIn('');
})();

/*
 * Agent console: sign in (work account with OpenID Connect, or the shared key for local use), see who is waiting and
 * what the bot learned, accept, chat, end. The server pushes news over Server-Sent Events (/agent/api/events); the
 * page fetches what changed, never polls. EventSource reconnects by itself; while it is down the page says Offline.
 * Everything from the server is shown with textContent, never as HTML.
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'agentConsoleToken';
  var SOUND_KEY = 'agentConsoleSound';

  var $ = function (id) {
    return document.getElementById(id);
  };

  var state = {
    token: sessionStorage.getItem(TOKEN_KEY),
    mode: null,
    me: null,
    selected: null,
    detailSignature: '',
    messagesSignature: '',
    events: null,
    refreshing: false,
    refreshAgain: false,
    waitingCount: null,
    audio: null
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
        if (response.status === 401 && path !== '/sign-in' && path !== '/session') signedOut();
        if (!response.ok) {
          var error = new Error((data && data.error && data.error.message) || 'Request failed (' + response.status + ')');
          error.status = response.status;
          error.data = data;
          throw error;
        }
        return data;
      });
    });
  }

  // ---- sign in / out --------------------------------------------------------------------------------------

  function showSignIn(message) {
    var oidc = state.mode === 'oidc';
    $('sign-in-oidc').hidden = !oidc;
    $('sign-in').hidden = oidc;
    $('desk').hidden = true;
    $('whoami').hidden = true;
    var error = $(oidc ? 'sign-in-oidc-error' : 'sign-in-error');
    error.hidden = !message;
    error.textContent = message || '';
  }

  function signedOut() {
    state.token = null;
    state.me = null;
    state.selected = null;
    sessionStorage.removeItem(TOKEN_KEY);
    stopEvents();
    showSignIn('Your session has ended. Please sign in again.');
  }

  $('sign-in-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var key = $('agent-key').value;
    var name = $('agent-name').value.trim();
    if (!key || !name) {
      showSignIn('Enter the shared agent key and your name.');
      return;
    }
    api('POST', '/sign-in', { key: key, name: name })
      .then(function (session) {
        state.token = session.token;
        sessionStorage.setItem(TOKEN_KEY, session.token);
        $('agent-key').value = '';
        startDesk(session.agent);
      })
      .catch(function (error) {
        showSignIn(error.status === 401 ? 'That agent key is not right.' : error.message);
      });
  });

  $('sign-out').addEventListener('click', function () {
    api('POST', '/sign-out', {})
      .catch(function () {})
      .then(function () {
        if (state.mode === 'oidc') return fetch('/auth/sign-out', { method: 'POST', credentials: 'same-origin' }).catch(function () {});
      })
      .then(function () {
        state.token = null;
        sessionStorage.removeItem(TOKEN_KEY);
        stopEvents();
        showSignIn('');
      });
  });

  // ---- sound (off by default) -----------------------------------------------------------------------------

  $('sound').checked = localStorage.getItem(SOUND_KEY) === 'on';
  $('sound').addEventListener('change', function () {
    localStorage.setItem(SOUND_KEY, $('sound').checked ? 'on' : 'off');
    if ($('sound').checked) chime();
  });

  function chime() {
    try {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return;
      state.audio = state.audio || new Context();
      var osc = state.audio.createOscillator();
      var gain = state.audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, state.audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, state.audio.currentTime + 0.4);
      osc.connect(gain);
      gain.connect(state.audio.destination);
      osc.start();
      osc.stop(state.audio.currentTime + 0.4);
    } catch (e) {
      // No sound available: nothing else changes.
    }
  }

  // ---- push: events from the server -----------------------------------------------------------------------

  function setLive(live) {
    var el = $('live');
    el.setAttribute('data-state', live ? 'live' : 'offline');
    el.textContent = live ? 'Live' : 'Offline, reconnecting…';
  }

  function startDesk(agent) {
    state.me = agent || state.me;
    $('sign-in').hidden = true;
    $('sign-in-oidc').hidden = true;
    $('desk').hidden = false;
    $('whoami').hidden = false;
    $('shared-key-badge').hidden = state.mode !== 'shared-key';
    if (state.me) $('whoami-text').textContent = 'Signed in as ' + state.me.name;
    startEvents();
    refresh();
  }

  function startEvents() {
    stopEvents();
    setLive(false);
    var source = new EventSource('/agent/api/events');
    state.events = source;
    source.addEventListener('hello', function () {
      setLive(true);
      // Whatever changed while we were away.
      refresh();
    });
    source.addEventListener('queue', function () {
      refresh();
    });
    source.onerror = function () {
      setLive(false);
      if (source.readyState === EventSource.CLOSED) {
        // Refused (signed out or the session expired) or the server is gone: find out which.
        api('GET', '/session').then(
          function () {
            setTimeout(startEvents, 2000);
          },
          function (error) {
            if (error.status === 401) signedOut();
            else setTimeout(startEvents, 2000);
          }
        );
      }
    };
  }

  function stopEvents() {
    if (state.events) state.events.close();
    state.events = null;
  }

  /** Fetches the queue and the open conversation; news arriving meanwhile triggers one more round. */
  function refresh() {
    if (state.refreshing) {
      state.refreshAgain = true;
      return;
    }
    state.refreshing = true;
    var work = api('GET', '/queue').then(function (queue) {
      renderQueue(queue);
      $('connection').textContent = queue.agentsOnline.length + ' agent' + (queue.agentsOnline.length === 1 ? '' : 's') + ' signed in';
      if (state.selected) return api('GET', '/requests/' + encodeURIComponent(state.selected)).then(renderDetail);
    });
    work
      .catch(function (error) {
        if (error.status === 404 && state.selected) {
          state.selected = null;
          renderDetail(null);
        } else if (error.status !== 401) {
          $('connection').textContent = "Can't reach the server.";
        }
      })
      .then(function () {
        state.refreshing = false;
        if (state.refreshAgain) {
          state.refreshAgain = false;
          refresh();
        }
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
    $('shared-key-badge').hidden = state.mode !== 'shared-key';
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
    if (state.waitingCount !== null && queue.waiting.length > state.waitingCount && $('sound').checked) chime();
    state.waitingCount = queue.waiting.length;
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
    $('answers').hidden = !mine;

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

  // ---- answers at hand ------------------------------------------------------------------------------------

  function searchAnswers() {
    var q = $('answers-query').value.trim();
    api('GET', '/answers?q=' + encodeURIComponent(q))
      .then(function (result) {
        var list = $('answers-list');
        list.textContent = '';
        result.answers.forEach(function (answer) {
          var li = document.createElement('li');
          var text = document.createElement('div');
          var title = document.createElement('span');
          title.className = 'answers__title';
          title.textContent = answer.title + ' ';
          var kind = document.createElement('span');
          kind.className = 'answers__kind';
          kind.textContent = answer.kind === 'faq' ? 'FAQ' : answer.kind === 'solution' ? 'Solution' : 'Knowledge base';
          title.appendChild(kind);
          var snippet = document.createElement('span');
          snippet.className = 'answers__snippet';
          snippet.textContent = answer.text.length > 140 ? answer.text.slice(0, 140) + '…' : answer.text;
          text.appendChild(title);
          text.appendChild(snippet);
          var insert = document.createElement('button');
          insert.type = 'button';
          insert.textContent = 'Insert';
          insert.setAttribute('data-answer', answer.id);
          insert.addEventListener('click', function () {
            var box = $('reply-text');
            box.value = box.value ? box.value.replace(/\s*$/, '\n\n') + answer.text : answer.text;
            box.focus();
          });
          li.appendChild(text);
          li.appendChild(insert);
          list.appendChild(li);
        });
        if (!result.answers.length) {
          var none = document.createElement('li');
          none.textContent = 'Nothing matches; try other words.';
          list.appendChild(none);
        }
      })
      .catch(function () {});
  }

  $('answers-form').addEventListener('submit', function (event) {
    event.preventDefault();
    searchAnswers();
  });

  // ---- start ----------------------------------------------------------------------------------------------

  api('GET', '/session').then(
    function (session) {
      state.mode = session.mode;
      startDesk(session.agent);
    },
    function (error) {
      state.mode = (error.data && error.data.mode) || 'shared-key';
      if (error.data && error.data.signInUrl) $('sign-in-oidc-link').href = error.data.signInUrl;
      showSignIn('');
    }
  );
})();

/*
 * Operator dashboard: sign in with the admin key (POST /admin/api/session → a session token, kept in this tab's
 * sessionStorage; the key itself is not kept), then fetch the figures from /admin/api/summary with
 * `Authorization: Bearer <token>` and draw them. Charts are plain HTML/CSS bars and SVG.
 * User text (the training to-do list) is only ever set with textContent.
 */
(function () {
  'use strict';

  var TOKEN_STORAGE = 'adminSession';
  var DAY = 24 * 60 * 60 * 1000;
  var STATUSES = [
    { id: 'resolved', label: 'Resolved by the assistant' },
    { id: 'escalated', label: 'Sent to Apple Support' },
    { id: 'handed_off', label: 'Handed to a person' },
    { id: 'cancelled', label: 'Cancelled' },
    { id: 'abandoned', label: 'Abandoned' },
    { id: 'active', label: 'Still in progress' },
  ];

  var $ = function (id) {
    return document.getElementById(id);
  };
  var signIn = $('sign-in');
  var signInForm = $('sign-in-form');
  var signInError = $('sign-in-error');
  var keyInput = $('admin-key');
  var dashboard = $('dashboard');
  var signOut = $('sign-out');
  var fromInput = $('from');
  var toInput = $('to');
  var loadError = $('load-error');

  var period = null; // { from: ISO string, to: ISO string, label: string }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function percent(rate) {
    if (rate === null || rate === undefined) return '–';
    var value = rate * 100;
    return (value > 0 && value < 1 ? value.toFixed(1) : Math.round(value)) + '%';
  }

  function dateOnly(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function getToken() {
    try {
      return sessionStorage.getItem(TOKEN_STORAGE);
    } catch (e) {
      return null;
    }
  }

  function setToken(token) {
    try {
      if (token) sessionStorage.setItem(TOKEN_STORAGE, token);
      else sessionStorage.removeItem(TOKEN_STORAGE);
    } catch (e) {
      /* storage unavailable: the sign-in lasts as long as the page */
    }
    currentToken = token;
  }
  var currentToken = getToken();

  function showSignIn(message) {
    dashboard.hidden = true;
    signOut.hidden = true;
    signIn.hidden = false;
    signInError.hidden = !message;
    signInError.textContent = message || '';
    keyInput.focus();
  }

  function showDashboard() {
    signIn.hidden = true;
    dashboard.hidden = false;
    signOut.hidden = false;
  }

  function query() {
    return '?from=' + encodeURIComponent(period.from) + '&to=' + encodeURIComponent(period.to);
  }

  /** Resolves with the Response when it is OK, or rejects with an Error whose `status` is set. */
  function checked(res) {
    if (res.ok) return res;
    var error = new Error('HTTP ' + res.status);
    error.status = res.status;
    throw error;
  }

  /** With a key session: the Bearer token; with a work account (OpenID Connect): the HttpOnly session cookie. */
  function authorizedFetch(path) {
    var headers = currentToken ? { Authorization: 'Bearer ' + currentToken } : {};
    return fetch(path, { headers: headers, cache: 'no-store', credentials: 'same-origin' }).then(checked);
  }

  var oidcMode = false;

  function signInWith(key) {
    signInError.hidden = true;
    return fetch('/admin/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key: key }) })
      .then(checked)
      .then(function (res) {
        return res.json();
      })
      .then(function (session) {
        setToken(session.token);
        return load();
      })
      .catch(function (error) {
        if (error.status === 401) showSignIn('That key is not right. Check ADMIN_KEY and try again.');
        else if (error.status === 429) showSignIn('Too many wrong keys. Wait a minute and try again.');
        else showSignIn('Could not sign in (' + error.message + '). Try again in a moment.');
      });
  }

  function handleFailure(error) {
    if (oidcMode && !currentToken && (error.status === 401 || error.status === 403)) {
      showSignIn(error.status === 403 ? 'This account is not an admin. Ask for the admin role, or sign in with another account.' : '');
    } else if (error.status === 401) {
      setToken(null);
      showSignIn('Your sign-in has expired. Enter the admin key again.');
    } else if (error.status === 429) {
      showSignIn('Too many wrong keys. Wait a minute and try again.');
    } else {
      loadError.hidden = false;
      loadError.textContent = 'The figures could not be loaded (' + error.message + '). Try again in a moment.';
    }
  }

  function load() {
    loadError.hidden = true;
    $('period-label').textContent = 'Loading ' + period.label + '…';
    return authorizedFetch('/admin/api/summary' + query())
      .then(function (res) {
        return res.json();
      })
      .then(function (summary) {
        showDashboard();
        render(summary);
      })
      .catch(handleFailure);
  }

  function setPreset(days) {
    var to = Date.now();
    var from = to - days * DAY;
    period = { from: new Date(from).toISOString(), to: new Date(to).toISOString(), label: days === 1 ? 'the last 24 hours' : 'the last ' + days + ' days' };
    fromInput.value = dateOnly(from);
    toInput.value = dateOnly(to);
    var buttons = document.querySelectorAll('.preset');
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('aria-pressed', String(Number(buttons[i].dataset.days) === days));
  }

  // ---- rendering ----

  function render(s) {
    $('period-label').textContent =
      plural(s.conversations, 'conversation') + ' in ' + period.label +
      ' (' + s.period.from.slice(0, 16).replace('T', ' ') + ' – ' + s.period.to.slice(0, 16).replace('T', ' ') + ' UTC). ' +
      'Abandoned = no reply for ' + s.abandonAfterMinutes + ' minutes.';
    renderKpis(s);
    renderStack($('outcome-bar'), s.byStatus, s.conversations);
    renderLegend($('outcome-legend'), s.byStatus, s.conversations);
    renderTimeline($('timeline'), s.timeline);
    renderRoutes($('routes'), s.routes);
    renderTodo($('todo'), s.trainingTodo);
    if (s.csat) renderCsat(s.csat);
  }

  function csatText(f) {
    return f.score === null ? '–' : percent(f.score);
  }

  function renderCsat(c) {
    var figures = $('csat-figures');
    figures.textContent = '';
    [
      ['Overall', c.overall],
      ['The assistant', c.bot],
      ['Agents', c.agents],
    ].forEach(function (pair) {
      var card = el('div', 'kpi kpi--csat');
      card.appendChild(el('div', 'kpi__label', pair[0]));
      card.appendChild(el('div', 'kpi__value', csatText(pair[1])));
      card.appendChild(el('div', 'kpi__detail', pair[1].up + ' helped · ' + pair[1].down + " didn't"));
      figures.appendChild(card);
    });
    var table = function (title, rows, first) {
      var t = el('table', 'solutions csat-table');
      var caption = el('caption', null, title);
      t.appendChild(caption);
      var head = el('tr');
      [first, 'Helped', "Didn't help", 'Score'].forEach(function (h) {
        head.appendChild(el('th', null, h));
      });
      var thead = el('thead');
      thead.appendChild(head);
      t.appendChild(thead);
      var body = el('tbody');
      rows.forEach(function (r) {
        var tr = el('tr');
        tr.appendChild(el('td', null, r.name));
        tr.appendChild(el('td', 'num', r.up));
        tr.appendChild(el('td', 'num', r.down));
        tr.appendChild(el('td', 'num', csatText(r)));
        body.appendChild(tr);
      });
      if (!rows.length) {
        var none = el('tr');
        var td = el('td', 'empty', 'No ratings yet');
        td.colSpan = 4;
        none.appendChild(td);
        body.appendChild(none);
      }
      t.appendChild(body);
      return scrollable(t);
    };
    var agents = $('csat-agents');
    agents.textContent = '';
    agents.appendChild(table('Per agent', c.perAgent.map(function (a) { return { name: a.agentName, up: a.up, down: a.down, score: a.score }; }), 'Agent'));
    var routes = $('csat-routes');
    routes.textContent = '';
    routes.appendChild(table('Per problem', c.perRoute.map(function (r) { return { name: r.label, up: r.up, down: r.down, score: r.score }; }), 'Problem'));
    var comments = $('csat-comments');
    comments.textContent = '';
    c.comments.forEach(function (m) {
      var li = el('li', 'comment');
      var who = el('span', 'comment__who', m.subject === 'agent' ? m.agentName || 'Agent' : 'Assistant');
      who.appendChild(el('span', 'comment__score comment__score--' + m.score, m.score === 'up' ? 'helped' : "didn't help"));
      li.appendChild(who);
      li.appendChild(el('span', 'comment__text', m.comment));
      li.appendChild(el('span', 'comment__at', m.at.slice(0, 16).replace('T', ' ') + ' UTC'));
      comments.appendChild(li);
    });
    if (!c.comments.length) comments.appendChild(el('li', 'empty', 'No comments yet.'));
  }

  function renderKpis(s) {
    var box = $('kpis');
    box.textContent = '';
    var cards = [
      { label: 'Conversations', value: String(s.conversations), detail: plural(s.messages, 'message'), id: 'conversations' },
      { label: 'Containment rate', value: percent(s.rates.containment), detail: s.byStatus.resolved + ' resolved without a person', id: 'containment' },
      { label: 'Escalated to Apple Support', value: percent(s.rates.escalation), detail: plural(s.byStatus.escalated, 'conversation'), id: 'escalation' },
      { label: 'Handed to a person', value: percent(s.rates.handoff), detail: plural(s.byStatus.handed_off, 'conversation'), id: 'handoff' },
      { label: 'Abandoned', value: percent(s.rates.abandonment), detail: plural(s.byStatus.abandoned, 'conversation'), id: 'abandonment' },
    ];
    cards.forEach(function (c) {
      var card = el('div', 'kpi kpi--' + c.id);
      card.setAttribute('data-kpi', c.id);
      card.appendChild(el('div', 'kpi__label', c.label));
      card.appendChild(el('div', 'kpi__value', c.value));
      card.appendChild(el('div', 'kpi__detail', c.detail));
      box.appendChild(card);
    });
  }

  function renderStack(box, counts, total) {
    box.textContent = '';
    if (!total) {
      box.appendChild(el('div', 'stack__empty', 'No conversations'));
      return;
    }
    var summary = [];
    STATUSES.forEach(function (status) {
      var n = counts[status.id] || 0;
      if (!n) return;
      var part = el('div', 'stack__part status-' + status.id);
      part.style.width = (n / total) * 100 + '%';
      part.title = status.label + ': ' + n + ' (' + percent(n / total) + ')';
      if (n / total >= 0.08) part.textContent = percent(n / total);
      box.appendChild(part);
      summary.push(status.label + ' ' + percent(n / total));
    });
    box.setAttribute('role', 'img');
    box.setAttribute('aria-label', summary.join(', '));
  }

  function renderLegend(list, counts, total) {
    list.textContent = '';
    STATUSES.forEach(function (status) {
      var n = counts[status.id] || 0;
      var item = el('li');
      item.appendChild(el('span', 'swatch status-' + status.id));
      item.appendChild(el('span', null, status.label + ': '));
      item.appendChild(el('strong', null, n + (total ? ' (' + percent(n / total) + ')' : '')));
      list.appendChild(item);
    });
  }

  var SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, String(attrs[k]));
    });
    return node;
  }

  function renderTimeline(box, timeline) {
    box.textContent = '';
    var buckets = timeline.buckets;
    var max = buckets.reduce(function (m, b) {
      return Math.max(m, b.conversations);
    }, 0);
    if (!max) {
      box.appendChild(el('p', 'hint', 'No conversations in this period.'));
      return;
    }
    var width = 900;
    var height = 180;
    var left = 36;
    var bottom = 22;
    var plotH = height - bottom - 8;
    var step = (width - left) / buckets.length;
    var barW = Math.max(1, step * 0.75);
    var chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, class: 'timeline__svg', role: 'img' });
    chart.setAttribute('aria-label', 'Conversations per ' + timeline.unit + ', most ' + max);
    [0, max].forEach(function (v) {
      var y = 8 + plotH - (v / max) * plotH;
      chart.appendChild(svg('line', { x1: left, x2: width, y1: y, y2: y, class: 'grid' }));
      var label = svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' });
      label.textContent = String(v);
      chart.appendChild(label);
    });
    var labelEvery = Math.ceil(buckets.length / 8);
    buckets.forEach(function (b, i) {
      var x = left + i * step + (step - barW) / 2;
      var y = 8 + plotH;
      STATUSES.forEach(function (status) {
        var n = b.byStatus[status.id] || 0;
        if (!n) return;
        var h = (n / max) * plotH;
        y -= h;
        var rect = svg('rect', { x: x, y: y, width: barW, height: h, class: 'status-' + status.id });
        var tip = svg('title');
        tip.textContent = b.start.slice(0, timeline.unit === 'hour' ? 16 : 10).replace('T', ' ') + ' · ' + status.label + ': ' + n;
        rect.appendChild(tip);
        chart.appendChild(rect);
      });
      if (i % labelEvery === 0) {
        var t = svg('text', { x: left + i * step + step / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis' });
        t.textContent = timeline.unit === 'hour' ? b.start.slice(11, 16) : b.start.slice(5, 10);
        chart.appendChild(t);
      }
    });
    box.appendChild(chart);
  }

  /** Wide tables scroll sideways inside their card on narrow screens instead of widening the page. */
  function scrollable(table) {
    var wrap = el('div', 'table-scroll');
    wrap.appendChild(table);
    return wrap;
  }

  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's');
  }

  function rateBar(rate) {
    var wrap = el('div', 'rate');
    var bar = el('div', 'rate__bar');
    var fill = el('div', 'rate__fill');
    fill.style.width = rate === null ? '0%' : rate * 100 + '%';
    bar.appendChild(fill);
    wrap.appendChild(bar);
    wrap.appendChild(el('span', 'rate__text', percent(rate)));
    return wrap;
  }

  function renderRoutes(box, routes) {
    box.textContent = '';
    if (!routes.length) {
      box.appendChild(el('p', 'hint', 'No conversations in this period.'));
      return;
    }
    routes.forEach(function (r) {
      var block = el('article', 'route');
      block.setAttribute('data-route', r.route);
      var head = el('div', 'route__head');
      head.appendChild(el('h3', null, r.label));
      head.appendChild(
        el('span', 'route__meta', plural(r.conversations, 'conversation') + ' · containment ' + percent(r.rates.containment)),
      );
      block.appendChild(head);
      var stack = el('div', 'stack');
      renderStack(stack, r.byStatus, r.conversations);
      block.appendChild(stack);
      if (r.solutions.length) {
        var table = el('table', 'solutions');
        var thead = el('thead');
        var hr = el('tr');
        ['Solution', 'Offered', 'Fixed', 'Not fixed', 'Skipped', 'No answer', 'Fix rate'].forEach(function (h, i) {
          var th = el('th', i > 0 && i < 6 ? 'num' : null, h);
          th.scope = 'col';
          hr.appendChild(th);
        });
        thead.appendChild(hr);
        table.appendChild(thead);
        var tbody = el('tbody');
        r.solutions.forEach(function (s) {
          var tr = el('tr');
          tr.appendChild(el('td', null, s.title));
          [s.offered, s.fixed, s.notFixed, s.skipped, s.noAnswer].forEach(function (n) {
            tr.appendChild(el('td', 'num', n));
          });
          var cell = el('td');
          cell.appendChild(rateBar(s.fixRate));
          tr.appendChild(cell);
          tbody.appendChild(tr);
        });
        table.appendChild(tbody);
        block.appendChild(scrollable(table));
      }
      box.appendChild(block);
    });
  }

  function renderTodo(box, items) {
    box.textContent = '';
    if (!items.length) {
      box.appendChild(el('p', 'hint', 'Nothing to review: the classifier was sure of every message in this period.'));
      return;
    }
    var table = el('table', 'todo');
    var thead = el('thead');
    var hr = el('tr');
    ['Message (masked)', 'Times', 'Classified as', 'Confidence', 'Last seen (UTC)'].forEach(function (h, i) {
      var th = el('th', i === 1 ? 'num' : null, h);
      th.scope = 'col';
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    table.appendChild(thead);
    var tbody = el('tbody');
    items.forEach(function (item) {
      var tr = el('tr');
      tr.appendChild(el('td', 'todo__text', item.text));
      tr.appendChild(el('td', 'num', item.count));
      tr.appendChild(el('td', null, item.intent === item.route ? item.intent : item.intent + ' → ' + item.route));
      var cell = el('td');
      cell.appendChild(rateBar(item.confidence));
      tr.appendChild(cell);
      tr.appendChild(el('td', null, item.lastAt.slice(0, 16).replace('T', ' ')));
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    box.appendChild(scrollable(table));
  }

  // ---- events ----

  signInForm.addEventListener('submit', function (event) {
    event.preventDefault();
    var key = keyInput.value.trim();
    if (!key) return;
    keyInput.value = '';
    signInWith(key);
  });

  signOut.addEventListener('click', function () {
    setToken(null);
    if (oidcMode) fetch('/auth/sign-out', { method: 'POST', credentials: 'same-origin' }).catch(function () {}).then(function () { showSignIn(''); });
    else showSignIn('');
  });

  var presets = document.querySelectorAll('.preset');
  for (var i = 0; i < presets.length; i++) {
    presets[i].addEventListener('click', function (event) {
      setPreset(Number(event.currentTarget.dataset.days));
      load();
    });
  }

  $('period-form').addEventListener('submit', function (event) {
    event.preventDefault();
    if (!fromInput.value || !toInput.value || fromInput.value > toInput.value) {
      loadError.hidden = false;
      loadError.textContent = 'Choose a start date on or before the end date.';
      return;
    }
    // A `to` date includes that whole day (UTC) on the server.
    period = { from: fromInput.value, to: toInput.value, label: fromInput.value + ' to ' + toInput.value };
    var buttons = document.querySelectorAll('.preset');
    for (var j = 0; j < buttons.length; j++) buttons[j].setAttribute('aria-pressed', 'false');
    load();
  });

  $('export').addEventListener('click', function () {
    authorizedFetch('/admin/api/export.csv' + query())
      .then(function (res) {
        var name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '');
        return res.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var a = el('a');
          a.href = url;
          a.download = name ? name[1] : 'conversations.csv';
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(function () {
            URL.revokeObjectURL(url);
          }, 1000);
        });
      })
      .catch(handleFailure);
  });

  setPreset(7);
  fetch('/admin/api/whoami', { credentials: 'same-origin', cache: 'no-store' })
    .then(function (res) {
      return res.ok ? res.json() : { mode: 'key' };
    })
    .catch(function () {
      return { mode: 'key' };
    })
    .then(function (who) {
      oidcMode = who.mode === 'oidc';
      $('sign-in-oidc').hidden = !oidcMode;
      if (who.signInUrl) $('sign-in-oidc-link').href = who.signInUrl;
      // With work accounts the key form stays for ADMIN_KEY only when one is configured.
      signInForm.hidden = oidcMode && !who.keyAccepted;
      $('sign-in-key-hint').hidden = signInForm.hidden;
      if (currentToken || who.user) load();
      else if (who.notAdmin) showSignIn('Signed in as ' + who.notAdmin.name + '. This account is not an admin: ask for the admin role, or sign in with another account.');
      else showSignIn('');
    });
})();

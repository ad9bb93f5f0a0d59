/**
 * Operator dashboard (/admin): sign in (the admin key or a work account, see session.ts), then fetch the figures
 * from /admin/api/summary for a period and draw them. Charts are plain HTML/CSS bars and SVG. User text (the
 * training to-do list, CSAT comments) is only ever set with textContent.
 */
import type { Summary } from '../../analytics/summarize';
import { byId, onSubmit } from '../shared/dom';
import { utcMinute, plural } from '../shared/format';
import { statusOf } from '../shared/http';
import { renderCsat } from './csat';
import { renderKpis, renderLegend, renderStack } from './outcomes';
import { currentPeriod, periodQuery, setPreset, wirePeriodControls } from './period';
import { authorizedFetch, session, signInWithKey, signOut, whoami } from './session';
import { renderRoutes, renderTodo } from './tables';
import { renderTimeline } from './timeline';

const signIn = byId('sign-in');
const signInForm = byId<HTMLFormElement>('sign-in-form');
const signInError = byId('sign-in-error');
const keyInput = byId<HTMLInputElement>('admin-key');
const dashboard = byId('dashboard');
const signOutButton = byId('sign-out');
const loadError = byId('load-error');
const periodLabel = byId('period-label');

function showSignIn(message = ''): void {
  dashboard.hidden = true;
  signOutButton.hidden = true;
  signIn.hidden = false;
  signInError.hidden = !message;
  signInError.textContent = message;
  keyInput.focus();
}

function showDashboard(): void {
  signIn.hidden = true;
  dashboard.hidden = false;
  signOutButton.hidden = false;
}

function showLoadError(message: string): void {
  loadError.hidden = false;
  loadError.textContent = message;
}

/** What a failed request means for the person at the page. */
function handleFailure(error: unknown): void {
  const status = statusOf(error);
  if (session.oidc && !session.token && (status === 401 || status === 403)) {
    showSignIn(status === 403 ? 'This account is not an admin. Ask for the admin role, or sign in with another account.' : '');
  } else if (status === 401) {
    session.token = null;
    showSignIn('Your sign-in has expired. Enter the admin key again.');
  } else if (status === 429) {
    showSignIn('Too many wrong keys. Wait a minute and try again.');
  } else {
    showLoadError(`The figures could not be loaded (${(error as Error).message}). Try again in a moment.`);
  }
}

async function load(): Promise<void> {
  loadError.hidden = true;
  periodLabel.textContent = `Loading ${currentPeriod().label}…`;
  try {
    const summary = (await (await authorizedFetch(`/admin/api/summary${periodQuery()}`)).json()) as Summary;
    showDashboard();
    render(summary);
  } catch (error) {
    handleFailure(error);
  }
}

function render(s: Summary): void {
  periodLabel.textContent =
    `${plural(s.conversations, 'conversation')} in ${currentPeriod().label} (${utcMinute(s.period.from)} – ${utcMinute(s.period.to)} UTC). ` +
    `Abandoned = no reply for ${s.abandonAfterMinutes} minutes.`;
  renderKpis(byId('kpis'), s);
  renderStack(byId('outcome-bar'), s.byStatus, s.conversations);
  renderLegend(byId('outcome-legend'), s.byStatus, s.conversations);
  renderTimeline(byId('timeline'), s.timeline);
  renderRoutes(byId('routes'), s.routes);
  renderTodo(byId('todo'), s.trainingTodo);
  if (s.csat) renderCsat(s.csat, { figures: byId('csat-figures'), agents: byId('csat-agents'), routes: byId('csat-routes'), comments: byId('csat-comments') });
}

async function signInWith(key: string): Promise<void> {
  signInError.hidden = true;
  try {
    await signInWithKey(key);
  } catch (error) {
    const status = statusOf(error);
    if (status === 401) showSignIn('That key is not right. Check ADMIN_KEY and try again.');
    else if (status === 429) showSignIn('Too many wrong keys. Wait a minute and try again.');
    else showSignIn(`Could not sign in (${(error as Error).message}). Try again in a moment.`);
    return;
  }
  await load();
}

/** Downloads the period's conversations as CSV (with the session, so not a plain link). */
async function downloadCsv(): Promise<void> {
  const res = await authorizedFetch(`/admin/api/export.csv${periodQuery()}`);
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '');
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name?.[1] ?? 'conversations.csv';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function wireEvents(): void {
  onSubmit(signInForm, () => {
    const key = keyInput.value.trim();
    if (!key) return;
    keyInput.value = '';
    void signInWith(key);
  });
  signOutButton.addEventListener('click', () => void signOut().then(() => showSignIn()));
  wirePeriodControls({ load: () => void load(), invalid: () => showLoadError('Choose a start date on or before the end date.') });
  byId('export').addEventListener('click', () => void downloadCsv().catch(handleFailure));
}

/** Asks how this server signs admins in, then shows the figures (already signed in) or the sign-in form. */
async function start(): Promise<void> {
  wireEvents();
  setPreset(7);
  const who = await whoami();
  byId('sign-in-oidc').hidden = !session.oidc;
  if (who.signInUrl) byId<HTMLAnchorElement>('sign-in-oidc-link').href = who.signInUrl;
  // With work accounts the key form stays for ADMIN_KEY only when one is configured.
  signInForm.hidden = session.oidc && !who.keyAccepted;
  byId('sign-in-key-hint').hidden = signInForm.hidden;
  if (session.token || who.user) await load();
  else if (who.notAdmin) showSignIn(`Signed in as ${who.notAdmin.name}. This account is not an admin: ask for the admin role, or sign in with another account.`);
  else showSignIn();
}

void start();

/**
 * Agent console (/agent): sign in (work account with OpenID Connect, or the shared key for local use), see who is
 * waiting and what the bot learned, accept, chat, end. The server pushes news (events.ts); the page fetches what
 * changed, never polls. Everything from the server is shown with textContent, never as HTML.
 */
import type { AgentSessionView, AgentSignInView, QueueView, RequestDetail } from '../../handoff/consoleView';
import { byId, onSubmit } from '../shared/dom';
import { HttpError, statusOf } from '../shared/http';
import { api, whenSignedOut } from './api';
import { wireAnswers } from './answers';
import { wireSound } from './chime';
import { renderDetail } from './detail';
import { startEvents, stopEvents } from './events';
import { markSelected, renderQueue, showWhoami } from './queue';
import { wireReply } from './reply';
import { hidePersonTyping, personTyping, wireAgentTyping } from './typing';
import { state, tokenStore } from './state';

function showSignIn(message = ''): void {
  const oidc = state.mode === 'oidc';
  byId('sign-in-oidc').hidden = !oidc;
  byId('sign-in').hidden = oidc;
  byId('desk').hidden = true;
  byId('whoami').hidden = true;
  const error = byId(oidc ? 'sign-in-oidc-error' : 'sign-in-error');
  error.hidden = !message;
  error.textContent = message;
}

function forgetSession(): void {
  state.token = null;
  tokenStore.set(null);
  stopEvents();
}

function signedOut(): void {
  forgetSession();
  state.me = null;
  state.selected = null;
  showSignIn('Your session has ended. Please sign in again.');
}

function startDesk(agent: { id: string; name: string } | undefined): void {
  state.me = agent ?? state.me;
  byId('sign-in').hidden = true;
  byId('sign-in-oidc').hidden = true;
  byId('desk').hidden = false;
  showWhoami();
  startEvents({ news: refresh, signedOut, typing: personTyping });
  refresh();
}

let refreshing = false;
let refreshAgain = false;

/** Fetches the queue and the open conversation; news arriving meanwhile triggers one more round. */
function refresh(): void {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  void fetchDesk().finally(() => {
    refreshing = false;
    if (refreshAgain) {
      refreshAgain = false;
      refresh();
    }
  });
}

async function fetchDesk(): Promise<void> {
  try {
    renderQueue(await api<QueueView>('GET', '/queue'), select);
    if (state.selected) renderDetail(await api<RequestDetail>('GET', `/requests/${encodeURIComponent(state.selected)}`));
  } catch (error) {
    if (statusOf(error) === 404 && state.selected) {
      state.selected = null;
      renderDetail(null);
    } else if (statusOf(error) !== 401) {
      byId('connection').textContent = "Can't reach the server.";
    }
  }
}

function select(id: string): void {
  state.selected = id;
  state.detailSignature = '';
  state.messagesSignature = '';
  hidePersonTyping();
  byId('reply-error').hidden = true;
  markSelected(id);
  api<RequestDetail>('GET', `/requests/${encodeURIComponent(id)}`).then(renderDetail, (error: Error) => {
    byId('detail-note').textContent = error.message;
  });
}

async function signInWithKey(): Promise<void> {
  const key = byId<HTMLInputElement>('agent-key').value;
  const name = byId<HTMLInputElement>('agent-name').value.trim();
  if (!key || !name) return showSignIn('Enter the shared agent key and your name.');
  try {
    const session = await api<AgentSignInView>('POST', '/sign-in', { key, name });
    state.token = session.token;
    tokenStore.set(session.token);
    byId<HTMLInputElement>('agent-key').value = '';
    startDesk(session.agent);
  } catch (error) {
    showSignIn(statusOf(error) === 401 ? 'That agent key is not right.' : (error as Error).message);
  }
}

async function signOut(): Promise<void> {
  await api('POST', '/sign-out', {}).catch(() => undefined);
  if (state.mode === 'oidc') await fetch('/auth/sign-out', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
  forgetSession();
  showSignIn();
}

/** Signed in already (cookie or a token in this tab) → the desk; otherwise the sign-in this server uses. */
async function start(): Promise<void> {
  whenSignedOut(signedOut);
  onSubmit(byId<HTMLFormElement>('sign-in-form'), () => void signInWithKey());
  byId('sign-out').addEventListener('click', () => void signOut());
  wireSound();
  wireReply();
  wireAgentTyping();
  wireAnswers();
  try {
    const session = await api<AgentSessionView>('GET', '/session');
    state.mode = session.mode;
    startDesk(session.agent);
  } catch (error) {
    const data = error instanceof HttpError ? (error.data as Partial<AgentSessionView> | null) : null;
    state.mode = data?.mode ?? 'shared-key';
    if (data?.signInUrl) byId<HTMLAnchorElement>('sign-in-oidc-link').href = data.signInUrl;
    showSignIn();
  }
}

void start();

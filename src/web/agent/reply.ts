/** Accept, end, and the reply box: each posts to the open request and draws the answer. */
import type { RequestDetail } from '../../handoff/consoleView';
import { byId, onSubmit } from '../shared/dom';
import { api } from './api';
import { renderDetail } from './detail';
import { state } from './state';
import { agentSent } from './typing';

function showError(message: string): void {
  const error = byId('reply-error');
  error.hidden = false;
  error.textContent = message;
  byId('detail-note').textContent = message;
}

/** POSTs to the open request; the button stays disabled meanwhile. Resolves true when the server agreed. */
async function act(path: string, body: unknown, button: HTMLButtonElement | null): Promise<boolean> {
  if (!state.selected) return false;
  if (button) button.disabled = true;
  try {
    const detail = await api<RequestDetail>('POST', `/requests/${encodeURIComponent(state.selected)}${path}`, body);
    state.messagesSignature = '';
    renderDetail(detail);
    return true;
  } catch (error) {
    showError((error as Error).message);
    return false;
  } finally {
    if (button) button.disabled = false;
  }
}

async function send(submitter: HTMLButtonElement | null): Promise<void> {
  const box = byId<HTMLTextAreaElement>('reply-text');
  const text = box.value.trim();
  if (!text) return;
  byId('reply-error').hidden = true;
  if (!(await act('/messages', { text }, submitter))) return;
  agentSent();
  box.value = '';
  box.focus();
}

export function wireReply(): void {
  const accept = byId<HTMLButtonElement>('accept');
  const end = byId<HTMLButtonElement>('end');
  const form = byId<HTMLFormElement>('reply-form');
  accept.addEventListener('click', () => void act('/accept', {}, accept).then((ok) => ok && byId('reply-text').focus()));
  end.addEventListener('click', () => void act('/end', {}, end));
  onSubmit(form, (event) => void send(event.submitter as HTMLButtonElement | null));
  byId('reply-text').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}

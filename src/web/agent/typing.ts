/**
 * Typing, both ways, for the open conversation: while the agent types a reply, the person sees the typing indicator
 * (at most one POST …/typing every TYPING_EVERY_MS while keys are pressed; none once the box is empty or the message
 * is sent); while the person types, "The person is typing…" shows under the live chat and fades after FADE_MS.
 */
import { byId } from '../shared/dom';
import { api } from './api';
import { state } from './state';

const TYPING_EVERY_MS = 2500;
const FADE_MS = 4000;

let lastSent = 0;
let fadeTimer: ReturnType<typeof setTimeout> | undefined;

/** The agent's keystrokes in the reply box tell the person they are typing (throttled; failures are ignored). */
export function wireAgentTyping(): void {
  byId<HTMLTextAreaElement>('reply-text').addEventListener('input', (event) => {
    const box = event.target as HTMLTextAreaElement;
    const now = Date.now();
    if (!state.selected || box.value.trim() === '' || now - lastSent < TYPING_EVERY_MS) return;
    lastSent = now;
    api('POST', `/requests/${encodeURIComponent(state.selected)}/typing`, {}).catch(() => undefined);
  });
}

/** The message was sent: the next keystroke shows typing again at once. */
export function agentSent(): void {
  lastSent = 0;
}

/** A `typing` event from the server: the person of `requestId` is typing. */
export function personTyping(requestId: string): void {
  if (requestId !== state.selected) return;
  const note = byId('person-typing');
  note.hidden = false;
  clearTimeout(fadeTimer);
  fadeTimer = setTimeout(hidePersonTyping, FADE_MS);
}

/** Their message arrived, or another conversation was opened. */
export function hidePersonTyping(): void {
  clearTimeout(fadeTimer);
  byId('person-typing').hidden = true;
}

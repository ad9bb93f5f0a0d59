/** The right column: one conversation — what the bot learned, the transcript, the live chat, and what you can do. */
import type { ImageView, RequestDetail } from '../../handoff/consoleView';
import { hidePersonTyping } from './typing';
import { byId, el, fill } from '../shared/dom';
import { duration, localTime } from '../shared/format';
import { languageLabel } from './language';
import { state } from './state';

type Line = { from: string; text: string; at: string; undelivered?: boolean; image?: ImageView };

function line(entry: Line, who: string): HTMLElement {
  // The bot writes **bold** markdown for chat clients; shown here as plain text.
  const text = entry.from === 'bot' ? entry.text.replace(/\*\*([^*]+)\*\*/g, '$1') : entry.text;
  const label = `${who} · ${localTime(entry.at)}${entry.undelivered ? ' · not delivered' : ''}`;
  const image = entry.image ? thumbnail(entry.image) : null;
  return el('li', `line line--${entry.from}${entry.undelivered ? ' line--undelivered' : ''}`, null, el('span', 'line__who', label), image, el('span', null, text));
}

/** The person's image, small; a click opens it full size in a new tab (served only to signed-in agents). */
function thumbnail(image: ImageView): HTMLElement {
  const link = el('a', 'line__image');
  link.href = image.url;
  link.target = '_blank';
  link.rel = 'noopener';
  link.title = 'Open the image full size';
  const img = el('img');
  img.src = image.url;
  img.alt = 'Image the person sent';
  img.loading = 'lazy';
  link.appendChild(img);
  return link;
}

function noteFor(detail: RequestDetail): string {
  if (detail.state === 'active' && !detail.mine) return `${detail.agent ? detail.agent.name : 'Another agent'} is chatting with this person.`;
  if (detail.state === 'waiting') return `Waiting ${duration(detail.waitingSeconds)}. Accept to chat with this person.`;
  if (detail.state !== 'active') return 'This conversation has ended.';
  return 'You are chatting with this person. They see your messages in their chat.';
}

/** The buttons and forms this agent may use now. */
function showActions(detail: RequestDetail): void {
  const mine = detail.state === 'active' && detail.mine;
  byId('accept').hidden = detail.state !== 'waiting';
  byId('end').hidden = !mine;
  byId('reply-form').hidden = !mine;
  byId('answers').hidden = !mine;
}

/** What the bot learned and the transcript with it (redrawn only when they changed). */
function renderContext(detail: RequestDetail): void {
  const signature = `${detail.id}${detail.state}${detail.transcript.length}`;
  if (signature === state.detailSignature) return;
  state.detailSignature = signature;
  byId('detail-route').textContent = detail.route;
  const language = byId('detail-language');
  language.textContent = languageLabel(detail.language);
  language.setAttribute('data-language', detail.language?.code ?? 'en');
  state.selectedLanguage = detail.language ?? null;
  byId('answers-language').textContent = `In ${detail.language?.name ?? 'English'}, the person's language`;
  byId('detail-meta').textContent = `${detail.channel} · asked for a person at ${localTime(detail.requestedAt)}`;
  byId('detail-reason').textContent = detail.reason;
  byId('detail-ruled-out').textContent = detail.ruledOut.length ? detail.ruledOut.join(', ') : 'Nothing';
  const solutions = detail.solutionsTried.map((s) => el('li', null, `${s.title} `, el('span', 'outcome', `— ${s.outcome}`)));
  fill(byId('detail-solutions'), ...(solutions.length ? solutions : [el('li', null, 'None')]));
  const transcript = byId('detail-transcript');
  fill(transcript, ...detail.transcript.map((entry) => line(entry, entry.from === 'person' ? 'Person' : 'Bot')));
  // The latest turns (just before the hand-off) matter most.
  transcript.scrollTop = transcript.scrollHeight;
}

/** The live chat with the agent (redrawn only when a message came or one was not delivered). */
function renderMessages(detail: RequestDetail): void {
  const signature = `${detail.id}:${detail.state}:${detail.messages.length}:${detail.messages.filter((m) => m.undelivered).length}`;
  if (signature === state.messagesSignature) return;
  // A new message from the person ends their "typing…".
  if (state.messagesSignature.startsWith(`${detail.id}:`) && detail.messages.at(-1)?.from === 'person') hidePersonTyping();
  state.messagesSignature = signature;
  const messages = byId('detail-messages');
  const lines = detail.messages.map((m) => line(m, m.from === 'person' ? 'Person' : m.agentName || 'Agent'));
  fill(messages, ...(lines.length ? lines : [el('li', 'empty', 'No live messages yet.')]));
  messages.scrollTop = messages.scrollHeight;
}

/** Draws the conversation, or the "choose a conversation" hint for null. */
export function renderDetail(detail: RequestDetail | null): void {
  byId('detail-body').hidden = !detail;
  byId('detail-empty').hidden = Boolean(detail);
  if (!detail) return;
  showActions(detail);
  byId('detail-note').textContent = noteFor(detail);
  renderContext(detail);
  renderMessages(detail);
}

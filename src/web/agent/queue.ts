/** The left column: who is waiting, your conversations, those with other agents. */
import type { QueueView, RequestSummary } from '../../handoff/consoleView';
import { byId, el, fill } from '../shared/dom';
import { duration, plural } from '../shared/format';
import { chime, soundOn } from './chime';
import { languageBadge } from './language';
import { state } from './state';

type Select = (id: string) => void;

function card(summary: RequestSummary, lines: readonly string[], select: Select): HTMLElement {
  const button = el('button', 'card', null, el('span', 'card__title', summary.route), languageBadge(summary.language), ...lines.map((line) => el('span', 'card__meta', line)));
  button.type = 'button';
  button.setAttribute('data-id', summary.id);
  if (summary.id === state.selected) button.setAttribute('aria-current', 'true');
  if (summary.state === 'waiting' && summary.toldNobodyAvailable) button.appendChild(el('span', 'badge', 'Told no one was available'));
  button.addEventListener('click', () => select(summary.id));
  return el('li', null, null, button);
}

const tried = (s: RequestSummary): string => (s.solutionsTried.length === 0 ? 'No solutions tried yet' : `Tried ${plural(s.solutionsTried.length, 'solution')}`);

function fillList(name: string, items: readonly RequestSummary[], lines: (s: RequestSummary) => string[], select: Select): void {
  fill(byId(`${name}-list`), ...items.map((s) => card(s, lines(s), select)));
  byId(`${name}-count`).textContent = String(items.length);
  document.getElementById(`${name}-empty`)?.toggleAttribute('hidden', items.length > 0);
}

export function showWhoami(): void {
  byId('whoami').hidden = false;
  byId('shared-key-badge').hidden = state.mode !== 'shared-key';
  if (state.me) byId('whoami-text').textContent = `Signed in as ${state.me.name}`;
}

export function renderQueue(queue: QueueView, select: Select): void {
  state.me = queue.me;
  showWhoami();
  fillList('waiting', queue.waiting, (s) => [`Waiting ${duration(s.waitingSeconds)} · ${s.channel}`, tried(s)], select);
  fillList('mine', queue.active.filter((s) => s.mine), (s) => [`Connected ${duration(s.waitingSeconds)} · ${s.channel}`, plural(s.messageCount, 'live message')], select);
  fillList('others', queue.active.filter((s) => !s.mine), (s) => [`With ${s.agent ? s.agent.name : 'another agent'}`], select);
  byId('connection').textContent = `${plural(queue.agentsOnline.length, 'agent')} signed in`;
  const waiting = queue.waiting.length;
  document.title = `${waiting > 0 ? `(${waiting}) ` : ''}Agent console · iCloud Backup Help`;
  if (state.waitingCount !== null && waiting > state.waitingCount && soundOn()) chime();
  state.waitingCount = waiting;
}

/** Marks the chosen card as current. */
export function markSelected(id: string): void {
  document.querySelectorAll('.card').forEach((node) => {
    if (node.getAttribute('data-id') === id) node.setAttribute('aria-current', 'true');
    else node.removeAttribute('aria-current');
  });
}

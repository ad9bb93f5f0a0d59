/** Per problem (which fixes worked) and the training to-do list. */
import type { RouteSummary, TodoItem } from '../../analytics/summarize';
import { el, fill, row, table } from '../shared/dom';
import { plural, utcMinute } from '../shared/format';
import { percent, rateBar, scrollable } from './format';
import { renderStack } from './outcomes';

const SOLUTION_COLUMNS = ['Solution', 'Offered', 'Fixed', 'Not fixed', 'Skipped', 'No answer', 'Fix rate'];
const TODO_COLUMNS = ['Message (masked)', 'Times', 'Classified as', 'Confidence', 'Last seen (UTC)'];

export function renderRoutes(box: HTMLElement, routes: readonly RouteSummary[]): void {
  if (!routes.length) return fill(box, el('p', 'hint', 'No conversations in this period.'));
  fill(box, ...routes.map(routeBlock));
}

function routeBlock(r: RouteSummary): HTMLElement {
  const block = el('article', 'route', null, el('div', 'route__head', null, el('h3', null, r.label), el('span', 'route__meta', `${plural(r.conversations, 'conversation')} · containment ${percent(r.rates.containment)}`)));
  block.setAttribute('data-route', r.route);
  const stack = el('div', 'stack');
  renderStack(stack, r.byStatus, r.conversations);
  block.appendChild(stack);
  if (r.solutions.length) {
    const rows = r.solutions.map((s) => row(s.title, s.offered, s.fixed, s.notFixed, s.skipped, s.noAnswer, rateBar(s.fixRate)));
    block.appendChild(scrollable(table('solutions', SOLUTION_COLUMNS, rows, new Set([1, 2, 3, 4, 5]))));
  }
  return block;
}

export function renderTodo(box: HTMLElement, items: readonly TodoItem[]): void {
  if (!items.length) return fill(box, el('p', 'hint', 'Nothing to review: the classifier was sure of every message in this period.'));
  const rows = items.map((item) => {
    const tr = row(item.text, item.count, item.intent === item.route ? item.intent : `${item.intent} → ${item.route}`, rateBar(item.confidence), utcMinute(item.lastAt));
    tr.cells[0]!.className = 'todo__text';
    return tr;
  });
  fill(box, scrollable(table('todo', TODO_COLUMNS, rows, new Set([1]))));
}

/** How conversations ended: the key figures, the stacked bar and its legend. */
import type { StatusCounts, Summary } from '../../analytics/summarize';
import { el, fill } from '../shared/dom';
import { plural } from '../shared/format';
import { percent, STATUS_LABELS } from './format';

export function renderKpis(box: HTMLElement, s: Summary): void {
  const cards = [
    { id: 'conversations', label: 'Conversations', value: String(s.conversations), detail: plural(s.messages, 'message') },
    { id: 'containment', label: 'Containment rate', value: percent(s.rates.containment), detail: `${s.byStatus.resolved} resolved without a person` },
    { id: 'escalation', label: 'Escalated to Apple Support', value: percent(s.rates.escalation), detail: plural(s.byStatus.escalated, 'conversation') },
    { id: 'handoff', label: 'Handed to a person', value: percent(s.rates.handoff), detail: plural(s.byStatus.handed_off, 'conversation') },
    { id: 'abandonment', label: 'Abandoned', value: percent(s.rates.abandonment), detail: plural(s.byStatus.abandoned, 'conversation') },
  ];
  fill(
    box,
    ...cards.map((c) => {
      const card = kpiCard(`kpi kpi--${c.id}`, c.label, c.value, c.detail);
      card.setAttribute('data-kpi', c.id);
      return card;
    }),
  );
}

export function kpiCard(className: string, label: string, value: string, detail: string): HTMLElement {
  return el('div', className, null, el('div', 'kpi__label', label), el('div', 'kpi__value', value), el('div', 'kpi__detail', detail));
}

/** One bar split by outcome; parts of 8 % or more carry their percentage. */
export function renderStack(box: HTMLElement, counts: StatusCounts, total: number): void {
  box.textContent = '';
  if (!total) {
    box.appendChild(el('div', 'stack__empty', 'No conversations'));
    return;
  }
  const summary: string[] = [];
  for (const [id, label] of STATUS_LABELS) {
    const n = counts[id] || 0;
    if (!n) continue;
    const part = el('div', `stack__part status-${id}`, n / total >= 0.08 ? percent(n / total) : null);
    part.style.width = `${(n / total) * 100}%`;
    part.title = `${label}: ${n} (${percent(n / total)})`;
    box.appendChild(part);
    summary.push(`${label} ${percent(n / total)}`);
  }
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', summary.join(', '));
}

export function renderLegend(list: HTMLElement, counts: StatusCounts, total: number): void {
  fill(
    list,
    ...STATUS_LABELS.map(([id, label]) => {
      const n = counts[id] || 0;
      return el('li', null, null, el('span', `swatch status-${id}`), el('span', null, `${label}: `), el('strong', null, `${n}${total ? ` (${percent(n / total)})` : ''}`));
    }),
  );
}

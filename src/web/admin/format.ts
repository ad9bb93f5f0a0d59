/** What the dashboard shows for a rate or a share, and the outcome list — the same as `npm run report`. */
import { el } from '../shared/dom';
export { percent, STATUS_LABELS } from '../../analytics/formatReport';
import { percent } from '../../analytics/formatReport';

/** A bar filled to `rate` with its percentage beside it. */
export function rateBar(rate: number | null): HTMLElement {
  const fill = el('div', 'rate__fill');
  fill.style.width = rate === null ? '0%' : `${rate * 100}%`;
  return el('div', 'rate', null, el('div', 'rate__bar', null, fill), el('span', 'rate__text', percent(rate)));
}

/** Wide tables scroll sideways inside their card on narrow screens instead of widening the page. */
export function scrollable(table: HTMLTableElement): HTMLElement {
  return el('div', 'table-scroll', null, table);
}

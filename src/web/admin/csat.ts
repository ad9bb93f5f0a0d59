/** Satisfaction (CSAT): overall, the assistant vs the agents, per agent and per problem, and the comments. */
import type { CsatComment, CsatFigures, CsatSummary } from '../../analytics/csat';
import { el, fill, row, table } from '../shared/dom';
import { utcMinute } from '../shared/format';
import { percent, scrollable } from './format';
import { kpiCard } from './outcomes';

const score = (f: CsatFigures): string => (f.score === null ? '–' : percent(f.score));

export function renderCsat(c: CsatSummary, boxes: { figures: HTMLElement; agents: HTMLElement; routes: HTMLElement; comments: HTMLElement }): void {
  const cards: [string, CsatFigures][] = [
    ['Overall', c.overall],
    ['The assistant', c.bot],
    ['Agents', c.agents],
  ];
  fill(boxes.figures, ...cards.map(([label, f]) => kpiCard('kpi kpi--csat', label, score(f), `${f.up} helped · ${f.down} didn't`)));
  fill(boxes.agents, csatTable('Per agent', 'Agent', c.perAgent.map((a) => ({ ...a, name: a.agentName }))));
  fill(boxes.routes, csatTable('Per problem', 'Problem', c.perRoute.map((r) => ({ ...r, name: r.label }))));
  fill(boxes.comments, ...(c.comments.length ? c.comments.map(comment) : [el('li', 'empty', 'No comments yet.')]));
}

function csatTable(caption: string, first: string, rows: readonly (CsatFigures & { name: string })[]): HTMLElement {
  const body = rows.map((r) => row(r.name, r.up, r.down, score(r)));
  body.forEach((tr) => (tr.cells[3]!.className = 'num'));
  if (!rows.length) {
    const none = el('td', 'empty', 'No ratings yet');
    none.colSpan = 4;
    body.push(el('tr', null, null, none));
  }
  return scrollable(table('solutions csat-table', [first, 'Helped', "Didn't help", 'Score'], body, new Set(), caption));
}

function comment(m: CsatComment): HTMLElement {
  const who = el('span', 'comment__who', m.subject === 'agent' ? m.agentName || 'Agent' : 'Assistant', el('span', `comment__score comment__score--${m.score}`, m.score === 'up' ? 'helped' : "didn't help"));
  return el('li', 'comment', null, who, el('span', 'comment__text', m.comment), el('span', 'comment__at', `${utcMinute(m.at)} UTC`));
}

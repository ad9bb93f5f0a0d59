/** Conversations over time: an SVG bar per hour or day, stacked by outcome. */
import type { Summary, TimeBucket } from '../../analytics/summarize';
import { el, svg } from '../shared/dom';
import { STATUS_LABELS } from './format';

const WIDTH = 900;
const HEIGHT = 180;
const LEFT = 36;
const BOTTOM = 22;
const TOP = 8;
const PLOT_HEIGHT = HEIGHT - BOTTOM - TOP;

type Timeline = Summary['timeline'];

export function renderTimeline(box: HTMLElement, timeline: Timeline): void {
  box.textContent = '';
  const max = timeline.buckets.reduce((m, b) => Math.max(m, b.conversations), 0);
  if (!max) {
    box.appendChild(el('p', 'hint', 'No conversations in this period.'));
    return;
  }
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'timeline__svg', role: 'img', 'aria-label': `Conversations per ${timeline.unit}, most ${max}` });
  for (const value of [0, max]) {
    const y = TOP + PLOT_HEIGHT - (value / max) * PLOT_HEIGHT;
    chart.appendChild(svg('line', { x1: LEFT, x2: WIDTH, y1: y, y2: y, class: 'grid' }));
    chart.appendChild(svg('text', { x: LEFT - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, String(value)));
  }
  const step = (WIDTH - LEFT) / timeline.buckets.length;
  const labelEvery = Math.ceil(timeline.buckets.length / 8);
  timeline.buckets.forEach((bucket, i) => {
    drawBucket(chart, bucket, timeline.unit, { x: LEFT + i * step, step, max });
    if (i % labelEvery === 0) {
      const label = timeline.unit === 'hour' ? bucket.start.slice(11, 16) : bucket.start.slice(5, 10);
      chart.appendChild(svg('text', { x: LEFT + i * step + step / 2, y: HEIGHT - 6, 'text-anchor': 'middle', class: 'axis' }, label));
    }
  });
  box.appendChild(chart);
}

/** One bucket's bar: a rect per outcome, stacked from the bottom, each with a tooltip. */
function drawBucket(chart: SVGSVGElement, bucket: TimeBucket, unit: Timeline['unit'], at: { x: number; step: number; max: number }): void {
  const barWidth = Math.max(1, at.step * 0.75);
  const x = at.x + (at.step - barWidth) / 2;
  let y = TOP + PLOT_HEIGHT;
  const when = bucket.start.slice(0, unit === 'hour' ? 16 : 10).replace('T', ' ');
  for (const [id, label] of STATUS_LABELS) {
    const n = bucket.byStatus[id] || 0;
    if (!n) continue;
    const height = (n / at.max) * PLOT_HEIGHT;
    y -= height;
    const rect = svg('rect', { x, y, width: barWidth, height, class: `status-${id}` });
    rect.appendChild(svg('title', {}, `${when} · ${label}: ${n}`));
    chart.appendChild(rect);
  }
}

/** The figures of a Summary as plain text for the terminal (`npm run report`): the same numbers as /admin. */
import { formatCsat } from './csat';
import type { Rates, StatusCounts, Summary } from './summarize';
import type { ConversationStatus } from './types';

/** How a conversation ended, in the order reports and /admin show it (the page imports this list). */
export const STATUS_LABELS: ReadonlyArray<[ConversationStatus, string]> = [
  ['resolved', 'Resolved by the assistant'],
  ['escalated', 'Sent to Apple Support'],
  ['handed_off', 'Handed to a person'],
  ['cancelled', 'Cancelled'],
  ['abandoned', 'Abandoned'],
  ['active', 'Still in progress'],
];

export function percent(rate: number | null): string {
  if (rate === null) return '–';
  const value = rate * 100;
  return `${value > 0 && value < 1 ? value.toFixed(1) : Math.round(value)}%`;
}

/** A bar of `width` cells for a share 0..1. */
function bar(rate: number | null, width = 20): string {
  const filled = rate === null ? 0 : Math.round(Math.max(0, Math.min(1, rate)) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

function table(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) =>
    r
      .map((cell, c) => {
        const pad = ' '.repeat(widths[c]! - [...cell].length);
        return rightAligned.has(c) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

function ratesLine(rates: Rates): string {
  return `containment ${percent(rates.containment)} · escalation ${percent(rates.escalation)} · hand-off ${percent(rates.handoff)} · abandonment ${percent(rates.abandonment)}`;
}

function statusRows(counts: StatusCounts, total: number): string[][] {
  return STATUS_LABELS.map(([id, label]) => {
    const share = total > 0 ? counts[id] / total : null;
    return [label, String(counts[id]), percent(share), bar(share)];
  });
}

export function formatReport(s: Summary): string {
  const out: string[] = [];
  out.push(`iCloud Backup Help — conversations from ${s.period.from.slice(0, 16).replace('T', ' ')} to ${s.period.to.slice(0, 16).replace('T', ' ')} UTC`);
  out.push(`(abandoned = no outcome and no reply for ${s.abandonAfterMinutes} minutes; generated ${s.generatedAt.slice(0, 19).replace('T', ' ')} UTC)`);
  out.push('');
  out.push(`Conversations      ${s.conversations}   (${s.messages} messages)`);
  out.push(`Containment rate   ${percent(s.rates.containment).padStart(4)}  ${bar(s.rates.containment)}  resolved without a person`);
  out.push(`Escalation rate    ${percent(s.rates.escalation).padStart(4)}  ${bar(s.rates.escalation)}  sent to Apple Support`);
  out.push(`Hand-off rate      ${percent(s.rates.handoff).padStart(4)}  ${bar(s.rates.handoff)}  handed to a person`);
  out.push(`Abandonment rate   ${percent(s.rates.abandonment).padStart(4)}  ${bar(s.rates.abandonment)}`);
  out.push('');
  out.push('How conversations ended');
  out.push(...table([['', 'count', 'share', ''], ...statusRows(s.byStatus, s.conversations)], new Set([1, 2])).map((l) => `  ${l}`));

  for (const route of s.routes) {
    out.push('');
    out.push(`${route.label}${route.route && route.route !== route.label ? ` [${route.route}]` : ''} — ${route.conversations} conversation${route.conversations === 1 ? '' : 's'}`);
    out.push(`  ${ratesLine(route.rates)}`);
    if (route.solutions.length > 0) {
      const rows = [['solution', 'offered', 'fixed', 'not fixed', 'skipped', 'no answer', 'fix rate', '']];
      for (const sol of route.solutions) {
        rows.push([sol.title, String(sol.offered), String(sol.fixed), String(sol.notFixed), String(sol.skipped), String(sol.noAnswer), percent(sol.fixRate), bar(sol.fixRate, 10)]);
      }
      out.push(...table(rows, new Set([1, 2, 3, 4, 5, 6])).map((l) => `  ${l}`));
    }
  }

  out.push('');
  out.push('Satisfaction (CSAT: "Did I help?" / "Did <agent> help?")');
  out.push(`  overall            ${formatCsat(s.csat.overall)}`);
  out.push(`  the assistant      ${formatCsat(s.csat.bot)}`);
  out.push(`  agents             ${formatCsat(s.csat.agents)}`);
  for (const a of s.csat.perAgent) out.push(`    ${a.agentName.padEnd(16)} ${formatCsat(a)}`);
  for (const r of s.csat.perRoute) out.push(`  route ${r.label}: ${formatCsat(r)}`);
  if (s.csat.comments.length > 0) {
    out.push('  comments (masked), newest first');
    for (const c of s.csat.comments) out.push(`    ${c.score === 'up' ? '👍' : '👎'} ${c.subject === 'agent' ? (c.agentName ?? 'agent') : 'assistant'}: ${c.comment}`);
  }

  out.push('');
  out.push('Training to-do list (unsure or `none`; masked)');
  if (s.trainingTodo.length === 0) out.push('  nothing to review');
  else {
    const rows = [['times', 'confidence', 'classified as', 'message']];
    for (const t of s.trainingTodo) rows.push([String(t.count), percent(t.confidence), t.intent === t.route ? t.intent : `${t.intent} → ${t.route}`, t.text]);
    out.push(...table(rows, new Set([0, 1])).map((l) => `  ${l}`));
  }
  return `${out.join('\n')}\n`;
}

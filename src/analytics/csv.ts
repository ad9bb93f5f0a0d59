/** The CSV export: one row per conversation, with its computed status and each solution's outcome. */
import { statusOf } from './summarize';
import type { ConversationRecord } from './types';

export const CSV_HEADER = [
  'channel',
  'conversation_id',
  'started_at',
  'last_activity_at',
  'route',
  'status',
  'outcome',
  'handed_off',
  'messages',
  'solutions_offered',
  'solutions_fixed',
  'solution_outcomes',
] as const;

/** Quotes a field when needed, and defuses spreadsheet formulas (a leading = + - @ gets a leading apostrophe). */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(records: readonly ConversationRecord[], now: number, abandonAfterMs: number): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of records) {
    lines.push(
      [
        r.channelId,
        r.conversationId,
        new Date(r.startedAt).toISOString(),
        new Date(r.lastActivityAt).toISOString(),
        r.route,
        statusOf(r, now, abandonAfterMs),
        r.outcome,
        r.handedOff,
        r.messages,
        r.solutions.length,
        r.solutions.filter((s) => s.outcome === 'fixed').length,
        r.solutions.map((s) => `${s.id}:${s.outcome}`).join(' '),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

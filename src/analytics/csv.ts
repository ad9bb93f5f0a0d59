/** The CSV export: one row per conversation, with its computed status and each solution's outcome. */
import { statusOf } from './summarize';
import { conversationKey } from '../util/conversationKey';
import type { ConversationRecord, CsatRating, ExportPage } from './types';

const CSV_HEADER = [
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
  'csat_bot',
  'csat_agent',
  'csat_agent_name',
  'csat_comments',
] as const;

/** Quotes a field when needed, and defuses spreadsheet formulas (a leading = + - @ gets a leading apostrophe). */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The conversation's latest rating of the bot and of an agent (up/down), and its masked comments. */
function csatOf(ratings: readonly CsatRating[] | undefined): [string | null, string | null, string | null, string | null] {
  if (!ratings || ratings.length === 0) return [null, null, null, null];
  const bot = ratings.filter((r) => r.subject === 'bot').at(-1);
  const agent = ratings.filter((r) => r.subject === 'agent').at(-1);
  const comments = ratings.filter((r) => r.comment).map((r) => r.comment!);
  return [bot?.score ?? null, agent?.score ?? null, agent?.agentName ?? null, comments.length > 0 ? comments.join(' | ') : null];
}

export function toCsv(records: readonly ConversationRecord[], now: number, abandonAfterMs: number, ratings: readonly CsatRating[] = []): string {
  return `${CSV_HEADER.join(',')}\r\n${csvRows(records, now, abandonAfterMs, ratings)}`;
}

/** The CSV of a store's period, a page of rows at a time (each chunk ends with a line break), header first. */
export async function* csvChunks(pages: AsyncIterable<ExportPage>, now: number, abandonAfterMs: number): AsyncGenerator<string> {
  yield `${CSV_HEADER.join(',')}\r\n`;
  for await (const page of pages) if (page.records.length > 0) yield csvRows(page.records, now, abandonAfterMs, page.ratings);
}

/** The rows of `records` (no header), each ending with a line break; `ratings` may include other conversations' ratings. */
function csvRows(records: readonly ConversationRecord[], now: number, abandonAfterMs: number, ratings: readonly CsatRating[] = []): string {
  const lines: string[] = [];
  const byConversation = new Map<string, CsatRating[]>();
  for (const rating of ratings) {
    const key = conversationKey(rating);
    const list = byConversation.get(key);
    if (list) list.push(rating);
    else byConversation.set(key, [rating]);
  }
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
        ...csatOf(byConversation.get(conversationKey(r))),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return lines.length > 0 ? `${lines.join('\r\n')}\r\n` : '';
}

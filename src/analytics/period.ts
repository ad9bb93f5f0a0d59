/** The period a report covers: `from`/`to` as ISO times or YYYY-MM-DD dates (UTC; a `to` date includes that whole day). */

const DEFAULT_PERIOD_DAYS = 7;
const DAY = 24 * 60 * 60 * 1000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface Period {
  from: number;
  to: number;
}

export class PeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PeriodError';
  }
}

function parseTime(value: string, name: 'from' | 'to'): number {
  const text = value.trim();
  const ms = DATE_ONLY.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new PeriodError(`${name} must be a date (YYYY-MM-DD) or an ISO date-time, got ${JSON.stringify(value.slice(0, 40))}`);
  // "to=2025-01-31" means up to the end of that day.
  return name === 'to' && DATE_ONLY.test(text) ? ms + DAY : ms;
}

/** The period asked for; by default the last 7 days up to now. Throws PeriodError when a bound is invalid or from ≥ to. */
export function parsePeriod(input: { from?: string | null; to?: string | null }, now: number = Date.now()): Period {
  const to = input.to ? parseTime(input.to, 'to') : now;
  const from = input.from ? parseTime(input.from, 'from') : to - DEFAULT_PERIOD_DAYS * DAY;
  if (from >= to) throw new PeriodError('from must be before to');
  return { from, to };
}

/** The period the dashboard shows: a preset (last 24 hours, 7 or 30 days) or two dates from the form. */
import { byId, onSubmit } from '../shared/dom';

const DAY = 24 * 60 * 60 * 1000;

interface Period {
  /** ISO time or date (a `to` date includes that whole day, UTC, on the server). */
  from: string;
  to: string;
  label: string;
}

let period: Period = { from: '', to: '', label: '' };

export const currentPeriod = (): Period => period;

export const periodQuery = (): string => `?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;

const dateOnly = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function markPreset(days: number | null): void {
  document.querySelectorAll<HTMLElement>('.preset').forEach((button) => button.setAttribute('aria-pressed', String(Number(button.dataset.days) === days)));
}

export function setPreset(days: number): void {
  const to = Date.now();
  const from = to - days * DAY;
  period = { from: new Date(from).toISOString(), to: new Date(to).toISOString(), label: days === 1 ? 'the last 24 hours' : `the last ${days} days` };
  byId<HTMLInputElement>('from').value = dateOnly(from);
  byId<HTMLInputElement>('to').value = dateOnly(to);
  markPreset(days);
}

/** The preset buttons and the date form; `load` after a change, `invalid` for a start after the end. */
export function wirePeriodControls(on: { load: () => void; invalid: () => void }): void {
  document.querySelectorAll<HTMLElement>('.preset').forEach((button) =>
    button.addEventListener('click', () => {
      setPreset(Number(button.dataset.days));
      on.load();
    }),
  );
  onSubmit(byId<HTMLFormElement>('period-form'), () => {
    const from = byId<HTMLInputElement>('from').value;
    const to = byId<HTMLInputElement>('to').value;
    if (!from || !to || from > to) return on.invalid();
    period = { from, to, label: `${from} to ${to}` };
    markPreset(null);
    on.load();
  });
}

/**
 * Held-out evaluation of dialog acts (intents/acts/test): a reading is right when its acts are the expected ones in
 * the expected order; per act precision / recall on the first act, a confusion matrix (expected first act → read first
 * act, `unknown` included), and the count that must stay 0: a question read as not_fixed (the walk would move on).
 */
import type { ActHeldOutExample, DialogAct } from '../content/loadActs';
import { DIALOG_ACTS } from '../content/loadActs';

/** What one reader made of one held-out reply: its acts in order (empty = unknown). */
export interface ActPrediction {
  text: string;
  expected: readonly DialogAct[];
  read: ReadonlyArray<DialogAct | 'unknown'>;
}

export interface ActReport {
  n: number;
  /** Exact sequence right. */
  accuracy: number;
  /** Read as unknown (the honest "didn't understand"). */
  unknown: number;
  /** Expected a question, read as not_fixed without the question: the walk would move on. Must be 0. */
  questionAsNotFixed: ActPrediction[];
  /** Expected two acts: both read, in order. */
  multi: { n: number; right: number };
  perAct: Array<{ act: string; n: number; recall: number; precision: number }>;
  confusion: { labels: string[]; matrix: number[][] };
  wrong: ActPrediction[];
}

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export function predictActs(examples: readonly ActHeldOutExample[], read: (text: string) => ReadonlyArray<DialogAct | 'unknown'>): ActPrediction[] {
  return examples.map((ex) => ({ text: ex.text, expected: ex.acts, read: read(ex.text) }));
}

export function evaluateActs(preds: readonly ActPrediction[]): ActReport {
  const labels = [...DIALOG_ACTS, 'unknown'];
  const at = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  let right = 0;
  let unknown = 0;
  const multi = { n: 0, right: 0 };
  const wrong: ActPrediction[] = [];
  const questionAsNotFixed: ActPrediction[] = [];
  for (const p of preds) {
    const read = p.read.length === 0 ? ['unknown'] : p.read;
    const ok = same(p.expected, read);
    if (ok) right++;
    else wrong.push(p);
    if (read[0] === 'unknown') unknown++;
    if (p.expected.length > 1) {
      multi.n++;
      if (ok) multi.right++;
    }
    if (p.expected.includes('question') && !read.includes('question') && read.includes('not_fixed')) questionAsNotFixed.push(p);
    matrix[at.get(p.expected[0]!)!]![at.get(read[0]!)!]! += 1;
  }
  const perAct = DIALOG_ACTS.map((act) => {
    const i = at.get(act)!;
    const n = matrix[i]!.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, row) => a + row[i]!, 0);
    return { act, n, recall: n ? matrix[i]![i]! / n : 0, precision: predicted ? matrix[i]![i]! / predicted : 0 };
  });
  return { n: preds.length, accuracy: preds.length ? right / preds.length : 0, unknown, questionAsNotFixed, multi, perAct, confusion: { labels, matrix }, wrong };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * Readers side by side (e.g. the old reply interpreter vs the act classifier), then per act and the confusion of each.
 * `showTexts` false (a blind held-out file): figures only, no reply of the file is printed.
 */
export function formatActReports(rows: ReadonlyArray<{ name: string; report: ActReport }>, showWrong = 25, showTexts = true): string {
  const out: string[] = [];
  out.push('reader'.padEnd(44) + 'n'.padStart(5) + 'exact'.padStart(8) + 'unknown'.padStart(9) + 'two acts'.padStart(10) + '  question read as not_fixed');
  for (const { name, report: r } of rows) {
    out.push(
      name.padEnd(44) +
        String(r.n).padStart(5) +
        pct(r.accuracy).padStart(8) +
        String(r.unknown).padStart(9) +
        `${r.multi.right}/${r.multi.n}`.padStart(10) +
        `  ${r.questionAsNotFixed.length}`,
    );
  }
  out.push('', 'per act (recall on the first act):'.padEnd(34) + rows.map((r) => r.name.slice(0, 22).padStart(24)).join(''));
  for (const act of DIALOG_ACTS) {
    const cells = rows.map(({ report }) => {
      const s = report.perAct.find((p) => p.act === act)!;
      return `${pct(s.recall)} P ${pct(s.precision)}`.padStart(24);
    });
    const n = rows[0]!.report.perAct.find((p) => p.act === act)!.n;
    out.push(`  ${act} (${n})`.padEnd(34) + cells.join(''));
  }
  for (const { name, report } of rows) {
    out.push('', `confusion, ${name} (rows: expected first act, columns: read):`);
    const short = report.confusion.labels.map((l) => l.slice(0, 6));
    out.push(''.padEnd(22) + short.map((s) => s.padStart(7)).join(''));
    report.confusion.labels.forEach((label, i) => {
      if (i === report.confusion.labels.length - 1) return;
      out.push(label.padEnd(22) + report.confusion.matrix[i]!.map((c) => (c ? String(c) : '.').padStart(7)).join(''));
    });
    if (!showTexts) continue;
    if (report.questionAsNotFixed.length > 0) {
      out.push('question read as not_fixed:');
      for (const p of report.questionAsNotFixed) out.push(`  "${p.text}" → ${p.read.join(' + ')}`);
    }
    if (showWrong > 0 && report.wrong.length > 0) {
      out.push(`wrong (first ${Math.min(showWrong, report.wrong.length)} of ${report.wrong.length}):`);
      for (const p of report.wrong.slice(0, showWrong)) out.push(`  "${p.text}": expected ${p.expected.join(' + ')}, read ${p.read.length ? p.read.join(' + ') : 'unknown'}`);
    }
  }
  return out.join('\n');
}

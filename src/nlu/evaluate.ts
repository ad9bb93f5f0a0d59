/**
 * Held-out evaluation: route and intent accuracy, macro-F1, per-route precision/recall/F1, confusion matrix,
 * ruled-out precision/recall, expected calibration error, and the misclassified examples.
 */
import type { HeldOutExample } from '../content/loadIntents';
import { expectedCalibrationError } from './calibration';
import type { IntentRecognizer } from './recognizer';

export interface Prediction {
  text: string;
  expectedRoute: string;
  expectedRuledOut?: string[];
  route: string;
  intent: string;
  confidence: number;
  ruledOut: string[];
  /** Route of the classifier's top intent, before ruled-out causes are applied. */
  rawRoute: string;
  expectedTopic?: string;
  topic?: string;
  /** The held-out file (intents/test/…) it comes from. */
  file: string;
  /** Address of the page a real phrasing comes from. */
  source?: string;
}

export function predictAll(recognizer: IntentRecognizer, examples: readonly HeldOutExample[]): Prediction[] {
  return examples.map((ex) => {
    const result = recognizer.recognize(ex.text);
    const top = recognizer.model.rank(ex.text)[0];
    const rawRoute = top ? (recognizer.model.routes.get(top.intent) ?? top.intent) : 'none';
    return {
      text: ex.text,
      expectedRoute: ex.route,
      ...(ex.ruledOut ? { expectedRuledOut: ex.ruledOut } : {}),
      route: result.route,
      intent: result.intent,
      confidence: result.confidence,
      ruledOut: result.ruledOut,
      rawRoute,
      ...(ex.topic !== undefined ? { expectedTopic: ex.topic } : {}),
      ...(result.topic !== undefined ? { topic: result.topic } : {}),
      file: ex.file,
      ...(ex.source !== undefined ? { source: ex.source } : {}),
    };
  });
}

interface RouteScore {
  route: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvalReport {
  n: number;
  routeAccuracy: number;
  /** Classifier top-1 (no ruled-out rule) on the examples that expect no ruled-out cause. */
  intentAccuracy: number;
  intentN: number;
  macroF1: number;
  perRoute: RouteScore[];
  confusion: { labels: string[]; matrix: number[][] };
  ruledOut: { precision: number; recall: number; exact: number; n: number; tp: number; fp: number; fn: number };
  ece: number;
  /** Out of scope = expected route none: did the bot abstain on them (recall), and was its `none` right (precision)? */
  outOfScope: { precision: number; recall: number; expected: number; predicted: number };
  /** Per expected topic (route none examples that name one): routed to none, and with the right topic. */
  perTopic: Array<{ topic: string; n: number; routedNone: number; topicRight: number }>;
  misclassified: Prediction[];
  /** Routed to none as expected, but with another topic than the expected one (or none). */
  wrongTopic: Prediction[];
}

const safeDiv = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Route confusion matrix, per-route precision / recall / F1 and their macro-F1. */
function routeScores(preds: readonly Prediction[]): Pick<EvalReport, 'perRoute' | 'confusion' | 'macroF1'> {
  const labels = [...new Set(preds.flatMap((p) => [p.expectedRoute, p.route]))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  for (const p of preds) matrix[index.get(p.expectedRoute)!]![index.get(p.route)!]!++;
  const perRoute: RouteScore[] = labels.map((route, i) => {
    const tp = matrix[i]![i]!;
    const support = matrix[i]!.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, row) => a + row[i]!, 0);
    const precision = safeDiv(tp, predicted);
    const recall = safeDiv(tp, support);
    return { route, precision, recall, f1: safeDiv(2 * precision * recall, precision + recall), support };
  });
  const withSupport = perRoute.filter((r) => r.support > 0);
  const macroF1 = safeDiv(
    withSupport.reduce((a, r) => a + r.f1, 0),
    withSupport.length,
  );
  return { perRoute, confusion: { labels, matrix }, macroF1 };
}

/** Ruled-out causes: precision / recall over the examples that state them, and the share read exactly. */
function ruledOutScores(preds: readonly Prediction[]): EvalReport['ruledOut'] {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let exact = 0;
  const withRuledOut = preds.filter((p) => p.expectedRuledOut !== undefined);
  for (const p of withRuledOut) {
    const expected = new Set(p.expectedRuledOut);
    const got = new Set(p.ruledOut);
    for (const c of got) if (expected.has(c)) tp++;
    else fp++;
    for (const c of expected) if (!got.has(c)) fn++;
    if (expected.size === got.size && [...got].every((c) => expected.has(c))) exact++;
  }
  return { precision: safeDiv(tp, tp + fp), recall: safeDiv(tp, tp + fn), exact: safeDiv(exact, withRuledOut.length), n: withRuledOut.length, tp, fp, fn };
}

/** Out of scope (route none): precision / recall, and per expected topic. */
function outOfScopeScores(preds: readonly Prediction[]): Pick<EvalReport, 'outOfScope' | 'perTopic'> {
  const expectedNone = preds.filter((p) => p.expectedRoute === 'none');
  const predictedNone = preds.filter((p) => p.route === 'none');
  const bothNone = expectedNone.filter((p) => p.route === 'none').length;
  const topicIds = [...new Set(preds.flatMap((p) => (p.expectedTopic ? [p.expectedTopic] : [])))].sort();
  const perTopic = topicIds.map((topic) => {
    const of = preds.filter((p) => p.expectedTopic === topic);
    return { topic, n: of.length, routedNone: of.filter((p) => p.route === 'none').length, topicRight: of.filter((p) => p.route === 'none' && p.topic === topic).length };
  });
  return {
    outOfScope: { precision: safeDiv(bothNone, predictedNone.length), recall: safeDiv(bothNone, expectedNone.length), expected: expectedNone.length, predicted: predictedNone.length },
    perTopic,
  };
}

export function evaluatePredictions(preds: readonly Prediction[]): EvalReport {
  const n = preds.length;
  const correct = preds.filter((p) => p.route === p.expectedRoute).length;
  const plain = preds.filter((p) => (p.expectedRuledOut ?? []).length === 0);
  const intentCorrect = plain.filter((p) => p.rawRoute === p.expectedRoute).length;
  const { ece } = expectedCalibrationError(
    preds.map((p) => p.confidence),
    preds.map((p) => p.route === p.expectedRoute),
  );
  return {
    n,
    ...outOfScopeScores(preds),
    routeAccuracy: safeDiv(correct, n),
    intentAccuracy: safeDiv(intentCorrect, plain.length),
    intentN: plain.length,
    ...routeScores(preds),
    ruledOut: ruledOutScores(preds),
    ece,
    wrongTopic: preds.filter((p) => p.expectedTopic !== undefined && p.route === 'none' && p.expectedRoute === 'none' && p.topic !== p.expectedTopic),
    misclassified: preds.filter((p) => p.route !== p.expectedRoute || !sameSet(p.expectedRuledOut, p.ruledOut)),
  };
}

function sameSet(expected: readonly string[] | undefined, got: readonly string[]): boolean {
  if (expected === undefined) return true;
  return expected.length === got.length && expected.every((c) => got.includes(c));
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const f3 = (x: number): string => x.toFixed(3);

function formatConfusion(confusion: EvalReport['confusion']): string {
  const { labels, matrix } = confusion;
  const width = Math.max(...labels.map((l) => l.length));
  const lines = ['Confusion matrix (rows = expected route, columns = predicted route; . = 0):'];
  lines.push(`${' '.repeat(width + 4)}${labels.map((_, i) => String(i + 1).padStart(3)).join('')}`);
  labels.forEach((label, i) => {
    const cells = matrix[i]!.map((v, j) => (v === 0 ? '.' : i === j ? String(v) : `${v}*`).padStart(3)).join('');
    lines.push(`${String(i + 1).padStart(2)} ${label.padEnd(width)} ${cells}`);
  });
  lines.push('(* = misrouted)');
  return lines.join('\n');
}

export function formatReport(report: EvalReport): string {
  const lines: string[] = [];
  lines.push(`Held-out examples: ${report.n}`);
  lines.push(`Route accuracy:  ${pct(report.routeAccuracy)}  (${Math.round(report.routeAccuracy * report.n)}/${report.n})`);
  lines.push(`Intent accuracy: ${pct(report.intentAccuracy)}  (classifier top-1 without the ruled-out rule, ${report.intentN} examples expecting no ruled-out cause)`);
  lines.push(`Macro-F1 (routes): ${f3(report.macroF1)}`);
  lines.push(`ECE (confidence vs. route correct, 10 bins): ${f3(report.ece)}`);
  const o = report.outOfScope;
  lines.push(`Out of scope (expected none): precision ${f3(o.precision)}, recall ${f3(o.recall)} (${o.expected} expected, ${o.predicted} predicted)`);
  const r = report.ruledOut;
  lines.push(
    `Ruled-out on ${r.n} examples that specify it: precision ${f3(r.precision)}, recall ${f3(r.recall)}, exact set ${pct(r.exact)} (tp ${r.tp}, fp ${r.fp}, fn ${r.fn})`,
  );
  lines.push('');
  const width = Math.max(5, ...report.perRoute.map((s) => s.route.length));
  lines.push(`${'route'.padEnd(width)}  precision  recall     f1  support`);
  for (const s of report.perRoute) {
    lines.push(`${s.route.padEnd(width)}  ${f3(s.precision).padStart(9)}  ${f3(s.recall).padStart(6)}  ${f3(s.f1).padStart(5)}  ${String(s.support).padStart(7)}`);
  }
  lines.push('');
  lines.push(formatConfusion(report.confusion));
  lines.push('');
  lines.push(`Misclassified (${report.misclassified.length}):`);
  for (const p of report.misclassified) {
    const ro = p.expectedRuledOut !== undefined ? ` ruledOut expected [${p.expectedRuledOut.join(', ')}] got [${p.ruledOut.join(', ')}]` : p.ruledOut.length ? ` ruledOut [${p.ruledOut.join(', ')}]` : '';
    const topic = p.expectedTopic !== undefined || p.topic !== undefined ? ` topic expected ${p.expectedTopic ?? '-'} got ${p.topic ?? '-'}` : '';
    lines.push(`  - "${p.text}"\n      expected ${p.expectedRoute}, got ${p.route} (intent ${p.intent} ${p.confidence.toFixed(2)}, classifier top ${p.rawRoute})${ro}${topic}${p.source ? `\n      source ${p.source}` : ''}`);
  }
  if (report.wrongTopic.length > 0) {
    lines.push('');
    lines.push(`Right route (none), wrong topic (${report.wrongTopic.length}):`);
    for (const p of report.wrongTopic) lines.push(`  - "${p.text}"\n      topic expected ${p.expectedTopic}, got ${p.topic ?? '-'}`);
  }
  return lines.join('\n');
}

/** The headline numbers of several held-out sets side by side (one column per set). */
export function formatSideBySide(sets: ReadonlyArray<{ name: string; report: EvalReport }>): string {
  const rows: Array<[string, ...string[]]> = [
    ['', ...sets.map((s) => s.name)],
    ['examples', ...sets.map((s) => String(s.report.n))],
    ['route accuracy', ...sets.map((s) => `${pct(s.report.routeAccuracy)} (${Math.round(s.report.routeAccuracy * s.report.n)}/${s.report.n})`)],
    ['macro-F1 (routes)', ...sets.map((s) => f3(s.report.macroF1))],
    ['out-of-scope precision', ...sets.map((s) => `${f3(s.report.outOfScope.precision)} (${s.report.outOfScope.predicted} predicted)`)],
    ['out-of-scope recall', ...sets.map((s) => `${f3(s.report.outOfScope.recall)} (${s.report.outOfScope.expected} expected)`)],
    ['ECE', ...sets.map((s) => f3(s.report.ece))],
    ['ruled-out P / R', ...sets.map((s) => (s.report.ruledOut.n ? `${f3(s.report.ruledOut.precision)} / ${f3(s.report.ruledOut.recall)} (${s.report.ruledOut.n})` : '-'))],
  ];
  const topics = [...new Set(sets.flatMap((s) => s.report.perTopic.map((t) => t.topic)))].sort();
  for (const topic of topics) {
    rows.push([
      `topic ${topic}: none / topic`,
      ...sets.map((s) => {
        const t = s.report.perTopic.find((x) => x.topic === topic);
        return t ? `${t.routedNone}/${t.n} / ${t.topicRight}/${t.n}` : '-';
      }),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

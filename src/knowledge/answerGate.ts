/**
 * The answer gate: whether to answer the best entry, learnt instead of hand-set thresholds. A logistic regression
 * on what the fusion already knows about a question: the best entry's probability, its margin over the runner-up and
 * over "none" (log ratios), the phrasing classifier's P(none) and the best entry's `uncovered` key word (semantic.ts).
 * Its target is "the best entry is the right one" (a wrong entry first, or a question no entry answers, is not);
 * it is fitted on the tuner's out-of-fold questions (tuneFusion.ts) and its threshold is chosen on the development
 * sets (docs/knowledge.md, "How the decision is chosen").
 */

/** The gate's inputs, in this order (the first is the intercept). */
export const GATE_FEATURES = ['bias', 'best', 'logMargin', 'logOverNone', 'classifierNone', 'uncovered'] as const;

export interface AnswerGate {
  /** One weight per GATE_FEATURES entry (raw, unstandardised features). */
  weights: number[];
  /** Answer when the gate's probability that the best entry is right reaches this. */
  threshold: number;
}

/** What the gate looks at for one question. */
export interface GateEvidence {
  /** The fused probabilities of the best entry, the runner-up and "none". */
  best: number;
  second: number;
  none: number;
  /** The phrasing classifier's probability that no entry answers (before fusion). */
  classifierNone: number;
  /** The best entry's `uncovered` feature (0..1). */
  uncovered: number;
}

const FLOOR = 1e-6;
const logOf = (x: number): number => Math.log(Math.max(x, FLOOR));

export function gateFeatures(e: GateEvidence): number[] {
  return [1, e.best, logOf(e.best) - logOf(e.second), logOf(e.best) - logOf(e.none), e.classifierNone, e.uncovered];
}

/** The gate's probability that the best entry is the right answer. */
export function gateProbability(gate: Pick<AnswerGate, 'weights'>, e: GateEvidence): number {
  const z = gateFeatures(e).reduce((s, x, i) => s + x * (gate.weights[i] ?? 0), 0);
  return 1 / (1 + Math.exp(-z));
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

/** Mean and spread of each column (the intercept column keeps 0 / 1), to fit on standardised features. */
function scaling(rows: readonly number[][]): { mean: number[]; spread: number[] } {
  const d = rows[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => (j === 0 ? 0 : rows.reduce((s, r) => s + r[j]!, 0) / rows.length));
  const spread = Array.from({ length: d }, (_, j) => (j === 0 ? 1 : Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / rows.length) || 1));
  return { mean, spread };
}

/**
 * Fits the gate's weights: L2-regularised logistic regression by Newton's method on standardised features, returned
 * on the raw features. `rows` are gateFeatures of each question, `right` whether its best entry was the right one.
 */
export function fitGate(rows: readonly number[][], right: readonly boolean[], l2 = 1e-2, iterations = 30): number[] {
  const { mean, spread } = scaling(rows);
  const x = rows.map((r) => r.map((v, j) => (j === 0 ? 1 : (v - mean[j]!) / spread[j]!)));
  const d = mean.length;
  let w = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const g = w.map((v) => l2 * v);
    const h = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? l2 : 0)));
    x.forEach((row, n) => {
      const p = 1 / (1 + Math.exp(-row.reduce((s, v, j) => s + v * w[j]!, 0)));
      const r = p - (right[n] ? 1 : 0);
      for (let i = 0; i < d; i++) {
        g[i]! += r * row[i]!;
        for (let j = 0; j < d; j++) h[i]![j]! += p * (1 - p) * row[i]! * row[j]!;
      }
    });
    const step = solve(h, g);
    w = w.map((v, i) => v - step[i]!);
  }
  // Back to raw features: w·(x − mean)/spread = Σ (w/spread)·x − Σ w·mean/spread.
  const raw = w.map((v, j) => (j === 0 ? v : v / spread[j]!));
  raw[0] = w[0]! - w.reduce((s, v, j) => (j === 0 ? s : s + (v * mean[j]!) / spread[j]!), 0);
  return raw;
}

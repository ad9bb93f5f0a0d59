/**
 * Chooses the decision (answer gate threshold, "did you mean" thresholds) once the fusion's weights and the gate's
 * weights are fitted (tuneFusion.ts). Two sources of questions: the out-of-fold knowledge-base phrasings (always) and
 * the development sets (intents/test/knowledge: heldout, paraphrases, paraphrases_v2, read by `--tune`; never the
 * blind sets). Procedure (docs/knowledge.md, "How the decision is chosen"): with development questions, the most
 * right answers on them subject to ≤ DEV_BUDGET.wrong wrong answers and ≥ DEV_BUDGET.fallback fallback on their
 * unanswerable questions, ties broken by more fallbacks then by the out-of-fold value; without them, the out-of-fold
 * rule (TUNING_BUDGET with 95% confidence).
 */
import { decide, type FusionModel } from './fusion';

/**
 * Decision inputs of one question under the fitted weights (computed once; the thresholds only decide): the two best
 * entries' probabilities (`top`, best first) and indexes (`ids`), P(none), the right entry (-1: none), and for the
 * answer gate the classifier's P(none) and the two best entries' `uncovered`.
 */
export interface Fused {
  top: number[];
  ids: number[];
  none: number;
  label: number;
  classifierNone: number;
  uncovered: number[];
}

/** The Fused form of a question's probabilities (decide only looks at the two best, P(none) and the gate's evidence). */
export function fusedOf(entries: readonly number[], none: number, label: number, classifierNone = 0, uncovered: readonly number[] = []): Fused {
  const order = entries.map((p, i) => [p, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 2);
  return { top: order.map((o) => o[0]), ids: order.map((o) => o[1]), none, label, classifierNone, uncovered: order.map((o) => uncovered[o[1]] ?? 0) };
}

export interface Outcomes {
  questions: number;
  unanswered: number;
  right: number;
  wrong: number;
  clarified: number;
  falseAnswers: number;
}

export function outcomes(data: readonly Fused[], model: FusionModel): Outcomes {
  const r = { questions: 0, unanswered: 0, right: 0, wrong: 0, clarified: 0, falseAnswers: 0 };
  for (const q of data) {
    const d = decide(q.top, model, q.none, { classifierNone: q.classifierNone, uncovered: q.uncovered });
    if (q.label < 0) {
      r.unanswered++;
      if (d.kind !== 'unknown') r.falseAnswers++;
      continue;
    }
    r.questions++;
    if (d.kind === 'answer') {
      if (q.ids[d.first] === q.label) r.right++;
      else r.wrong++;
    } else if (d.kind === 'didYouMean' && (q.ids[d.first] === q.label || q.ids[d.second] === q.label)) r.clarified++;
  }
  return r;
}

/**
 * The budgets, applied to the out-of-fold questions: at most this share of answerable questions answered
 * wrongly, and of unanswered ones answered at all, each with 95% confidence (the Wilson upper bound of the
 * out-of-fold rate must be within). Within them the rule answering the most wins; only when no rule is within them
 * do the costs decide (a wrong answer costs 5, an unanswerable question answered 3).
 */
const TUNING_BUDGET = { wrong: 0.03, falseAnswers: 0.1 };

/** On the development sets (pooled): at most this share answered wrongly, at least this share of unanswerable ones falling back. */
export const DEV_BUDGET = { wrong: 0.02, fallback: 0.92 };

/** One-sided 95% Wilson upper bound of a rate of `k` in `n`. */
export function upperBound(k: number, n: number, z = 1.645): number {
  if (n === 0) return 0;
  const p = k / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return (centre + spread) / (1 + (z * z) / n);
}

/** Value of a decision rule on the out-of-fold questions: right answers (+0.3 per useful "did you mean") within the budget. */
function outOfFoldValue(o: Outcomes): number {
  const within = upperBound(o.wrong, o.questions) <= TUNING_BUDGET.wrong && upperBound(o.falseAnswers, o.unanswered) <= TUNING_BUDGET.falseAnswers;
  const useful = o.right + 0.3 * o.clarified;
  return within ? 1e6 + useful - 1e-3 * (o.wrong + o.falseAnswers) : useful - 5 * o.wrong - 3 * o.falseAnswers;
}

/** Value on the development sets: within DEV_BUDGET first, then right answers, then fallbacks (lexicographic). */
function devValue(o: Outcomes): number {
  const fallbacks = o.unanswered - o.falseAnswers;
  const within = o.wrong <= DEV_BUDGET.wrong * o.questions && fallbacks >= DEV_BUDGET.fallback * o.unanswered;
  return (within ? 1e9 : 0) + 1e4 * (o.right - 5 * (within ? 0 : o.wrong)) + 10 * fallbacks;
}

/**
 * The lowest gate threshold tried: answer only when the gate (fitted out of fold) finds the best entry more likely
 * right than not. A wrong answer costs more than the honest fallback; below 0.5 the development sets (easy: their
 * phrasings' neighbours are in the knowledge base) chose 0.45, which answered genuinely two-way questions ("it wont
 * take my password?" at Solution 3) with the first of the two instead of offering both.
 */
const GATE_FLOOR = 0.5;

/**
 * Two candidates are close when the runner-up has at least half the best one's probability: then "did you mean" offers
 * both, whatever the gate says (the out-of-fold pick of earlier rounds, fixed: on the development sets, which count
 * only answers, any "did you mean" loses to an answer, so choosing it there would remove the question altogether).
 */
const CLOSE = 0.5;

const round = (x: number): number => Math.round(x * 100) / 100;
const steps = (from: number, to: number, by: number): number[] => Array.from({ length: Math.round((to - from) / by) + 1 }, (_, i) => round(from + i * by));

/**
 * The gate's threshold and the "did you mean" thresholds (`answer` as the two best's share, `suggest`, `close`) with
 * the best value: on the development questions when there are any (out-of-fold value breaks ties), else out-of-fold.
 */
export function chooseDecision(outOfFold: readonly Fused[], dev: readonly Fused[], fitted: FusionModel & Required<Pick<FusionModel, 'gate'>>): FusionModel {
  let best: { model: FusionModel; value: number } | undefined;
  for (const threshold of steps(GATE_FLOOR, 0.9, 0.05)) {
    for (const answer of [0.6, 0.7, 0.85]) {
      for (const suggest of steps(0.1, 0.3, 0.05)) {
        for (const close of [CLOSE]) {
          const model: FusionModel = { ...fitted, answer, suggest, close, gate: { ...fitted.gate, threshold } };
          delete model.clear;
          delete model.sure;
          const cv = outOfFoldValue(outcomes(outOfFold, model));
          const value = dev.length > 0 ? devValue(outcomes(dev, model)) + cv * 1e-7 : cv;
          if (!best || value > best.value) best = { model, value };
        }
      }
    }
  }
  return best!.model;
}

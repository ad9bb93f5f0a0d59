/**
 * Fits the fusion (fusion.ts) by k-fold cross-validation on the knowledge base itself: each entry phrasing is asked
 * of an index built without its fold (so BM25 and the word vectors cannot find the phrasing itself), with and
 * without the solution in context; the `unanswered` questions are the "none" examples. The weights are fitted on
 * these out-of-fold features, then the thresholds (answer, suggest, close, clear) are chosen on them: the most right
 * answers within the budgets with 95% confidence (TUNING_BUDGET: ≤ 3% wrong, ≤ 10% of unanswered ones
 * answered). The held-out files (intents/test/knowledge/) are never read.
 */
import { fitFusion, fuse, decide, toArray, DEFAULT_FUSION, type FusionModel, type TrainingQuestion } from './fusion';
import { KnowledgeIndex } from './knowledgeIndex';
import type { KnowledgeBaseContent } from './loadKnowledge';
import { termsOf } from './terms';
import type { WordVectors } from './wordVectors';

export interface TuningReport {
  model: FusionModel;
  questions: number;
  unanswered: number;
  /** Out-of-fold results with the tuned model (the same data the thresholds were chosen on: optimistic). */
  right: number;
  wrong: number;
  clarified: number;
  falseAnswers: number;
  /** The `close` ratio ("did you mean" when an answer is near certain but shared) chosen at the chosen thresholds. */
  closeAtShipped: number;
}

interface Asked {
  text: string;
  entry: number;
  solutionId?: string;
  fold: number;
}

/**
 * The questions to ask: every phrasing with its entry's first solution as context, and, when unambiguous, without
 * context and from another solution's step too. People ask "what is my Apple ID?" at Solution 2 as well: asked only
 * from its own step, an entry of another step was never the right one in training, so "elsewhere" learnt to veto a
 * question that matches an entry word for word, and the step's entries won a "did you mean" with no word in common.
 */
function askedQuestions(content: KnowledgeBaseContent, folds: number): Asked[] {
  const solutions = [...new Set(content.entries.flatMap((e) => e.solutions ?? []))];
  const owners = new Map<string, Set<number>>();
  content.entries.forEach((entry, e) =>
    entry.questions.forEach((q) => {
      const key = termsOf(q, content.synonyms).join(' ');
      owners.set(key, (owners.get(key) ?? new Set()).add(e));
    }),
  );
  const out: Asked[] = [];
  let n = 0;
  content.entries.forEach((entry, e) =>
    entry.questions.forEach((text) => {
      const fold = n++ % folds;
      const shared = (owners.get(termsOf(text, content.synonyms).join(' '))?.size ?? 0) > 1;
      const solution = entry.solutions?.[0];
      if (!shared) out.push({ text, entry: e, fold });
      if (solution) out.push({ text, entry: e, solutionId: solution, fold });
      // Another step than the entry's own (the solutions in turn), for a phrasing that says what it asks.
      const others = solutions.filter((s) => !entry.solutions?.includes(s));
      const other = others[n % Math.max(1, others.length)];
      if (!shared && other) out.push({ text, entry: e, solutionId: other, fold });
    }),
  );
  return out;
}

function withoutFold(content: KnowledgeBaseContent, fold: number, folds: number): KnowledgeBaseContent {
  let n = 0;
  const entries = content.entries.map((entry) => ({ ...entry, questions: entry.questions.filter(() => n++ % folds !== fold) }));
  const unanswered = content.unanswered.filter((_, i) => i % folds !== fold);
  return { ...content, entries, unanswered, entry: (id) => entries.find((e) => e.id === id) };
}

/** Out-of-fold training questions (features of every entry, right entry or -1). */
function crossValidatedQuestions(content: KnowledgeBaseContent, vectors: WordVectors, folds = 5): TrainingQuestion[] {
  const asked = askedQuestions(content, folds);
  const solutions = [undefined, ...new Set(content.entries.flatMap((e) => e.solutions ?? []))];
  const data: TrainingQuestion[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const index = new KnowledgeIndex(withoutFold(content, fold, folds), undefined, { vectors });
    for (const q of asked.filter((a) => a.fold === fold)) {
      const { features, none } = index.scored(q.text, { solutionId: q.solutionId });
      if (features.length > 0) data.push({ features: features.map(toArray), none, label: q.entry });
    }
    content.unanswered.forEach((text, i) => {
      if (i % folds !== fold) return;
      // As the phrasings: without context and from two steps (so "none" keeps its share of the questions).
      const step = (k: number): string | undefined => solutions[1 + ((i + k) % (solutions.length - 1))];
      for (const solutionId of [undefined, step(0), step(1)]) {
        const { features, none } = index.scored(text, { solutionId });
        if (features.length > 0) data.push({ features: features.map(toArray), none, label: -1 });
      }
    });
  }
  return data;
}

/**
 * Out-of-fold decision inputs of one question under the fitted weights (computed once; the thresholds only decide):
 * the two best entries' probabilities (`top`, best first) and indexes (`ids`), P(none) and the right entry (-1: none).
 */
export interface Fused {
  top: number[];
  ids: number[];
  none: number;
  label: number;
}

/** The Fused form of a question's probabilities (decide only looks at the two best and at P(none)). */
export function fusedOf(entries: readonly number[], none: number, label: number): Fused {
  const order = entries.map((p, i) => [p, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 2);
  return { top: order.map((o) => o[0]), ids: order.map((o) => o[1]), none, label };
}

function outcomes(data: readonly Fused[], model: FusionModel): Omit<TuningReport, 'model' | 'closeAtShipped'> {
  const r = { questions: 0, unanswered: 0, right: 0, wrong: 0, clarified: 0, falseAnswers: 0 };
  for (const q of data) {
    const d = decide(q.top, model, q.none);
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
 * out-of-fold rate must be within: a rule at the edge on these questions is over it on new ones half the time).
 * Within them the thresholds answer the most (issue 23: top-1 with wrong ≤ 3% and fallback ≥ 90%); only when no
 * rule is within them do the costs decide (a wrong answer costs 5, an unanswerable question answered 3).
 */
export const TUNING_BUDGET = { wrong: 0.03, falseAnswers: 0.1 };

/** One-sided 95% Wilson upper bound of a rate of `k` in `n`. */
export function upperBound(k: number, n: number, z = 1.645): number {
  if (n === 0) return 0;
  const p = k / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return (centre + spread) / (1 + (z * z) / n);
}

/** Value of a decision rule on the out-of-fold questions: right answers (+0.3 per useful "did you mean") within the budget. */
function valueOf(o: Omit<TuningReport, 'model' | 'closeAtShipped'>): number {
  const within = upperBound(o.wrong, o.questions) <= TUNING_BUDGET.wrong && upperBound(o.falseAnswers, o.unanswered) <= TUNING_BUDGET.falseAnswers;
  const useful = o.right + 0.3 * o.clarified;
  return within ? 1e6 + useful - 1e-3 * (o.wrong + o.falseAnswers) : useful - 5 * o.wrong - 3 * o.falseAnswers;
}

const CLEAR_RULES: Array<FusionModel['clear']> = [undefined, ...[0.3, 0.4, 0.5, 0.6].flatMap((floor) => [5, 4, 3, 2].map((ratio) => ({ ratio, floor })))];

/** `answer`, `suggest`, `clear` (one clear winner answered below `answer`; undefined: never) and `sure` with the best value. */
export function chooseThresholds(data: readonly Fused[], fitted: FusionModel): FusionModel {
  let best: { model: FusionModel; value: number } | undefined;
  for (let answer = 0.3; answer <= 0.851; answer += 0.05) {
    for (let suggest = 0.1; suggest <= 0.351; suggest += 0.05) {
      for (const clear of CLEAR_RULES) {
        for (const sure of [false, true]) {
          const model: FusionModel = { ...fitted, answer: round(answer), suggest: round(suggest), clear, sure };
          if (!clear) delete model.clear;
          const value = valueOf(outcomes(data, model));
          if (!best || value > best.value) best = { model, value };
        }
      }
    }
  }
  return best!.model;
}

/** Fits the weights on out-of-fold features, then picks the thresholds on the same questions, within TUNING_BUDGET. */
export function tuneFusion(content: KnowledgeBaseContent, vectors: WordVectors, start: FusionModel = DEFAULT_FUSION): TuningReport {
  const data = crossValidatedQuestions(content, vectors);
  const fitted = fitFusion(data, start);
  const fusedWith = (model: FusionModel): Fused[] => data.map((q) => {
    const f = fuse(q.features, model, q.none);
    return fusedOf(f.entries, f.none, q.label);
  });
  const fused = fusedWith(fitted);
  const chosen = chooseThresholds(fused, fitted);
  let closeAtShipped: { close: number; value: number } | undefined;
  for (let close = 0.5; close <= 1.001; close += 0.05) {
    const value = valueOf(outcomes(fused, { ...chosen, close: round(close) }));
    if (!closeAtShipped || value > closeAtShipped.value) closeAtShipped = { close: round(close), value };
  }
  const model = { ...chosen, close: closeAtShipped!.close, weights: chosen.weights.map(round), noneBias: round(chosen.noneBias), noneWeight: round(chosen.noneWeight) };
  return { model, ...outcomes(fusedWith(model), model), closeAtShipped: closeAtShipped!.close };
}

const round = (x: number): number => Math.round(x * 100) / 100;

/**
 * Fits the fusion (fusion.ts) by k-fold cross-validation on the knowledge base itself: each entry phrasing is asked
 * of an index built without its fold (so BM25 and the word vectors cannot find the phrasing itself), with and
 * without the solution in context; the `unanswered` questions are the "none" examples. The weights are fitted on
 * these out-of-fold features, then the answer gate (answerGate.ts) on the same questions, then the decision's
 * thresholds are chosen (chooseDecision.ts) on the development sets the caller passes (never a blind set), or,
 * without them, out-of-fold within the budgets with 95% confidence (TUNING_BUDGET).
 */
import { fitGate, gateFeatures } from './answerGate';
import { chooseDecision, fusedOf, outcomes, type Fused, type Outcomes } from './chooseDecision';
import { fitFusion, fuse, toArray, DEFAULT_FUSION, FEATURE_NAMES, type FusionModel, type TrainingQuestion } from './fusion';
import { KnowledgeIndex } from './knowledgeIndex';
import type { KnowledgeBaseContent } from './loadKnowledge';
import { termsOf } from './terms';
import type { WordVectors } from './wordVectors';

/** Out-of-fold results with the tuned model (the same data the thresholds were chosen on: optimistic). */
export interface TuningReport extends Outcomes {
  model: FusionModel;
  /** The development questions' results with the chosen model (they chose the thresholds: optimistic), if given. */
  dev?: Outcomes;
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

/** A development question (intents/test/knowledge: never a blind set): its text, step and right entry (-1: none). */
export interface DevQuestion {
  text: string;
  solutionId?: string;
  label: number;
}

/** The development questions' features with the index of the whole knowledge base (they are not phrasings of it). */
function devQuestions(content: KnowledgeBaseContent, vectors: WordVectors, dev: readonly DevQuestion[]): TrainingQuestion[] {
  if (dev.length === 0) return [];
  const index = new KnowledgeIndex(content, undefined, { vectors });
  return dev.flatMap((q) => {
    const { features, none } = index.scored(q.text, { solutionId: q.solutionId });
    return features.length > 0 ? [{ features: features.map(toArray), none, label: q.label }] : [];
  });
}

const UNCOVERED = FEATURE_NAMES.indexOf('uncovered');

/** The questions' decision inputs under a model's weights. */
function fusedWith(data: readonly TrainingQuestion[], model: FusionModel): Fused[] {
  return data.map((q) => {
    const f = fuse(q.features, model, q.none);
    return fusedOf(f.entries, f.none, q.label, q.none, q.features.map((x) => x[UNCOVERED] ?? 0));
  });
}

/** The answer gate's weights, fitted on the out-of-fold questions: is the best entry the right one? */
function fittedGate(fused: readonly Fused[]): number[] {
  const rows = fused.map((q) => gateFeatures({ best: q.top[0] ?? 0, second: q.top[1] ?? 0, none: q.none, classifierNone: q.classifierNone, uncovered: q.uncovered[0] ?? 0 }));
  return fitGate(rows, fused.map((q) => q.label >= 0 && q.ids[0] === q.label));
}

/**
 * Fits the weights on out-of-fold features, then the answer gate on the same questions, then chooses the decision's
 * thresholds (chooseDecision.ts): on the development questions when given, else out-of-fold within TUNING_BUDGET.
 */
export function tuneFusion(content: KnowledgeBaseContent, vectors: WordVectors, start: FusionModel = DEFAULT_FUSION, dev: readonly DevQuestion[] = []): TuningReport {
  const data = crossValidatedQuestions(content, vectors);
  const fitted = fitFusion(data, start);
  const gate = { weights: fittedGate(fusedWith(data, fitted)).map(round), threshold: 0.5 };
  const rounded = { ...fitted, weights: fitted.weights.map(round), noneBias: round(fitted.noneBias), noneWeight: round(fitted.noneWeight), gate };
  const devData = devQuestions(content, vectors, dev);
  const model = chooseDecision(fusedWith(data, rounded), fusedWith(devData, rounded), rounded);
  return { model, ...outcomes(fusedWith(data, model), model), ...(dev.length > 0 ? { dev: outcomes(fusedWith(devData, model), model) } : {}) };
}

const round = (x: number): number => Math.round(x * 100) / 100;

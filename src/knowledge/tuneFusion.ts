/**
 * Fits the fusion (fusion.ts) by k-fold cross-validation on the knowledge base itself: each entry phrasing is asked
 * of an index built without its fold (so BM25 and the word vectors cannot find the phrasing itself), with and
 * without the solution in context; the `unanswered` questions are the "none" examples. The weights are fitted on
 * these out-of-fold features, then the thresholds are chosen on them: the most right answers, where a wrong answer
 * costs 5 and answering an unanswerable question 3. The held-out files (intents/test/knowledge/) are never read.
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
  /**
   * At the shipped `answer` / `suggest` thresholds (`start`'s), the `close` ratio (the "did you mean" when an answer
   * is near certain but shared) with the best value on the same out-of-fold questions.
   */
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

function outcomes(data: readonly TrainingQuestion[], model: FusionModel): Omit<TuningReport, 'model' | 'closeAtShipped'> {
  const r = { questions: 0, unanswered: 0, right: 0, wrong: 0, clarified: 0, falseAnswers: 0 };
  for (const q of data) {
    const fused = fuse(q.features, model, q.none);
    const d = decide(fused.entries, model, fused.none);
    if (q.label < 0) {
      r.unanswered++;
      if (d.kind !== 'unknown') r.falseAnswers++;
      continue;
    }
    r.questions++;
    if (d.kind === 'answer') {
      if (d.first === q.label) r.right++;
      else r.wrong++;
    } else if (d.kind === 'didYouMean' && (d.first === q.label || d.second === q.label)) r.clarified++;
  }
  return r;
}

/** Fits the weights on out-of-fold features, then picks the thresholds. */
export function tuneFusion(content: KnowledgeBaseContent, vectors: WordVectors, start: FusionModel = DEFAULT_FUSION): TuningReport {
  const data = crossValidatedQuestions(content, vectors);
  const fitted = fitFusion(data, start);
  const valueOf = (model: FusionModel): number => {
    const o = outcomes(data, model);
    return o.right + 0.3 * o.clarified - 5 * o.wrong - 3 * o.falseAnswers;
  };
  let best: { model: FusionModel; value: number } | undefined;
  for (let answer = 0.3; answer <= 0.851; answer += 0.05) {
    for (let suggest = 0.1; suggest <= 0.351; suggest += 0.05) {
      const model = { ...fitted, answer: round(answer), suggest: round(suggest) };
      const value = valueOf(model);
      if (!best || value > best.value) best = { model, value };
    }
  }
  let closeAtShipped: { close: number; value: number } | undefined;
  for (let close = 0.5; close <= 1.001; close += 0.05) {
    const value = valueOf({ ...fitted, close: round(close) });
    if (!closeAtShipped || value > closeAtShipped.value) closeAtShipped = { close: round(close), value };
  }
  const model = { ...best!.model, weights: best!.model.weights.map(round), noneBias: round(best!.model.noneBias), noneWeight: round(best!.model.noneWeight) };
  return { model, ...outcomes(data, model), closeAtShipped: closeAtShipped!.close };
}

const round = (x: number): number => Math.round(x * 100) / 100;

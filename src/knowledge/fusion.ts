/**
 * Fuses the lexical (BM25) and semantic signals into one probability per entry, plus the probability that no entry
 * answers the question, and decides: answer, "did you mean", or the honest fallback.
 *
 * Model: a conditional logit (softmax over the entries and a "none" option): score(e) = w · features(q, e),
 * score(none) = noneBias + noneWeight × the phrasing classifier's P(none), P = softmax. The weights are fitted by
 * cross-validation on the knowledge base's own phrasings and its `unanswered` questions (`npm run eval:kb -- --tune`,
 * src/knowledge/tuneFusion.ts), never on the held-out files; DEFAULT_FUSION below says how the thresholds were set.
 * Decision: answer when the best entry's probability reaches `answer`, or when it clearly wins (`clear`: a floor and
 * a ratio to the runner-up; no "did you mean");
 * "did you mean" when two entries share that much between them; otherwise the honest fallback.
 */
import { gateProbability, type AnswerGate } from './answerGate';

/** The features of one (question, entry) pair, in this order. */
export const FEATURE_NAMES = [
  'coverage', // BM25 phrasing's two-way IDF coverage of the question (0..1)
  'bm25', // BM25 score relative to the question's best (0..1)
  'soft', // soft word coverage with word vectors (0..1)
  'sentence', // SIF sentence cosine
  'softGap', // soft − the question's best soft (≤ 0)
  'sentenceGap', // sentence − the question's best sentence (≤ 0)
  'context', // the entry belongs to the solution the person is on
  'elsewhere', // the entry belongs only to other solutions while one is in context
  'named', // the entry belongs to the solution the question names
  'namedElsewhere', // the question names a solution the entry doesn't belong to
  'typeShare', // share of the entry's phrasings asking the same kind of thing (size, duration, where, …)
  'typeMiss', // the question has a kind and none of the entry's phrasings has it
  'lexicalQuery', // share of the question's (IDF-weighted) words some phrasing of the entry has (0..1)
  'softQuery', // the same, softly with word vectors (0..1)
  'classifier', // the phrasing classifier's probability of the entry (phrasingClassifier.ts)
  'uncovered', // the question's heaviest word that none of the entry's phrasings nor its answer covers (0..1, semantic.ts)
  'answerQuery', // share of the question's (IDF-weighted) terms the entry's answer text has (0..1): the weaker field
  'contained', // how much of the entry's best phrasing the question says, softly, one way (0..1, semantic.ts)
  'contextVague', // context × how vague the question is (1 / its content words): "where is that?" asks about the step
  'classifierLog', // the classifier's log-probability of the entry, from 10⁻⁴ (0) to 1 (1): graded where the probability is small
] as const;
type FeatureName = (typeof FEATURE_NAMES)[number];
export type FeatureVector = Record<FeatureName, number>;

export interface FusionModel {
  /** One weight per FEATURE_NAMES entry. */
  weights: number[];
  /** Score of the "none of these" option: noneBias + noneWeight × the classifier's probability of "none". */
  noneBias: number;
  noneWeight: number;
  /** Answer when the best entry's probability is at least this. */
  answer: number;
  /** Below `answer`: "did you mean" when the two best together reach `answer` and the second has at least this. */
  suggest: number;
  /**
   * Also "did you mean" when some entry almost surely answers (P(none) ≤ 0.1) but several share the probability
   * ("will this delete my photos?" with no step in context) and the second is at least this share of the first.
   */
  close: number;
  /**
   * One clear winner below `answer`: the best entry is answered (no "did you mean", no fallback) when its probability
   * is at least `clear.floor` and `clear.ratio` times the runner-up's (both chosen by cross-validation,
   * tuneFusion.ts). Unset: only `answer` answers.
   */
  clear?: { ratio: number; floor: number };
  /**
   * Some entry almost surely answers (P(none) ≤ 0.1) and the runner-up is not close (below `close` × the best): answer
   * the best, where the rules above would give the fallback to a question that is surely answerable ("will this delete
   * my photos?" at a step: that step's entry well ahead of the other steps' ones). Chosen by cross-validation.
   */
  sure?: boolean;
  /**
   * The learnt answer gate (answerGate.ts): when set, it decides whether to answer (`clear` and `sure` are not used),
   * except that two close candidates that "did you mean" would offer (the runner-up ≥ `close` × the best) are offered;
   * `answer`, `suggest` and `close` still decide between "did you mean" and the fallback.
   */
  gate?: AnswerGate;
  /**
   * Without the gate's evidence (a knowledge base without `unanswered` questions: no learnt "none"), the best entry is
   * answered at this probability instead of `answer`. The tuner chooses `answer` for the gate's "did you mean" (0.6
   * since stop 24), far below what the hand thresholds were set with (0.85): at 0.6 the engine tests' one-entry
   * fixture answered "if i do it will the part be gone" with its only entry. Unset: `answer`.
   */
  handAnswer?: number;
}

/**
 * Fitted by `npm run eval:kb -- --tune` (tuneFusion.ts): the weights and noneBias/noneWeight by 5-fold
 * cross-validation on dialogs/knowledge.yaml (each phrasing asked without context, at its own step and at another
 * step), the answer gate's weights on the same out-of-fold questions, and the gate threshold and "did you mean"
 * thresholds on the development sets (chooseDecision.ts: most right answers with ≤ 2% wrong and ≥ 92% fallback).
 * The last three features (branch kbrank: classifierLog, contained, contextVague) are fitted like the others since
 * stop 24 (docs/knowledge.md, "Stop 24: all branches merged"); the phrasing classifier stays words only.
 */
export const DEFAULT_FUSION: FusionModel = {
  weights: [-0.07,  2.02,  0.18,  -0.84,  1.17,  2.83,  1.23,  -0.29,  -1.46,  -3.07,  0.08,  -2.51,  0.34,  0.04,  0.65,  -3.32,  1.09,  1.14,  2.96,  9.87],
  noneBias: 6.33,
  noneWeight: 7.65,
  answer: 0.6,
  suggest: 0.25,
  close: 0.5,
  gate: { weights: [-1.07,  2.74,  0.32,  0.09,  -3.5,  -0.39], threshold: 0.5 },
  handAnswer: 0.85,
};

export function toArray(f: FeatureVector): number[] {
  return FEATURE_NAMES.map((n) => f[n]);
}

/** Probabilities of each candidate and of "none", from the candidates' feature vectors and the classifier's "none". */
export function fuse(features: ReadonlyArray<readonly number[]>, model: FusionModel, noneFeature = 0): { entries: number[]; none: number } {
  const scores = features.map((f) => f.reduce((s, x, i) => s + x * (model.weights[i] ?? 0), 0));
  const noneScore = model.noneBias + model.noneWeight * noneFeature;
  const max = Math.max(noneScore, ...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const none = Math.exp(noneScore - max);
  const sum = exps.reduce((a, b) => a + b, none);
  return { entries: exps.map((e) => e / sum), none: none / sum };
}

export type Decision = { kind: 'answer'; first: number } | { kind: 'didYouMean'; first: number; second: number } | { kind: 'unknown' };

/** Beyond the probabilities, what the answer gate looks at (answerGate.ts): per candidate, in the same order. */
export interface DecisionEvidence {
  classifierNone: number;
  uncovered: readonly number[];
}

type DecisionModel = Pick<FusionModel, 'answer' | 'suggest' | 'close' | 'clear' | 'sure' | 'gate' | 'handAnswer'>;

/**
 * The decision from candidates' probabilities (any order; `none` defaults to what they leave): one clear winner, two
 * close ones, or neither. With a `gate` (and its evidence) the gate alone decides whether to answer.
 */
export function decide(probabilities: readonly number[], model: DecisionModel, none = 1 - probabilities.reduce((a, b) => a + b, 0), evidence?: DecisionEvidence): Decision {
  const order = probabilities.map((p, i) => [p, i] as const).sort((a, b) => b[0] - a[0]);
  const [first, second] = order;
  if (!first) return { kind: 'unknown' };
  if (model.gate && evidence) {
    const offered = offerTwo(first, second, model, none);
    // Two close candidates (the runner-up at least `close` × the best) are offered, whatever the gate says.
    if (offered.kind === 'didYouMean' && second && second[0] >= model.close * first[0]) return offered;
    const right = gateProbability(model.gate, { best: first[0], second: second?.[0] ?? 0, none, classifierNone: evidence.classifierNone, uncovered: evidence.uncovered[first[1]] ?? 0 });
    return right >= model.gate.threshold ? { kind: 'answer', first: first[1] } : offered;
  }
  if (first[0] >= (model.handAnswer ?? model.answer)) return { kind: 'answer', first: first[1] };
  const clear = model.clear;
  if (clear && first[0] >= clear.floor && first[0] >= clear.ratio * (second?.[0] ?? 0)) return { kind: 'answer', first: first[1] };
  const offered = offerTwo(first, second, model, none);
  if (offered.kind !== 'unknown') return offered;
  return model.sure && none <= 0.1 ? { kind: 'answer', first: first[1] } : { kind: 'unknown' };
}

/** "Did you mean" when the two best share `answer` (the second at least `suggest`), or many share a near-certain answer. */
function offerTwo(first: readonly [number, number], second: readonly [number, number] | undefined, model: DecisionModel, none: number): Decision {
  if (!second) return { kind: 'unknown' };
  const twoShare = first[0] + second[0] >= model.answer && second[0] >= model.suggest;
  const manyShare = none <= 0.1 && second[0] >= first[0] * model.close;
  return twoShare || manyShare ? { kind: 'didYouMean', first: first[1], second: second[1] } : { kind: 'unknown' };
}

export interface TrainingQuestion {
  /** Feature vectors of every entry for this question. */
  features: number[][];
  /** The classifier's probability of "none" for this question. */
  none: number;
  /** Index of the right entry, or -1 when no entry answers it. */
  label: number;
}

/**
 * Fits the weights and noneBias by gradient descent on the mean negative log-likelihood + L2 (thresholds unchanged).
 * The same arithmetic as `fuse`, on the questions packed once into flat arrays (the tuner fits ~5,000 questions ×
 * 70 entries × 2,000 iterations: allocation per question and iteration made it minutes).
 */
export function fitFusion(data: readonly TrainingQuestion[], start: FusionModel, options = { iterations: 2000, learningRate: 1, l2: 1e-4 }): FusionModel {
  const d = FEATURE_NAMES.length;
  const w = Float64Array.from(FEATURE_NAMES, (_, i) => start.weights[i] ?? 0);
  const packed = data.map((q) => ({ rows: q.features.length, x: Float64Array.from(q.features.flatMap((f) => FEATURE_NAMES.map((_, i) => f[i] ?? 0))), none: q.none, label: q.label }));
  const p = new Float64Array(Math.max(0, ...packed.map((q) => q.rows)));
  let b = start.noneBias;
  let nw = start.noneWeight;
  const gw = new Float64Array(d);
  for (let it = 0; it < options.iterations; it++) {
    for (let i = 0; i < d; i++) gw[i] = options.l2 * w[i]!;
    let gb = 0;
    let gn = options.l2 * nw;
    for (const q of packed) {
      const none = softmaxScores(q, w, b + nw * q.none, p);
      // d(-log P(label)) / d score(k) = P(k) - [k = label]
      for (let k = 0; k < q.rows; k++) {
        const g = p[k]! - (k === q.label ? 1 : 0);
        if (g !== 0) for (let i = 0; i < d; i++) gw[i]! += (g * q.x[k * d + i]!) / data.length;
      }
      gb += (none - (q.label < 0 ? 1 : 0)) / data.length;
      gn += ((none - (q.label < 0 ? 1 : 0)) * q.none) / data.length;
    }
    for (let i = 0; i < d; i++) w[i]! -= options.learningRate * gw[i]!;
    b -= options.learningRate * gb;
    nw -= options.learningRate * gn;
  }
  return { ...start, weights: [...w], noneBias: b, noneWeight: nw };
}

/** `fuse` on a packed question: the entries' probabilities into `p`, and P(none) returned. */
function softmaxScores(q: { rows: number; x: Float64Array }, w: Float64Array, noneScore: number, p: Float64Array): number {
  const d = w.length;
  let max = noneScore;
  for (let k = 0; k < q.rows; k++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += q.x[k * d + i]! * w[i]!;
    p[k] = s;
    if (s > max) max = s;
  }
  const none = Math.exp(noneScore - max);
  let sum = none;
  for (let k = 0; k < q.rows; k++) {
    p[k] = Math.exp(p[k]! - max);
    sum += p[k]!;
  }
  for (let k = 0; k < q.rows; k++) p[k] = p[k]! / sum;
  return none / sum;
}

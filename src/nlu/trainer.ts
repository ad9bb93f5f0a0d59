/**
 * Trains an IntentModel from the intent data:
 *   1. stratified k-fold cross-validation on the training data → out-of-fold logits;
 *   2. temperature fitted on those logits (never on the held-out set);
 *   3. routing floor tuned on the same out-of-fold predictions (routes with ruled-out causes applied);
 *   4. the final model trained on all the training data.
 * Training is a generator that yields between epochs, so it can run synchronously (`trainModel`) or cooperatively in
 * the background (`trainModelInBackground`) without blocking the event loop for more than one epoch.
 */
import type { IntentData } from '../content/loadIntents';
import { fitTemperature } from './calibration';
import { analyze, DEFAULT_FEATURE_OPTIONS, extractFeatures, type FeatureOptions, type SparseVector, Vectorizer } from './features';
import { IntentModel, MODEL_VERSION, type ModelMeta } from './intentModel';
import { RuledOutDetector } from './ruledOut';
import { BACKUP_FAILED, decideRoute, NONE } from './routing';
import { prng } from '../util/prng';
import { DEFAULT_SOFTMAX_OPTIONS, type SoftmaxOptions, softmaxInPlace, trainSoftmaxSteps, type SoftmaxWeights, computeLogits } from './softmaxRegression';
import { lexiconFor, SpellCorrector } from './spell';
import { tokenize } from '../text/tokenize';
import { englishVocabulary } from './language';
import { normalizeText } from '../text/normalize';
import { applyOffTopicPrior, isLongWithoutBackup, OFF_TOPIC_FACTORS } from './offTopicPrior';
import type { IntentScore } from './types';
import type { Language } from '../content/i18n/languages';
import { ENGLISH_GRAMMAR } from './englishGrammar';
import { type Grammar, hasContentIn } from './grammar';

export interface TrainConfig {
  features: FeatureOptions;
  softmax: SoftmaxOptions;
  /** Cross-validation folds for calibration and floor tuning (0 = skip: temperature 1, default floor). */
  folds: number;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = { features: DEFAULT_FEATURE_OPTIONS, softmax: DEFAULT_SOFTMAX_OPTIONS, folds: 5 };
export const DEFAULT_ROUTING_FLOOR = 0.2;
/**
 * Tuning starts at 0.05: an intent promoted past a ruled-out cause with less than 5% probability is noise ("i pay
 * for 200gb but it says not enough storage" leaves storage_full at 0.99 and everything else near 0).
 */
const FLOOR_CANDIDATES = [0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6];

interface TrainingExample {
  /** The utterance as written in intents/train. */
  original: string;
  /** What the classifier is trained on (ruled-out phrases removed). */
  text: string;
  label: number;
}

interface TrainingSet {
  labels: string[];
  routes: Record<string, string>;
  examples: TrainingExample[];
  /** The words the ruled-out patterns spell out ("loads", "plenty"): the speller must know them too. */
  ruleWords: string[];
  language: Language;
}

/**
 * The training examples. With a detector, ruled-out phrases are removed from the texts exactly as at recognition
 * time (recognizer.ts), so "storage is fine, it keeps asking for my password" trains apple_id on what names it;
 * an utterance that is nothing but ruled-out phrases is left out.
 */
function trainingSet(data: IntentData, detector?: RuledOutDetector): TrainingSet {
  const labels = data.intents.map((i) => i.intent);
  const routes = Object.fromEntries(data.intents.map((i) => [i.intent, i.route]));
  const examples = data.intents.flatMap((intent, label) =>
    intent.utterances.map((original) => {
      if (!detector) return { original, text: original, label };
      const { ruledOut, masked } = detector.analyze(original);
      return { original, text: ruledOut.length > 0 && !hasContentIn(detector.grammar, masked) ? '' : masked, label };
    }),
  );
  // Regex escapes (\b, \s, \d) are not words.
  const ruleWords = [...new Set(data.ruledOut.flatMap((r) => r.pattern.replace(/\\[a-zA-Z]/g, ' ').toLowerCase().match(/[a-z]{4,}/g) ?? []))];
  return { labels, routes, examples: examples.filter((e) => e.text.trim() !== ''), ruleWords, language: detector?.grammar.language ?? 'en' };
}

/** Word → frequency over the (normalised, contraction-expanded) training texts: the spelling dictionary. */
function dictionary(texts: readonly string[], language: Language): Map<string, number> {
  const freq = new Map<string, number>();
  for (const t of texts) for (const w of tokenize(normalizeText(t, language), language)) freq.set(w, (freq.get(w) ?? 0) + 1);
  return freq;
}

interface FittedFeatures {
  vectorizer: Vectorizer;
  speller: SpellCorrector | undefined;
  X: SparseVector[];
}

/**
 * `spelling`: the texts whose words the speller knows — the training texts and the utterances as written (with the
 * ruled-out phrases that were masked out of the texts: "loads of space" must stay "loads", not become "load").
 */
function fitFeatures(texts: readonly string[], options: FeatureOptions, spelling: readonly string[], language: Language): FittedFeatures {
  const speller = options.spellCorrect ? new SpellCorrector(dictionary(spelling, language), lexiconFor(language)) : undefined;
  // Training texts are in the dictionary by construction, so they are not "corrected".
  const counts = texts.map((t) => extractFeatures(analyze(t, undefined, language), options));
  const vectorizer = Vectorizer.fit(counts, options.charWeight);
  return { vectorizer, speller, X: counts.map((c) => vectorizer.transform(c)) };
}

/** Stratified fold assignment (deterministic). */
export function stratifiedFolds(labels: readonly number[], folds: number, seed = 7): number[] {
  const random = prng(seed);
  const byClass = new Map<number, number[]>();
  labels.forEach((l, i) => byClass.set(l, [...(byClass.get(l) ?? []), i]));
  const fold = new Array<number>(labels.length).fill(0);
  let offset = 0;
  for (const indices of byClass.values()) {
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [indices[i], indices[j]] = [indices[j]!, indices[i]!];
    }
    indices.forEach((idx, k) => (fold[idx] = (k + offset) % folds));
    offset += indices.length;
  }
  return fold;
}

/** What a training example should route to once ruled-out causes are applied (undefined: contradictory, skip). */
function expectedRoute(route: string, ruledOut: readonly string[], causeOrder: readonly string[]): string | undefined {
  if (ruledOut.length === 0) return route;
  if (ruledOut.includes(route)) return undefined;
  if (route === BACKUP_FAILED || route === NONE) return causeOrder.find((c) => !ruledOut.includes(c)) ?? BACKUP_FAILED;
  return route;
}

interface OutOfFold {
  /** Out-of-fold logits for every training example. */
  logits: Float64Array[];
  labels: number[];
}

/** Trains k models, each without one fold, and collects the logits of the left-out examples. */
function* crossValidate(set: TrainingSet, config: TrainConfig): Generator<number, OutOfFold, void> {
  const labels = set.examples.map((e) => e.label);
  const fold = stratifiedFolds(labels, config.folds);
  const logits = new Array<Float64Array>(set.examples.length);
  for (let f = 0; f < config.folds; f++) {
    const trainIdx = labels.map((_, i) => i).filter((i) => fold[i] !== f);
    const testIdx = labels.map((_, i) => i).filter((i) => fold[i] === f);
    const fitted = fitFeatures(
      trainIdx.map((i) => set.examples[i]!.text),
      config.features,
      [...trainIdx.flatMap((i) => [set.examples[i]!.text, set.examples[i]!.original]), ...set.ruleWords],
      set.language,
    );
    const weights = yield* trainSoftmaxSteps(
      fitted.X,
      trainIdx.map((i) => labels[i]!),
      fitted.vectorizer.size,
      set.labels.length,
      config.softmax,
    );
    for (const i of testIdx) {
      const analysis = analyze(set.examples[i]!.text, fitted.speller, set.language);
      const x = fitted.vectorizer.transform(extractFeatures(analysis, config.features));
      logits[i] = computeLogits(weights, x, new Float64Array(set.labels.length));
    }
  }
  return { logits, labels };
}

/**
 * Picks the floor that routes the most out-of-fold examples right (ties: the middle of the best range). The cases are
 * the training utterances that rule causes out, plus every cause / backup_failed utterance taken as if it also ruled
 * out the cause the classifier leans to most besides the right one (its phrase would be masked, so the out-of-fold
 * ranking stands): a named cause must survive the floor, a generic failure spread thin over causes must fall back.
 */
function tuneFloor(
  set: TrainingSet,
  oof: OutOfFold,
  temperature: number,
  detector: RuledOutDetector,
  causeOrder: readonly string[],
): { floor: number; affected: number } {
  const routes = new Map(Object.entries(set.routes));
  const cases: Array<{ ranking: Array<{ intent: string; confidence: number }>; ruledOut: string[]; expected: string }> = [];
  set.examples.forEach((ex, i) => {
    const ruledOut = detector.detect(ex.original);
    if (ruledOut.length === 0) return;
    const expected = expectedRoute(set.routes[set.labels[ex.label]!]!, ruledOut, causeOrder);
    if (expected === undefined) return;
    const p = softmaxInPlace(Float64Array.from(oof.logits[i]!), temperature);
    const ranking = set.labels.map((intent, k) => ({ intent, confidence: p[k] })).sort((a, b) => b.confidence - a.confidence);
    cases.push({ ranking, ruledOut, expected });
  });
  const causes = new Set(causeOrder);
  set.examples.forEach((ex, i) => {
    const route = set.routes[set.labels[ex.label]!]!;
    if (!causes.has(route) && route !== BACKUP_FAILED) return;
    if (detector.detect(ex.original).length > 0) return;
    const p = softmaxInPlace(Float64Array.from(oof.logits[i]!), temperature);
    const ranking = set.labels.map((intent, k) => ({ intent, confidence: p[k] })).sort((a, b) => b.confidence - a.confidence);
    // The cause the classifier leans to most (other than the right one) is the one said not to be the problem.
    const leaning = ranking.find((s) => causes.has(set.routes[s.intent]!) && set.routes[s.intent] !== route);
    if (!leaning) return;
    const other = set.routes[leaning.intent]!;
    cases.push({ ranking, ruledOut: [other], expected: expectedRoute(route, [other], causeOrder)! });
  });
  if (cases.length === 0) return { floor: DEFAULT_ROUTING_FLOOR, affected: 0 };
  const scores = FLOOR_CANDIDATES.map((floor) => cases.filter((c) => decideRoute({ ...c, causeOrder, routes, floor }).route === c.expected).length);
  const best = Math.max(...scores);
  const bestFloors = FLOOR_CANDIDATES.filter((_, i) => scores[i] === best);
  return { floor: bestFloors[Math.floor((bestFloors.length - 1) / 2)]!, affected: cases.length };
}

/**
 * Picks the off-topic factor (offTopicPrior.ts) that routes the most out-of-fold examples right among the training
 * utterances it applies to (long, no backup word, nothing ruled out): correct = routed to none exactly when the
 * utterance's route is none. Ties go to the larger factor (the smaller change).
 */
function tuneOffTopicFactor(
  set: TrainingSet,
  oof: OutOfFold,
  temperature: number,
  detector: RuledOutDetector,
): { factor: number; cases: number } {
  const routes = new Map(Object.entries(set.routes));
  const cases: Array<{ ranking: IntentScore[]; none: boolean }> = [];
  set.examples.forEach((ex, i) => {
    if (!isLongWithoutBackup(ex.original) || detector.detect(ex.original).length > 0) return;
    const p = softmaxInPlace(Float64Array.from(oof.logits[i]!), temperature);
    const ranking = set.labels.map((intent, k) => ({ intent, confidence: p[k]! }));
    cases.push({ ranking, none: set.routes[set.labels[ex.label]!] === NONE });
  });
  if (cases.length === 0) return { factor: 1, cases: 0 };
  const scores = OFF_TOPIC_FACTORS.map(
    (factor) => cases.filter((c) => (routes.get(applyOffTopicPrior(c.ranking, routes, factor)[0]!.intent) === NONE) === c.none).length,
  );
  const best = Math.max(...scores);
  return { factor: OFF_TOPIC_FACTORS[scores.indexOf(best)]!, cases: cases.length };
}

export interface TrainedResult {
  model: IntentModel;
  /** Out-of-fold logits (for diagnostics), when cross-validation ran. */
  outOfFold?: OutOfFold;
  floorCases: number;
  offTopicCases?: number;
}

function* trainModelSteps(
  data: IntentData,
  causeOrder: readonly string[],
  config: TrainConfig = DEFAULT_TRAIN_CONFIG,
  grammar: Grammar = ENGLISH_GRAMMAR,
): Generator<number, TrainedResult, void> {
  const started = Date.now();
  const detector = new RuledOutDetector(data.ruledOut, causeOrder, grammar);
  const set = trainingSet(data, detector);
  let temperature = 1;
  let routingFloor = DEFAULT_ROUTING_FLOOR;
  let cvAccuracy: number | undefined;
  let outOfFold: OutOfFold | undefined;
  let floorCases = 0;
  let offTopicFactor = 1;
  let offTopicCases = 0;
  if (config.folds >= 2) {
    outOfFold = yield* crossValidate(set, config);
    temperature = fitTemperature(outOfFold.logits, outOfFold.labels);
    const correct = outOfFold.logits.filter((z, i) => argmax(z) === outOfFold!.labels[i]).length;
    cvAccuracy = correct / Math.max(1, outOfFold.logits.length);
    const tuned = tuneFloor(set, outOfFold, temperature, detector, causeOrder);
    routingFloor = tuned.floor;
    floorCases = tuned.affected;
    const offTopic = tuneOffTopicFactor(set, outOfFold, temperature, detector);
    offTopicFactor = offTopic.factor;
    offTopicCases = offTopic.cases;
  }
  const fitted = fitFeatures(
    set.examples.map((e) => e.text),
    config.features,
    [...set.examples.flatMap((e) => [e.text, e.original]), ...set.ruleWords],
    set.language,
  );
  const weights: SoftmaxWeights = yield* trainSoftmaxSteps(
    fitted.X,
    set.examples.map((e) => e.label),
    fitted.vectorizer.size,
    set.labels.length,
    config.softmax,
  );
  const meta: ModelMeta = {
    version: MODEL_VERSION,
    trainingHash: data.trainingHash,
    trainedAt: new Date().toISOString(),
    labels: set.labels,
    routes: set.routes,
    featureOptions: config.features,
    softmaxOptions: config.softmax,
    temperature,
    routingFloor,
    offTopicFactor,
    trainingExamples: set.examples.length,
    trainingMs: Date.now() - started,
    ...(cvAccuracy !== undefined ? { cvAccuracy } : {}),
    ...(grammar.language === 'en' ? { englishWords: englishVocabulary(data) } : { language: grammar.language }),
    topics: Object.fromEntries(data.intents.filter((i) => i.topic !== undefined).map((i) => [i.intent, i.topic!])),
  };
  return { model: new IntentModel(meta, fitted.vectorizer, weights, fitted.speller), ...(outOfFold ? { outOfFold } : {}), floorCases, offTopicCases };
}

export function argmax(z: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < z.length; k++) if (z[k]! > z[best]!) best = k;
  return best;
}

/** Trains synchronously. */
export function trainModel(data: IntentData, causeOrder: readonly string[], config: TrainConfig = DEFAULT_TRAIN_CONFIG, grammar: Grammar = ENGLISH_GRAMMAR): TrainedResult {
  const steps = trainModelSteps(data, causeOrder, config, grammar);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Trains without blocking the event loop for more than one epoch at a time. */
export async function trainModelInBackground(
  data: IntentData,
  causeOrder: readonly string[],
  config: TrainConfig = DEFAULT_TRAIN_CONFIG,
  grammar: Grammar = ENGLISH_GRAMMAR,
): Promise<TrainedResult> {
  const steps = trainModelSteps(data, causeOrder, config, grammar);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

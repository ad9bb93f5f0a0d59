/**
 * A trained intent model ready for inference: vectoriser + softmax weights + temperature.
 * Everything is precomputed at construction; scoring one utterance is a feature walk and a K-wide dot product.
 */
import { analyze, type FeatureOptions, IndexedFeatures, type SparseVector, Vectorizer } from './features';
import { computeLogits, type SoftmaxOptions, softmaxInPlace, type SoftmaxWeights } from './softmaxRegression';
import { SpellCorrector } from './spell';
import { normalizeText } from '../text/normalize';
import type { IntentRanker } from './recognizer';
import type { IntentScore } from './types';
import type { Language } from '../content/i18n/languages';

export const MODEL_VERSION = 1;

export interface ModelMeta {
  version: number;
  /** sha256 of the training data this model was trained on (see loadIntents.ts). */
  trainingHash: string;
  trainedAt: string;
  labels: string[];
  /** intent → route, for every label. */
  routes: Record<string, string>;
  featureOptions: FeatureOptions;
  softmaxOptions: SoftmaxOptions;
  /** Softmax temperature fitted on cross-validation folds of the training data. */
  temperature: number;
  /** Routing floor for intents promoted past ruled-out causes (routing.ts), tuned on the same folds. */
  routingFloor: number;
  /** Off-topic factor for long messages that never mention a backup (offTopicPrior.ts), tuned on the same folds; 1 = off. */
  offTopicFactor?: number;
  trainingExamples: number;
  trainingMs: number;
  /** Out-of-fold intent accuracy on the training data (not the held-out set). */
  cvAccuracy?: number;
  /** intent → near-domain topic, for the intents routed to none that have one (dialogs/topics.yaml). */
  topics?: Record<string, string>;
  /** The English words of the training data, for the language check without re-reading intents/ (language.ts). */
  englishWords?: string[];
  /** The language of the training data (absent: English). */
  language?: Language;
}

export class IntentModel implements IntentRanker {
  private readonly noneIndex: number;
  private readonly routeMap: Map<string, string>;
  private readonly topicMap: Map<string, string>;
  private readonly features: IndexedFeatures;

  constructor(
    readonly meta: ModelMeta,
    readonly vectorizer: Vectorizer,
    readonly weights: SoftmaxWeights,
    readonly speller: SpellCorrector | undefined,
  ) {
    this.noneIndex = meta.labels.indexOf('none');
    this.routeMap = new Map(Object.entries(meta.routes));
    this.topicMap = new Map(Object.entries(meta.topics ?? {}));
    this.features = new IndexedFeatures(vectorizer, meta.featureOptions);
  }

  get topics(): ReadonlyMap<string, string> {
    return this.topicMap;
  }

  get labels(): readonly string[] {
    return this.meta.labels;
  }

  get routes(): ReadonlyMap<string, string> {
    return this.routeMap;
  }

  get language(): Language {
    return this.meta.language ?? 'en';
  }

  get routingFloor(): number {
    return this.meta.routingFloor;
  }

  get offTopicFactor(): number {
    return this.meta.offTopicFactor ?? 1;
  }

  /** Normalised text with unknown words spelled as the training vocabulary's (the classifier reads it the same way). */
  spelled(text: string): string {
    const normalized = normalizeText(text, this.language);
    const speller = this.speller;
    if (!speller || !this.meta.featureOptions.spellCorrect) return normalized;
    // Whole words only: "haven't" is not "haven" + "t".
    return normalized.replace(/[a-z]+(?:'[a-z]+)?/g, (word) => (word.includes("'") ? word : speller.correct(word)));
  }

  vectorize(text: string): SparseVector {
    const analysis = analyze(text, this.meta.featureOptions.spellCorrect ? this.speller : undefined, this.language);
    return this.features.vectorize(analysis);
  }

  /** Raw (uncalibrated) logits. */
  logits(text: string): Float64Array {
    return computeLogits(this.weights, this.vectorize(text), new Float64Array(this.labels.length));
  }

  /**
   * Calibrated probabilities, aligned with `labels`. A text with no known feature at all ("asdfgh", "😀") is out of
   * scope: probability 1 for `none` (when the model has it).
   */
  probabilities(text: string): Float64Array {
    const x = this.vectorize(text);
    const z = new Float64Array(this.labels.length);
    if (x.idx.length === 0 && this.noneIndex >= 0) {
      z[this.noneIndex] = 1;
      return z;
    }
    return softmaxInPlace(computeLogits(this.weights, x, z), this.meta.temperature);
  }

  /** Every intent with its probability, best first. */
  rank(text: string): IntentScore[] {
    const p = this.probabilities(text);
    const out = this.labels.map((intent, i) => ({ intent, confidence: p[i] }));
    return out.sort((a, b) => b.confidence - a.confidence);
  }
}

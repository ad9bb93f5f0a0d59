/**
 * A classifier trained on the knowledge base's own phrasings (the project's softmax regression, src/nlu): one class
 * per entry plus "none", learned from the `unanswered` questions. Word unigrams and bigrams (stemmed) and character
 * n-grams inside words, so a word typed with a typo or in texting form ("lomg", "hw", "storgae") still shares most
 * of its features with the word of the phrasing. Its probabilities are two of the fusion's features: the entry's, and
 * "none" (which raises the score of not answering). Trained at start-up, on the phrasings and on noisy copies of them
 * (phrasingAugment.ts: the typos and dropped words people type), in well under a second.
 */
import { analyze, extractFeatures, Vectorizer, type FeatureOptions, type SparseVector } from '../nlu/features';
import type { Language } from '../content/i18n/languages';
import { computeLogits, softmaxInPlace, trainSoftmax, type SoftmaxWeights } from '../nlu/softmaxRegression';
import { noisyCopies } from './phrasingAugment';

export interface PhrasingClassifierOptions {
  features: FeatureOptions;
  /** Noisy copies of each training text (phrasingAugment.ts); 0: the texts only. */
  copies: number;
}

/**
 * Shipped: words only, no copies (main's classifier). Branch kbrank measured `charNgrams: [3, 4], charWeight: 0.5,
 * copies: 1` (docs/knowledge.md, "Branch kbrank"): better ranking of paraphrases, ~5× the start-up training time.
 */
const PHRASING_CLASSIFIER_OPTIONS: PhrasingClassifierOptions = {
  features: { wordBigrams: true, charNgrams: null, charWeight: 0, spellCorrect: false },
  copies: 0,
};
const TRAINING = { epochs: 30, l2: 1e-4, learningRate: 0.5, seed: 1 };

export class PhrasingClassifier {
  private readonly vectorizer: Vectorizer;
  private readonly model: SoftmaxWeights;
  private readonly features: FeatureOptions;
  /** Index of the "none" class (= the number of entries). */
  readonly none: number;
  /** Whether there were `unanswered` questions to learn "none" from. */
  readonly learntNone: boolean;

  /** `phrasings[e]`: the texts of entry e; `unanswered`: questions no entry answers. */
  constructor(
    phrasings: ReadonlyArray<readonly string[]>,
    unanswered: readonly string[],
    private readonly language: Language = 'en',
    functionWords: ReadonlySet<string> = new Set(),
    options: PhrasingClassifierOptions = PHRASING_CLASSIFIER_OPTIONS,
  ) {
    this.none = phrasings.length;
    this.learntNone = unanswered.length > 0;
    this.features = options.features;
    const texts: string[] = [];
    const labels: number[] = [];
    const add = (t: string, label: number): void => {
      for (const x of [t, ...noisyCopies(t, options.copies, language, functionWords)]) {
        texts.push(x);
        labels.push(label);
      }
    };
    phrasings.forEach((list, e) => list.forEach((t) => add(t, e)));
    unanswered.forEach((t) => add(t, this.none));
    const counts = texts.map((t) => extractFeatures(analyze(t, undefined, language), this.features));
    this.vectorizer = Vectorizer.fit(counts, this.features.charWeight);
    const X: SparseVector[] = counts.map((c) => this.vectorizer.transform(c));
    this.model = trainSoftmax(X, labels, this.vectorizer.size, this.none + 1, TRAINING);
  }

  /**
   * Probabilities of each entry, then "none" (last). Without `unanswered` questions the classifier never saw a
   * "none" example and would give the only entries all the probability whatever the question ("will the part be
   * gone?" → 0.99 for the one entry that mentions a part): it has no say then (uniform), and the other signals decide.
   */
  probabilities(text: string): Float64Array {
    if (!this.learntNone) return new Float64Array(this.none + 1).fill(1 / (this.none + 1));
    const x = this.vectorizer.transform(extractFeatures(analyze(text, undefined, this.language), this.features));
    return softmaxInPlace(computeLogits(this.model, x, new Float64Array(this.none + 1)));
  }
}

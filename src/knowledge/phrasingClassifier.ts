/**
 * A classifier trained on the knowledge base's own phrasings (the project's softmax regression, src/nlu): one class
 * per entry plus "none", learned from the `unanswered` questions. Word unigrams and bigrams (stemmed; typos are
 * corrected before it sees the question). Its probabilities are two of the fusion's features: the entry's, and
 * "none" (which raises the score of not answering). Trained at start-up in a few tens of milliseconds.
 */
import { analyze, extractFeatures, Vectorizer, type FeatureOptions, type SparseVector } from '../nlu/features';
import type { Language } from '../content/i18n/languages';
import { computeLogits, softmaxInPlace, trainSoftmax, type SoftmaxWeights } from '../nlu/softmaxRegression';

const FEATURES: FeatureOptions = { wordBigrams: true, charNgrams: null, charWeight: 0, spellCorrect: false };
const TRAINING = { epochs: 30, l2: 1e-4, learningRate: 0.5, seed: 1 };

export class PhrasingClassifier {
  private readonly vectorizer: Vectorizer;
  private readonly model: SoftmaxWeights;
  /** Index of the "none" class (= the number of entries). */
  readonly none: number;
  /** Whether there were `unanswered` questions to learn "none" from. */
  readonly learntNone: boolean;

  /** `phrasings[e]`: the texts of entry e; `unanswered`: questions no entry answers. */
  constructor(
    phrasings: ReadonlyArray<readonly string[]>,
    unanswered: readonly string[],
    private readonly language: Language = 'en',
  ) {
    this.none = phrasings.length;
    this.learntNone = unanswered.length > 0;
    const texts: string[] = [];
    const labels: number[] = [];
    phrasings.forEach((list, e) => list.forEach((t) => (texts.push(t), labels.push(e))));
    unanswered.forEach((t) => (texts.push(t), labels.push(this.none)));
    const counts = texts.map((t) => extractFeatures(analyze(t, undefined, language), FEATURES));
    this.vectorizer = Vectorizer.fit(counts, FEATURES.charWeight);
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
    const x = this.vectorizer.transform(extractFeatures(analyze(text, undefined, this.language), FEATURES));
    return softmaxInPlace(computeLogits(this.model, x, new Float64Array(this.none + 1)));
  }
}

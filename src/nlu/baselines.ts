/**
 * Baselines for `npm run eval -- --compare`: natural's BayesClassifier (stock, i.e. stop words removed, and with
 * keepStops), wrapped as an IntentRanker so that the same ruled-out detection and routing rule apply.
 */
import BayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier');
import PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer');
import type { IntentData } from '../content/loadIntents';
import { DEFAULT_ROUTING_FLOOR } from './trainer';
import type { IntentRanker } from './recognizer';
import type { IntentScore } from './types';

export class BayesRanker implements IntentRanker {
  readonly routes: ReadonlyMap<string, string>;
  readonly routingFloor = DEFAULT_ROUTING_FLOOR;
  private readonly classifier: BayesClassifier;
  private readonly labels: string[];

  constructor(data: IntentData, keepStops: boolean) {
    this.classifier = new BayesClassifier(PorterStemmer);
    if (keepStops) this.classifier.setOptions({ keepStops: true });
    for (const intent of data.intents) for (const u of intent.utterances) this.classifier.addDocument(u, intent.intent);
    this.classifier.train();
    this.routes = new Map(data.intents.map((i) => [i.intent, i.route]));
    this.labels = data.intents.map((i) => i.intent);
  }

  rank(text: string): IntentScore[] {
    const raw = this.classifier.getClassifications(text);
    const total = raw.reduce((a, c) => a + c.value, 0);
    const scores = new Map(raw.map((c) => [c.label, total > 0 ? c.value / total : 1 / raw.length]));
    return this.labels.map((intent) => ({ intent, confidence: scores.get(intent) ?? 0 })).sort((a, b) => b.confidence - a.confidence);
  }
}

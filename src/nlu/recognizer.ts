/**
 * The Recognizer: classifier ranking + ruled-out detection + the routing rule → NluResult.
 */
import { decideRoute, NONE } from './routing';
import type { RuledOutDetector } from './ruledOut';
import { hasContentWords } from './tokenize';
import type { IntentScore, NluResult, Recognizer } from './types';

export const ALTERNATIVES = 3;

/** Anything that ranks intents by probability (the trained IntentModel, or a baseline in eval --compare). */
export interface IntentRanker {
  /** Every intent with its probability, best first. */
  rank(text: string): IntentScore[];
  /** intent → route. */
  readonly routes: ReadonlyMap<string, string>;
  /** See routing.ts. */
  readonly routingFloor: number;
}

export class IntentRecognizer<M extends IntentRanker = IntentRanker> implements Recognizer {
  constructor(
    readonly model: M,
    readonly detector: RuledOutDetector,
    readonly causeOrder: readonly string[],
  ) {}

  recognize(text: string): NluResult {
    if (text.trim() === '') return { text, intent: NONE, confidence: 1, route: NONE, ruledOut: [], alternatives: [] };
    const { ruledOut, masked } = this.detector.analyze(text);
    // What is left once the ruled-out phrases are removed; nothing but fillers ("it's and , too") names nothing.
    const rest = ruledOut.length > 0 && !hasContentWords(masked) ? '' : masked;
    const decision = decideRoute({
      ranking: this.model.rank(rest),
      ruledOut,
      causeOrder: this.causeOrder,
      routes: this.model.routes,
      floor: this.model.routingFloor,
    });
    return {
      text,
      intent: decision.intent,
      confidence: decision.confidence,
      route: decision.route,
      ruledOut,
      alternatives: decision.alternatives.filter((a) => a.confidence > 0).slice(0, ALTERNATIVES),
    };
  }
}

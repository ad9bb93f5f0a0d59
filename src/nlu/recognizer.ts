/**
 * The Recognizer: language check + classifier ranking + ruled-out detection + the routing rule → NluResult.
 *
 * Intents routed to `none` may carry a near-domain topic (restore, icloud_sync, …). They compete with the causes as
 * one class: their probabilities are summed into one `none` entry before routing, and the best of them names the
 * topic (`topicOf`). A message in another language is `none` with topic `other_language` and is not classified.
 */
import type { LanguageDetector } from './language';
import { applyOffTopicPrior, isLongWithoutBackup } from './offTopicPrior';
import { decideRoute, NONE } from './routing';
import type { RuledOutDetector } from './ruledOut';
import { hasContentIn } from './grammar';
import type { IntentScore, NluResult, Recognizer, TurnLanguage } from './types';

const ALTERNATIVES = 3;
const OTHER_LANGUAGE = 'other_language';

/** Anything that ranks intents by probability (the trained IntentModel, or a baseline in eval --compare). */
export interface IntentRanker {
  /** Every intent with its probability, best first. */
  rank(text: string): IntentScore[];
  /** intent → route. */
  readonly routes: ReadonlyMap<string, string>;
  /** See routing.ts. */
  readonly routingFloor: number;
  /** intent → near-domain topic, for intents routed to none (optional). */
  readonly topics?: ReadonlyMap<string, string>;
  /** See offTopicPrior.ts (optional: 1 = off). */
  readonly offTopicFactor?: number;
  /**
   * The text with misspelled words corrected against the model's vocabulary ("my strage is fien" → "my storage is
   * fine"), for the ruled-out phrases (optional: the text as typed).
   */
  spelled?(text: string): string;
}

export interface RecognizerOptions {
  /** Detects messages in another language (optional: without it every message is classified). */
  language?: LanguageDetector;
}

/**
 * Merges every intent routed to none into one `none` entry (their probabilities summed) and returns the topic of the
 * best of them, when it has one.
 */
export function collapseNone(
  ranking: readonly IntentScore[],
  routes: ReadonlyMap<string, string>,
  topics: ReadonlyMap<string, string> | undefined,
): { ranking: IntentScore[]; topic: string | undefined } {
  let mass = 0;
  let best: IntentScore | undefined;
  const rest: IntentScore[] = [];
  for (const s of ranking) {
    if ((routes.get(s.intent) ?? s.intent) !== NONE) {
      rest.push(s);
      continue;
    }
    mass += s.confidence;
    if (!best) best = s;
  }
  if (!best) return { ranking: rest, topic: undefined };
  const merged = { intent: NONE, confidence: Math.min(1, mass) };
  const at = rest.findIndex((s) => s.confidence < merged.confidence);
  rest.splice(at < 0 ? rest.length : at, 0, merged);
  return { ranking: rest, topic: topics?.get(best.intent) };
}

export class IntentRecognizer<M extends IntentRanker = IntentRanker> implements Recognizer {
  constructor(
    readonly model: M,
    readonly detector: RuledOutDetector,
    readonly causeOrder: readonly string[],
    readonly options: RecognizerOptions = {},
  ) {}

  recognize(text: string, turn?: TurnLanguage): NluResult {
    if (text.trim() === '') return { text, intent: NONE, confidence: 1, route: NONE, ruledOut: [], alternatives: [] };
    // The turn's language, when decided before (TurnUnderstander): detected once per turn, not again here.
    const language = turn?.ownLanguage ? undefined : this.options.language?.foreignLanguage(text, turn?.franc);
    if (language) return { text, intent: NONE, confidence: 1, route: NONE, ruledOut: [], alternatives: [], topic: OTHER_LANGUAGE, language };
    // Ruled-out phrases are looked for in the spelled text: a typo in "storage is fine" must not change the route.
    const { ruledOut, masked } = this.detector.analyze(this.model.spelled ? this.model.spelled(text) : text);
    // What is left once the ruled-out phrases are removed; nothing but fillers ("it's and , too") names nothing.
    const rest = ruledOut.length > 0 && !hasContentIn(this.detector.grammar, masked) ? '' : masked;
    let ranked = this.model.rank(rest);
    const factor = this.model.offTopicFactor ?? 1;
    if (factor < 1 && ruledOut.length === 0 && isLongWithoutBackup(text)) ranked = applyOffTopicPrior(ranked, this.model.routes, factor);
    const { ranking, topic } = collapseNone(ranked, this.model.routes, this.model.topics);
    const decision = decideRoute({
      ranking,
      ruledOut,
      causeOrder: this.causeOrder,
      routes: this.model.routes,
      floor: this.model.routingFloor,
      restHasContent: rest !== '',
    });
    return {
      text,
      intent: decision.intent,
      confidence: decision.confidence,
      route: decision.route,
      ruledOut,
      alternatives: decision.alternatives.filter((a) => a.confidence > 0).slice(0, ALTERNATIVES),
      ...(decision.route === NONE && topic !== undefined ? { topic } : {}),
    };
  }
}

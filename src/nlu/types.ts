/** The result of understanding one user message. This shape is also the `npm run classify` JSON contract. */
export interface IntentScore {
  intent: string;
  confidence: number;
}

export interface NluResult {
  /** The text as the user typed it. */
  text: string;
  /** The winning intent after ruled-out causes were taken into account. */
  intent: string;
  /** Calibrated probability (0..1) of `intent`. */
  confidence: number;
  /** The dialog the bot should open: a cause id, `backup_failed`, `faq_meaning`, `faq_without_icloud`, `human_agent`, `none`, or the intent's own name for other intents. */
  route: string;
  /** Cause ids the user said are *not* the problem ("I have space" → storage_full), in the article's order. */
  ruledOut: string[];
  /** The runner-up intents, best first (not including `intent`). */
  alternatives: IntentScore[];
  /**
   * Route `none` only: what the out-of-scope message is about, when the bot knows (dialogs/topics.yaml: restore,
   * icloud_sync, other_app_backup, …, or `other_language`). Absent when unknown.
   */
  topic?: string;
  /** ISO 639-3 code of a message written in another language than English (route none, topic other_language). */
  language?: string;
}

/**
 * Anything that turns text into an NluResult: the one interface the dialogs and bots depend on (a stub in engine tests).
 *
 * The names in src/nlu, one per role:
 * - `Recognizer` (this): text → NluResult. What everything outside nlu/ uses.
 * - `IntentRanker` (recognizer.ts): text → every intent with its probability. The trained IntentModel, or a baseline.
 * - `IntentRecognizer` (recognizer.ts): a Recognizer built from an IntentRanker plus language check, ruled-out
 *   detection and the routing rule.
 * - `SwappableRecognizer` (index.ts): the Recognizer loadRecognizer returns; it swaps in a new IntentRecognizer when
 *   a background retrain finishes.
 * - `CachedRecognizer` (recognizerCache.ts): wraps any Recognizer and classifies repeated texts once.
 */
export interface Recognizer {
  /** `turn`: the turn's language decision, when the caller made it (the recognizer then does not detect it again). */
  recognize(text: string, turn?: TurnLanguage): NluResult;
}

/**
 * The turn's language decision (languageChoice.ts), made once before classifying and passed to the recognizer, so
 * the language is detected once per turn. Absent (a short message, a caller without a chooser): the recognizer's own
 * foreign-language check decides, as before.
 */
export interface TurnLanguage {
  /** The message was judged (long enough) and found to be in the recognizer's own language: no check needed. */
  ownLanguage?: boolean;
  /** franc-min's answer (ISO 639-3, 'und' for none) for the message, when the chooser ran it: not run again. */
  franc?: string;
}

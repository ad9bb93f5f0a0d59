/**
 * Which text on a screenshot is the error. A screen carries much more than the error (the status bar, the labels and
 * settings around it, the app behind an alert), so every sentence-like paragraph, every sentence of one, and every
 * title followed by its message (an alert, a banner) is a candidate, and the bot's own classifier — the one that reads
 * typed messages — says which reads most surely as a failed backup. Short labels ("iCloud", "Back Up Now") are not
 * messages and are not candidates. When the surest reading is the generic "the backup failed" and a part of that same
 * text names a cause ("… because the network connection was lost"), the cause is taken: it is the more specific
 * reading of the same words. Nothing about a backup failing (another app, a photo) → undefined.
 */
import type { NluResult, Recognizer } from '../../nlu/types';

export interface ErrorText {
  text: string;
  route: string;
  confidence: number;
}

export interface ErrorTextOptions {
  /** Whether a route opens a troubleshooting walk (a cause or the generic route). */
  isTroubleshooting: (route: string) => boolean;
  /** Whether a route is the generic one (a failed backup, no cause named). */
  isGeneric: (route: string) => boolean;
  /** Below this confidence a candidate is not taken (the bot's confidence threshold). */
  minConfidence: number;
  /** Longest candidate (the bot's longest message). */
  maxLength: number;
  /**
   * The route the bot opens for a reading (default: the classifier's route). A reading split between two causes
   * ("Connect to a Wi-Fi network…": network settings 0.52, internet connection 0.45) opens the walk at the earlier
   * one in the article's order, as the same words typed do (dialogs/namedCauses.ts).
   */
  openedRoute?: (nlu: NluResult) => string;
}

/** Candidates within this much of the best, on the same route, count as as good: the longest is quoted (more context). */
const AS_GOOD = 0.05;
/** A message has at least this many words; fewer is a label, a button or a title on its own. */
const MIN_WORDS = 5;

export class ErrorTextFinder {
  constructor(
    private readonly recognizer: Recognizer,
    private readonly options: ErrorTextOptions,
  ) {}

  find(paragraphs: readonly string[]): ErrorText | undefined {
    const scored: ErrorText[] = [];
    for (const text of candidatesOf(paragraphs)) {
      if (text.length > this.options.maxLength) continue;
      const nlu = this.recognizer.recognize(text);
      // A screen states an error; it does not rule causes out ("Your iPhone is up to date" is not a complaint).
      if (nlu.ruledOut.length > 0 || nlu.language || !this.options.isTroubleshooting(nlu.route)) continue;
      if (nlu.confidence >= this.options.minConfidence) scored.push({ text, route: this.options.openedRoute?.(nlu) ?? nlu.route, confidence: nlu.confidence });
    }
    const best = bestOf(scored);
    if (!best || !this.options.isGeneric(best.route)) return best;
    return bestOf(scored.filter((c) => !this.options.isGeneric(c.route) && best.text.includes(c.text))) ?? best;
  }
}

function bestOf(scored: readonly ErrorText[]): ErrorText | undefined {
  if (scored.length === 0) return undefined;
  const best = scored.reduce((a, b) => (b.confidence > a.confidence ? b : a));
  const asGood = scored.filter((c) => c.route === best.route && c.confidence >= best.confidence - AS_GOOD);
  return asGood.reduce((a, b) => (b.text.length > a.text.length ? b : a));
}

const wordsIn = (text: string): number => text.split(/\s+/).filter((w) => /[a-z]{2}/i.test(w)).length;
const endsSentence = (text: string): boolean => /[.!?]$/.test(text);

/** Sentence-like paragraphs, their sentences, and each title joined with the paragraph under it; without duplicates. */
export function candidatesOf(paragraphs: readonly string[]): string[] {
  const candidates = new Set<string>();
  paragraphs.forEach((paragraph, i) => {
    candidates.add(paragraph);
    const sentences = paragraph.split(/(?<=[.!?])\s+(?=[A-Z])/);
    if (sentences.length > 1) for (const s of sentences) candidates.add(s);
    const next = paragraphs[i + 1];
    // A title (no full stop) over a message (a sentence, or as many words): "Not Enough Storage" + "This iPhone cannot…".
    if (next && !endsSentence(paragraph) && (endsSentence(next) || wordsIn(next) >= MIN_WORDS)) candidates.add(`${paragraph}. ${next}`);
  });
  return [...candidates].map((c) => c.trim()).filter((c) => wordsIn(c) >= MIN_WORDS);
}

/**
 * Long messages that never mention a backup are rarely about a failed backup: in the real phrasings, forum posts
 * about restores, sync, icloud.com, Activation Lock or another app's backup describe their problem at length without
 * the word, while real failed-backup complaints name it. For such a message (at least LONG_MESSAGE_WORDS words, no
 * backup word, no ruled-out cause) every intent not routed to none is scaled by a factor < 1 and the probabilities
 * are renormalised: the model must be more sure before it starts a walk. The factor is tuned on the out-of-fold
 * predictions of the training data (trainer.ts), never on a held-out set; 1 means no change.
 */
import type { IntentScore } from './types';
import { NONE } from './routing';

const LONG_MESSAGE_WORDS = 15;
/** back up, backed up, backing up, back-up, backup(s), and the common typos the spelling step also knows. */
const BACKUP_WORD = /\bback(?:s|ed|ing)?[\s-]*up|\bbac?k?ups?\b|\bbakups?\b|\bbackuo\b|\bbackp\b|\bicloud storage\b/i;
const WORD = /[\p{L}\d']+/gu;

/** A message of LONG_MESSAGE_WORDS words or more that never mentions a backup. */
export function isLongWithoutBackup(text: string): boolean {
  return (text.match(WORD)?.length ?? 0) >= LONG_MESSAGE_WORDS && !BACKUP_WORD.test(text);
}

/** Scales every intent not routed to none by `factor`, renormalises, and re-sorts (best first). */
export function applyOffTopicPrior(ranking: readonly IntentScore[], routes: ReadonlyMap<string, string>, factor: number): IntentScore[] {
  if (factor >= 1) return [...ranking];
  let total = 0;
  const scaled = ranking.map((s) => {
    const confidence = (routes.get(s.intent) ?? s.intent) === NONE ? s.confidence : s.confidence * factor;
    total += confidence;
    return { intent: s.intent, confidence };
  });
  if (total <= 0) return scaled;
  for (const s of scaled) s.confidence /= total;
  return scaled.sort((a, b) => b.confidence - a.confidence);
}

/** Candidate factors, largest (no change) first: ties go to the smallest intervention. */
export const OFF_TOPIC_FACTORS = [1, 0.5, 0.3, 0.2, 0.1, 0.05, 0.02];

/** Which messages go on the training to-do list, and how they are stored (masked, shortened). */
import type { UnansweredQuestion } from '../dialogs/turnQuestion';
import type { NluResult } from '../nlu/types';
import { redact } from '../privacy/redact';
import type { LowConfidenceMessage } from './types';

/** Longest stored to-do text (characters); longer messages are cut with an ellipsis. */
const MAX_TODO_TEXT = 280;

export interface LowConfidenceRule {
  /** Below this confidence the classifier was unsure (the bot's clarify threshold, NLU_CONFIDENCE_THRESHOLD). */
  confidenceThreshold: number;
}

/** True when the classifier sent the message to `none` or was less sure than the threshold. */
export function isLowConfidence(nlu: NluResult, rule: LowConfidenceRule): boolean {
  return nlu.intent === 'none' || nlu.route === 'none' || nlu.confidence < rule.confidenceThreshold;
}

export function toLowConfidenceMessage(nlu: NluResult, channelId: string, at: number): LowConfidenceMessage {
  const masked = redact(nlu.text.replace(/\s+/g, ' ').trim());
  const text = masked.length > MAX_TODO_TEXT ? `${masked.slice(0, MAX_TODO_TEXT - 1)}…` : masked;
  return { at, channelId, text, intent: nlu.intent, route: nlu.route, confidence: nlu.confidence };
}

/** A question the knowledge base couldn't answer confidently: on the to-do list as intent "question", route "knowledge_fallback" / "knowledge_did_you_mean". */
export function toUnansweredQuestionMessage(question: UnansweredQuestion, channelId: string, at: number): LowConfidenceMessage {
  const masked = redact(question.text.replace(/\s+/g, ' ').trim());
  const text = masked.length > MAX_TODO_TEXT ? `${masked.slice(0, MAX_TODO_TEXT - 1)}…` : masked;
  return { at, channelId, text, intent: 'question', route: `knowledge_${question.outcome}`, confidence: question.confidence };
}

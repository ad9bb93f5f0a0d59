/**
 * What a question asks for: a size ("how big is my backup"), a duration ("how long does it take"), a price, whether
 * something is lost ("will it delete my photos"), a place ("where is…"), a reason ("why…") or a method ("how do I…").
 * Retrieval compares the question's type with the types of each entry's own phrasings, so "how big is my backup" is
 * not answered with how to start one. The fusion's weights (fusion.ts) decide how much the agreement counts.
 */
import { normalizeText } from '../text/normalize';

export const QUESTION_TYPES = ['size', 'duration', 'cost', 'loss', 'location', 'reason', 'method'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number] | 'other';

const AUX_START = String.raw`^(?:(?:so|and|but|ok|okay|hi|hey|also|um|then)\s+)*(?:will|would|does|do|did|could|can|is|am|are|if|could)\b`;
const RULES: ReadonlyArray<readonly [Exclude<QuestionType, 'other'>, RegExp]> = [
  ['duration', /\bhow long\b|\bhow many (?:hours|minutes|mins|seconds|secs|days)\b|\bhow much time\b|\btak(?:e|es|ing) (?:so long|forever|ages)\b/],
  ['size', /\bhow (?:big|large|huge)\b|\bwhat size\b|\bsize of\b|\bhow many (?:gb|gigs|gigabytes|mb)\b|\bhow much (?:space|storage|room) (?:does|do|will|would|is) (?:a|an|my|the)? ?\w*\s?(?:backup|back up)\b/],
  ['cost', /\bcosts?\b|\bprices?\b|\bexpensive\b|\bcheap\b|\bhow much (?:is|are|r|does|do)\b(?! (?:\w+ )?(?:space|storage|room|time))|\bcharge\b|\bfree of charge\b/],
  ['loss', new RegExp(`${AUX_START}.*\\b(?:delete|deletes|deleted|erase|erases|lose|loose|lost|wipe|wipes|remove|removes|gone|safe|risky)\\b`)],
  ['location', /\bwhere\b/],
  ['reason', /\bwhy\b|\bhow come\b/],
  ['method', /\bhow (?:do|can|to|would|should|does|did)\b|^how\b|\bhw (?:do|can|to)\b/],
];

/** The first matching type, in the order above (a duration question is not also a method question). */
export function questionTypeOf(text: string): QuestionType {
  const t = normalizeText(text);
  for (const [type, re] of RULES) if (re.test(t)) return type;
  return 'other';
}

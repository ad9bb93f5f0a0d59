/**
 * Is the text phrased as a question? ("why is my iCloud storage full?" vs "my storage is full").
 * True when it ends with "?" or starts (after an optional filler like "so", "but", "hi", "ok") with a question word
 * or an auxiliary verb: what/why/how/when/where/which/who, what's/how's/where's, can/could/does/do/is/are/will/...
 * Negated auxiliaries ("can't back up", "doesn't work", "will not sync") are complaints, not questions.
 */
import { normalizeText } from './normalize';

const FILLER = String.raw`(?:(?:so|but|and|ok|okay|hi|hey|hello|um|uh|well|also|then|and\s+so|please|sorry|quick\s+question)[\s,]+)*`;
const STARTERS = [
  'what', "what's", 'whats', 'why', "why's", 'how', "how's", 'when', "when's", 'where', "where's", 'which', 'who', "who's", 'whose', 'whom',
  'can', 'could', 'does', 'do', 'did', 'is', 'are', 'am', 'will', 'would', 'should', 'shall', 'may', 'might',
  'any idea', 'anyone know', 'is there',
];
/** "can't back up", "will not sync", "do not …" are complaints, not questions. */
const NOT_A_QUESTION = String.raw`(?!'\w)(?!\s+not\b)`;
const QUESTION_START = new RegExp(`^${FILLER}(?:${STARTERS.map((s) => s.replace(/\s/g, '\\s+')).join('|')})\\b${NOT_A_QUESTION}`);

export function isQuestion(text: string): boolean {
  const t = normalizeText(text).replace(/[\s.!)\]"'*~]+$/, '');
  if (t === '') return false;
  if (t.endsWith('?')) return true;
  return QUESTION_START.test(t);
}

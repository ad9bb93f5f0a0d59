/**
 * Is the text phrased as a question? ("why is my iCloud storage full?" vs "my storage is full").
 * True when it ends with "?" or starts (after an optional filler like "so", "but", "hi", "ok") with a question word
 * or an auxiliary verb: what/why/how/when/where/which/who, what's/how's/where's, can/could/does/do/is/are/will/...
 * Negated auxiliaries ("can't back up", "doesn't work", "will not sync") are complaints, not questions.
 */
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/levenshtein_distance';
import { words as stopWords } from 'natural/lib/natural/util/stopwords';
import { normalizeText } from '../text/normalize';

const FILLER = String.raw`(?:(?:so|but|and|ok|okay|hi|hey|hello|um|uh|well|also|then|and\s+so|please|sorry|quick\s+question)[\s,]+)*`;
const STARTERS = [
  'what', "what's", 'whats', 'why', "why's", 'how', "how's", 'when', "when's", 'where', "where's", 'which', 'who', "who's", 'whose', 'whom',
  'can', 'could', 'does', 'do', 'did', 'is', 'are', 'am', 'will', 'would', 'should', 'shall', 'may', 'might',
  'any idea', 'anyone know', 'is there',
];
/** "can't back up", "will not sync", "do not …" are complaints, not questions. */
const NOT_A_QUESTION = String.raw`(?!'\w)(?!\s+not\b)`;
const QUESTION_START = new RegExp(`^${FILLER}(?:${STARTERS.map((s) => s.replace(/\s/g, '\\s+')).join('|')})\\b${NOT_A_QUESTION}`);

/** Question words a misspelled first word of a clause is read as ("hw" → how, "waht" → what, "cna" → can). */
const CUE_WORDS = ['what', 'why', 'how', 'when', 'where', 'which', 'who', 'can', 'could', 'does', 'will', 'would', 'should'];
const KNOWN_SHORT = new Set<string>([...stopWords, ...CUE_WORDS, 'did', 'do', 'is', 'are', 'am']);
const cueCache = new Map<string, string>();

/**
 * The question word a typed word stands for, or the word itself: one edit away (a letter dropped, added or
 * two swapped, natural's Damerau-Levenshtein; not a different letter: "dies" is not "does") from a question word, keeping its first letter (or swapping the
 * first two), and not itself a common English word (natural's stop words: "it" is not "is", "an" is not "can").
 */
function cueWord(word: string): string {
  if (word.length < 2 || word.length > 7 || KNOWN_SHORT.has(word) || !/^[a-z]+$/.test(word)) return word;
  const cached = cueCache.get(word);
  if (cached !== undefined) return cached;
  let out = word;
  for (const cue of CUE_WORDS) {
    const sameStart = cue[0] === word[0] || (cue[0] === word[1] && cue[1] === word[0]);
    // Same length: only a swap ("waht"), not another letter ("dies" is not "does").
    const swapped = word.length !== cue.length || [...word].sort().join('') === [...cue].sort().join('');
    if (sameStart && swapped && DamerauLevenshteinDistance(word, cue, { restricted: true }) === 1) {
      out = cue;
      break;
    }
  }
  if (cueCache.size < 10_000) cueCache.set(word, out);
  return out;
}

/** Misspelled question words at the start of each clause spelled right ("hw can i check" → "how can i check"). */
function withCueWords(normalized: string): string {
  return normalized.replace(/(^|[,;.!?]\s*|\bbut\s+|\b(?:so|and|ok|okay|hi|hey|well|also|then|please|sorry)\s+)([a-z]+)\b/g, (_m, before: string, word: string) => before + cueWord(word));
}

export function isQuestion(text: string): boolean {
  const t = withCueWords(normalizeText(text)).replace(/[\s.!)\]"'*~]+$/, '');
  if (t === '') return false;
  if (t.endsWith('?')) return true;
  return QUESTION_START.test(t);
}

/**
 * How a message asks something:
 *   'asks'   it starts as a question ("how do I…", "where is…", "what if…", "can I…", "is it safe…", "if I do X will my
 *            Z…") or says the
 *            person is stuck or wondering ("I can't find Reset", "I don't see it", "not sure how to…", "I forgot my password");
 *   'tag'    a later clause asks ("no, where is that?", "done, but how long does it take?");
 *   'rising' only a question mark ("it now says not enough storage?");
 *   'none'   not a question. "what now?" / "what's next?" are not questions: they ask to carry on.
 */
export type QuestionKind = 'asks' | 'tag' | 'rising' | 'none';

const CARRY_ON = /^(?:(?:so|and|ok|okay|then|well)\s+)*(?:what now|now what|what next|what's next|whats next|what else|what else can i (?:do|try)|what (?:should|do|can) i (?:do|try) (?:now|next)|any other ideas|anything else|next)\b/;
const STUCK = new RegExp(
  [
    String.raw`\b(?:can't|cannot|can not|couldn't|don't|do not|doesn't|does not) (?:find|see|locate|have)\b`,
    String.raw`\b(?:isn't|is not|aren't|are not|not) (?:there|showing|shown|visible)\b`,
    String.raw`\bthere(?: is|'s) no\b`,
    String.raw`\b(?:greyed|grayed) out\b`,
    String.raw`\b(?:don't|do not) (?:know|remember) (?:how|where|what|which|my|the)\b`,
    String.raw`\bforgot (?:my|the)\b`,
    String.raw`\b(?:not sure|no idea|wondering|i wonder) (?:how|where|what|which|why|when|if|whether)\b`,
    String.raw`\b(?:tell|show) me (?:how|where|what|which)\b`,
    // "if I do X will Y happen to my Z": a condition, then an auxiliary and its subject.
    String.raw`^(?:(?:so|and|but|ok|okay)\s+)?if\b.{3,}?\b(?:will|would|does|do|is|are|can|could|should|won't|wouldn't)\s+(?:i|it|my|this|that|the|they|everything|anything|all|these|those|you|we)\b`,
  ].join('|'),
);

export function questionKind(text: string): QuestionKind {
  const t = withCueWords(normalizeText(text));
  if (t === '') return 'none';
  const clauses = t
    .split(/[,;.!?]+|\s+-\s+|\s+(?=but\s)/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const asks = (c: string): boolean => !CARRY_ON.test(c) && QUESTION_START.test(c);
  if (clauses.length > 0 && asks(clauses[0]!)) return 'asks';
  if (STUCK.test(t)) return 'asks';
  if (clauses.slice(1).some(asks)) return 'tag';
  const last = clauses[clauses.length - 1] ?? '';
  if (/\?\s*$/.test(t) && !CARRY_ON.test(last)) return 'rising';
  return 'none';
}

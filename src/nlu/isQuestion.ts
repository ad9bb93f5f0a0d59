/**
 * Is the text phrased as a question? ("why is my iCloud storage full?" vs "my storage is full").
 * True when it ends with "?" or starts (after an optional filler like "so", "but", "hi", "ok") with a question word
 * or an auxiliary verb: what/why/how/when/where/which/who, what's/how's/where's, can/could/does/do/is/are/will/...
 * Negated auxiliaries ("can't back up", "doesn't work", "will not sync") are complaints, not questions.
 */
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/levenshtein_distance';
import { ENGLISH_GRAMMAR } from './englishGrammar';
import { type Grammar, normalizeFor } from './grammar';
import { lexiconFor } from './spell';
import { isCommonTypo } from './spellTypos';

const cueCaches = new WeakMap<Grammar, Map<string, string>>();

/**
 * The question word a typed word stands for, or the word itself: one edit away (a letter dropped, added or
 * two swapped, natural's Damerau-Levenshtein) from a question word, keeping its first letter (or swapping the first
 * two), and not itself a common English word (natural's stop words: "it" is not "is", "an" is not "can"). A different
 * letter only for a neighbouring key in a word of 4+ letters that is no English word (spellTypos.ts, the English
 * lexicon: "whete" is where, "shoukd" should; "dies" is a word, not "does").
 */
function cueWord(word: string, grammar: Grammar): string {
  if (word.length < 2 || word.length > 7 || grammar.knownShort.has(word) || !/^[a-z]+$/.test(word)) return word;
  let cueCache = cueCaches.get(grammar);
  if (!cueCache) cueCaches.set(grammar, (cueCache = new Map()));
  const cached = cueCache.get(word);
  if (cached !== undefined) return cached;
  const lexicon = lexiconFor(grammar.language);
  const neighbourKey = word.length >= 4 && lexicon !== undefined && lexicon.level(word) === undefined;
  let out = word;
  for (const cue of grammar.cueWords) {
    const sameStart = cue[0] === word[0] || (cue[0] === word[1] && cue[1] === word[0]);
    // Same length: a swap ("waht"), or a neighbouring key in a non-word ("whete"), not another letter ("dies").
    const sameLetters = word.length !== cue.length || [...word].sort().join('') === [...cue].sort().join('');
    const allowed = sameLetters || (neighbourKey && isCommonTypo(word, cue));
    if (sameStart && allowed && DamerauLevenshteinDistance(word, cue, { restricted: true }) === 1) {
      out = cue;
      break;
    }
  }
  if (cueCache.size < 10_000) cueCache.set(word, out);
  return out;
}

/** Misspelled question words at the start of each clause spelled right ("hw can i check" → "how can i check"). */
function withCueWords(normalized: string, grammar: Grammar): string {
  return normalized.replace(grammar.cueSpot, (_m, before: string, word: string) => before + cueWord(word, grammar));
}

export function isQuestion(text: string, grammar: Grammar = ENGLISH_GRAMMAR): boolean {
  const t = withCueWords(normalizeFor(grammar, text), grammar).replace(/[\s.!)\]"'*~]+$/, '');
  if (t === '') return false;
  if (t.endsWith('?')) return true;
  return grammar.questionStart.test(t) && !grammar.subjectless?.test(t);
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

export function questionKind(text: string, grammar: Grammar = ENGLISH_GRAMMAR): QuestionKind {
  const t = withCueWords(normalizeFor(grammar, text), grammar);
  if (t === '') return 'none';
  const { carryOn: CARRY_ON, questionStart: QUESTION_START, stuck: STUCK } = grammar;
  const clauses = t
    .split(grammar.questionClauses)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  // "is working now thank you": an auxiliary without its subject is a statement (unless the message asks with "?").
  const subjectless = (c: string): boolean => !t.includes('?') && grammar.subjectless?.test(c) === true;
  const asks = (c: string): boolean => !CARRY_ON.test(c) && QUESTION_START.test(c) && !subjectless(c);
  if (clauses.length > 0 && asks(clauses[0]!)) return 'asks';
  if (STUCK.test(t)) return 'asks';
  if (clauses.slice(1).some(asks)) return 'tag';
  const last = clauses[clauses.length - 1] ?? '';
  if (/\?\s*$/.test(t) && !CARRY_ON.test(last)) return 'rising';
  return 'none';
}

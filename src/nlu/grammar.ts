/**
 * What the rules of the NLU know about a language's grammar: where clauses start, what negates a phrase, what asks a
 * question, where a reply's second act starts, which words say nothing, and the phrases that switch to the language.
 * English's is in code (englishGrammar.ts, the reference behaviour); every other language's is data,
 * intents/<lang>/grammar.yaml (grammarFile.ts), compiled to the same shape.
 */
import type { Language } from '../content/i18n/languages';
import { normalizeText } from '../text/normalize';
import { hasContentWordsIn } from '../text/tokenize';

export interface Grammar {
  readonly language: Language;
  /** Clause boundaries: punctuation and the words that start a clause (global). */
  readonly boundary: RegExp;
  /** A reply word at the start of a clause that is its own clause ("no I have space"). */
  readonly leadingReply: RegExp;
  /** A negation standing before a ruled-out phrase in its clause. */
  readonly negation: RegExp;
  /** An open question about the phrase ("whether", "check if", at the end of the text before it). */
  readonly openQuestion: RegExp;
  /** A clause that starts as a yes/no question; group 1 is its first word(s). */
  readonly auxStart: RegExp;
  /** A clause that starts as a question (isQuestion.ts). */
  readonly questionStart: RegExp;
  /**
   * A clause that starts with an auxiliary but has no subject ("is working now thank you", "did work", "is still
   * failing"): a statement with its subject dropped, not a question (unless it ends in "?"). Undefined: none.
   */
  readonly subjectless?: RegExp;
  /** "what now?", "what's next?": asks to carry on, not a question. */
  readonly carryOn: RegExp;
  /** Says the person is stuck or wondering ("I can't find it"). */
  readonly stuck: RegExp;
  /** Splits a message into clauses for questionKind. */
  readonly questionClauses: RegExp;
  /** Question words a misspelled first word of a clause is read as, and the words never read so. */
  readonly cueWords: readonly string[];
  readonly knownShort: ReadonlySet<string>;
  /** What may stand before the first word of a clause (for the misspelled-cue check); group 1, then the word in group 2. */
  readonly cueSpot: RegExp;
  /** Splits a reply into parts that may be different acts (dialogActs.ts). */
  readonly actSplit: RegExp;
  /** The connective opening a part, removed ("but", "and now" → "now"). */
  readonly actLead: RegExp;
  /**
   * Run-on replies without punctuation (actSegmentation.ts): where a question starts inside a reply ("… will i lose my
   * photos": a wh-word, or an auxiliary with its subject), and the start of a part that is one subordinate clause or
   * condition ("if i sign out will …": never cut). Undefined: run-on replies are not cut in this language.
   */
  readonly runOn?: { readonly question: RegExp; readonly dependent: RegExp };
  /** Words that name nothing (stop words, fillers, generic backup words): undefined = English's lists in tokenize.ts. */
  readonly emptyWords?: ReadonlySet<string>;
  /** Function words (knowledge search drops them) and the question words (it keeps them): undefined = English's. */
  readonly stopWords?: ReadonlySet<string>;
  readonly questionWords?: ReadonlySet<string>;
  /** Phrases that ask for this language ("in english", "en espanol"), on accent-folded text; undefined = none. */
  readonly switchTo?: RegExp;
}

/**
 * A short first clause (five words at most) and a comma, in every language: "no sirvió, pásame con una persona",
 * "didn't work, get me a person" (dialogActs.ts: an answer, then a command that leaves the walk).
 */
export const SHORT_FIRST_CLAUSE = /^\s*([^\s,.;!?]+(?:\s+[^\s,.;!?]+){0,4}),\s+(.+)$/su;

/** The text as this language's rules read it (normalised; accents folded outside English). */
export function normalizeFor(grammar: Grammar, text: string): string {
  return normalizeText(text, grammar.language);
}

/** Does the text contain a word that could name something (not a stop word, filler or generic backup word)? */
export function hasContentIn(grammar: Grammar, text: string): boolean {
  return hasContentWordsIn(text, grammar.language, grammar.emptyWords ?? new Set());
}


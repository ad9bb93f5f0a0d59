/**
 * intents/<lang>/grammar.yaml: a language's grammar for the NLU rules (grammar.ts), as lists of words and phrases
 * written as the rules see text — lower case, WITHOUT accents ("espanol", "n'", "ueber"); a trailing * stands for the
 * rest of a word, and "..." for up to three words ("finde ... nicht": "ich finde die Einstellung nicht"). intents/grammar.yaml (English) holds only the phrases that switch to English: English's other rules
 * are in code (englishGrammar.ts). Problems are ContentErrors naming FILE:LINE and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { words as frenchStopwords } from 'natural/lib/natural/util/stopwords_fr';
import { words as spanishStopwords } from 'natural/lib/natural/util/stopwords_es';
import { z } from 'zod';
import { ContentError } from '../content/contentError';
import { formatPath } from '../content/readYaml';
import { locateYaml } from '../content/sourceLines';
import { foldAccents } from '../text/languages';
import type { Language } from '../content/i18n/languages';
import { ENGLISH_GRAMMAR } from './englishGrammar';
import type { Grammar } from './grammar';

const GRAMMAR_FILE = 'grammar.yaml';

const phrase = z
  .string()
  .regex(/^[a-z0-9'-]+(?: (?:[a-z0-9'-]+|\.\.\.))*\*?$/, 'must be lower case words without accents (a-z, digits, \' and -) separated by single spaces ("..." for up to three words), optionally ending in *');
const phrases = z.array(phrase).min(1, 'must list at least one phrase');

const EnglishGrammarSchema = z.strictObject({ language: z.literal('en'), switchPhrases: phrases });

const GrammarSchema = z.strictObject({
  language: z.enum(['es', 'fr', 'de']),
  /** Words that start a new clause ("pero", "mais", "aber"). */
  clauseBoundaries: phrases,
  /** A reply word that is its own clause when one of `before` follows ("si mi wifi va bien"). */
  leadingReplies: z.strictObject({ words: phrases, before: phrases }),
  negations: phrases,
  /** "saber si", "savoir si", "ob": the phrase after them is asked about, not said. */
  openQuestions: phrases,
  /** A clause starting with one of these is a yes/no question ("¿" always is). */
  yesNoStarts: phrases,
  /** Words that start a question (isQuestion / questionKind). */
  questionStarts: phrases,
  /** A question start followed by one of these is a complaint ("kann nicht"). */
  notQuestionAfter: z.array(phrase).default([]),
  /** What may stand before a question word ("y", "pero", "hola"). */
  questionFillers: phrases,
  /** "y ahora que", "et maintenant": asks to carry on. */
  carryOn: phrases,
  /** "no encuentro", "je ne trouve pas": stuck or wondering (asks). */
  stuck: phrases,
  /** Words that start a reply's second act ("pero", "mais", "aber"). */
  actSplits: phrases,
  /** The last word of an actSplit that stays with the second act, as English keeps "now" of "and now" ("ahora me pide…"). */
  actKeep: z.array(phrase).default([]),
  /** Function words (besides natural's stop words of the language, when it has them): dropped by knowledge search too. */
  stopWords: z.array(phrase).default([]),
  /** Other words that name nothing here (fillers, generic backup words): "a backup that fails" names no cause. */
  emptyWords: phrases,
  /** Phrases that ask for this language, in any language ("en espanol", "in spanish"). */
  switchPhrases: phrases,
});

type GrammarData = z.infer<typeof GrammarSchema>;

const NATURAL_STOPWORDS: Partial<Record<Language, readonly string[]>> = { es: spanishStopwords, fr: frenchStopwords };

const escape = (p: string): string => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Phrases as one non-capturing alternation; longer first, spaces as \s+, a trailing * as \w*. */
function alt(list: readonly string[]): string {
  const sorted = [...list].sort((a, b) => b.length - a.length);
  const one = (p: string): string => escape(p).replace(/\\\*$/, '\\w*').replace(/ \\.\\.\\.(?= )/g, '(?:\\s+\\S+){0,3}').replace(/ /g, '\\s+');
  return `(?:${sorted.map(one).join('|')})`;
}

/** Reads and validates a grammar file: the parsed data, or a ContentError at FILE:LINE. */
function readGrammarFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  const shownFile = relative(process.cwd(), file) || file;
  const located = locateYaml(file, readFileSync(file, 'utf8'));
  const syntax = located.doc.errors[0];
  if (syntax) throw new ContentError(`${shownFile}:${syntax.linePos?.[0]?.line ?? 1}`, '', `is not valid YAML: ${syntax.message.split('\n')[0]}`);
  const parsed = schema.safeParse(located.doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ContentError(`${shownFile}:${located.lineOf(issue.path)}`, formatPath(issue.path), issue.message);
  }
  return parsed.data;
}

/** The grammar of the language whose data is in `intentsDir` (intents/ → English, intents/es → Spanish, …). */
export function loadGrammar(intentsDir: string, language: Language): Grammar {
  const file = join(intentsDir, GRAMMAR_FILE);
  if (language === 'en') {
    if (!existsSync(file)) return ENGLISH_GRAMMAR;
    const data = readGrammarFile(file, EnglishGrammarSchema);
    return { ...ENGLISH_GRAMMAR, switchTo: switchPattern(data.switchPhrases) };
  }
  if (!existsSync(file)) throw new ContentError(relative(process.cwd(), file) || file, '', `is missing: every language needs its grammar (see intents/es/${GRAMMAR_FILE})`);
  const data = readGrammarFile(file, GrammarSchema);
  if (data.language !== language) throw new ContentError(relative(process.cwd(), file) || file, 'language', `is "${data.language}" but the folder is intents/${language}`);
  return compileGrammar(data);
}

function switchPattern(list: readonly string[]): RegExp {
  return new RegExp(`(?:^|\\b)${alt(list)}(?:\\b|$)`);
}

/** The connective opening a reply's second act, removed, except a last word to keep ("y ahora me pide" → "ahora me pide"). */
function actLeadOf(splits: readonly string[], keep: readonly string[]): RegExp {
  const keeps = (s: string): string | undefined => keep.find((k) => s.endsWith(` ${k}`));
  const plain = splits.filter((s) => !keeps(s));
  const kept = splits.filter((s) => keeps(s)).map((s) => s.slice(0, -keeps(s)!.length - 1));
  const keptLead = kept.length > 0 ? `|${alt(kept)}\\s+(?=${alt(keep)}\\b)` : '';
  return new RegExp(`^(?:${alt(plain)}\\s+${keptLead})`, 'i');
}

/** The grammar's lists as the rules' patterns (the same shape as English's hand-written ones). */
function compileGrammar(g: GrammarData): Grammar {
  const fillers = alt(g.questionFillers);
  const notAfter = g.notQuestionAfter.length > 0 ? `(?!\\s+${alt(g.notQuestionAfter)}\\b)` : '';
  const singleStarts = g.questionStarts.filter((s) => /^[a-z]+$/.test(s));
  const stopWords = new Set([...g.stopWords, ...(NATURAL_STOPWORDS[g.language] ?? []).map((w) => foldAccents(w.toLowerCase()))]);
  const emptyWords = new Set([...g.emptyWords, ...stopWords]);
  return {
    language: g.language,
    boundary: new RegExp(`[.,;:!?()\\n]+|\\s-+\\s|\\b${alt(g.clauseBoundaries)}\\b`, 'g'),
    leadingReply: new RegExp(`^${alt(g.leadingReplies.words)}\\s+(?=${alt(g.leadingReplies.before)}\\b)`),
    negation: new RegExp(`\\b${alt(g.negations)}(?:\\b|(?<='))`),
    openQuestion: new RegExp(`\\b${alt(g.openQuestions)}\\b`),
    auxStart: new RegExp(`^(¿|${alt(g.yesNoStarts)}\\b)`),
    questionStart: new RegExp(`^(?:¿|(?:${fillers}[\\s,]+)*${alt(g.questionStarts)}\\b${notAfter})`),
    carryOn: new RegExp(`^(?:${fillers}\\s+)*${alt(g.carryOn)}\\b`),
    stuck: new RegExp(`\\b${alt(g.stuck)}\\b`),
    questionClauses: new RegExp(`[,;.!?]+|\\s+-\\s+|\\s+(?=${alt(g.actSplits)}\\s)`),
    cueWords: singleStarts.filter((w) => w.length >= 3),
    knownShort: new Set([...emptyWords, ...singleStarts]),
    cueSpot: new RegExp(`(^|[,;.!?¿]\\s*|\\b${fillers}\\s+)([a-z]+)\\b`, 'g'),
    actSplit: new RegExp(`(?<=[.!?…])\\s+|\\n+|\\s*;\\s*|,?\\s+(?=${alt(g.actSplits)}\\s)|,\\s+(?=¿|${alt(singleStarts)}\\b)`, 'i'),
    actLead: actLeadOf(g.actSplits, g.actKeep),
    emptyWords,
    stopWords,
    questionWords: new Set(singleStarts),
    switchTo: switchPattern(g.switchPhrases),
  };
}

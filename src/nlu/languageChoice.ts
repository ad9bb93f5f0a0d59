/**
 * Which language a turn is answered in (docs/languages.md):
 *   1. an explicit switch ("english please", "en español", "auf deutsch": each language's switchPhrases) → that;
 *   2. a message of MIN_WORDS+ words clearly in another language the bot understands → that; clearly in a language it
 *      does not → the current language, with `otherLanguage` (route none, topic other_language);
 *   3. the conversation's stored language; 4. the channel's `activity.locale` ("es-MX" → es); 5. English.
 * "Clearly" is franc-min (restricted to common languages) AND the words: the share of the message's words the
 * language's own training vocabulary knows. franc alone confuses close languages on short texts.
 */
import { languageOfLocale, type Language } from '../content/i18n/languages';
import { foldAccents, languageOfIso3 } from '../text/languages';
import { normalizeText } from '../text/normalize';
import { tokenize } from '../text/tokenize';
import type { Grammar } from './grammar';
import { CANDIDATE_LANGUAGES, NEUTRAL as ENGLISH_NEUTRAL, type Franc } from './language';

/** Messages with fewer words than this never switch the language by detection. */
export const MIN_WORDS = 4;
/** An explicit switch phrase counts in a message of at most this many words ("can you answer in english please"). */
const MAX_SWITCH_WORDS = 8;
/** Share of a message's words a language's vocabulary must know for it to be that language. */
const MIN_COVERAGE = 0.5;
/** franc's answer is taken when its language's vocabulary knows at least this share. */
const FRANC_COVERAGE = 0.3;
/** How much franc's naming a language counts, in shares of known words. */
const FRANC_BONUS = 0.2;
/** What franc may answer (ISO 639-3): English's detector's set, plus Catalan and Galician (close to Spanish). */
const CANDIDATES = [...CANDIDATE_LANGUAGES, 'cat', 'glg'];
/** Words that say nothing about the language: English's detector's (product names, units), plus German's "wlan". */
const NEUTRAL = new Set([...ENGLISH_NEUTRAL, 'wlan']);

export type Identified = { language: Language } | { other: string } | undefined;

/** A message judged (MIN_WORDS+ words): what was found, and franc-min's answer (run once per turn, passed on). */
export interface Judgement {
  identified: Identified;
  /** franc-min's ISO 639-3 answer ('und': none); absent when the words alone decided (franc not run). */
  franc?: string;
}

/** Names the language of a message of MIN_WORDS+ words (undefined: too short or unclear). */
export class LanguageIdentifier {
  /**
   * @param vocabularies each understood language's known words (accent-folded, as its tokenizer gives them)
   */
  constructor(
    private readonly franc: Franc,
    private readonly vocabularies: ReadonlyMap<Language, ReadonlySet<string>>,
  ) {}

  /** The share of the message's words each language knows. */
  coverage(text: string): Map<Language, number> {
    const out = new Map<Language, number>();
    for (const [language, words] of this.vocabularies) {
      const tokens = tokenize(normalizeText(text, language), language).filter((t) => !NEUTRAL.has(t) && !/^[0-9]+$/.test(t));
      out.set(language, tokens.length === 0 ? 0 : tokens.filter((t) => words.has(t)).length / tokens.length);
    }
    return out;
  }

  identify(text: string): Identified {
    return this.judge(text)?.identified;
  }

  /** The language of a message of MIN_WORDS+ words with franc's answer; undefined when too short to judge. */
  judge(text: string): Judgement | undefined {
    const judged = text.slice(0, 240).toLowerCase();
    const all = judged.match(/[\p{L}']+/gu) ?? [];
    if (all.length < MIN_WORDS) return undefined;
    const words = all.filter((w) => !NEUTRAL.has(w));
    const coverage = this.coverage(judged);
    // The words alone decide when franc's bonus could not change the winner: franc-min (the costlier half) is not run.
    const clear = clearWinner(coverage);
    if (clear) return { identified: { language: clear } };
    const code = words.length > 0 ? this.franc(words.join(' '), { minLength: 5, only: CANDIDATES }) : 'und';
    const named = languageOfIso3(code);
    // franc's answer is worth FRANC_BONUS of coverage: the words decide when they clearly say another language.
    let best: Language | undefined;
    let bestScore = -1;
    for (const [language, share] of coverage) {
      const score = share + (language === named ? FRANC_BONUS : 0);
      if (score > bestScore) [best, bestScore] = [language, score];
    }
    return { identified: decide(best, coverage.get(best ?? 'en') ?? 0, named, code), franc: code };
  }
}

/** The language whose vocabulary knows MIN_COVERAGE of the words and more than FRANC_BONUS more than any other's. */
function clearWinner(coverage: ReadonlyMap<Language, number>): Language | undefined {
  const [first, second] = [...coverage].sort((a, b) => b[1] - a[1]);
  if (!first || first[1] < MIN_COVERAGE) return undefined;
  return !second || first[1] - second[1] > FRANC_BONUS ? first[0] : undefined;
}

/** The language the coverage and franc say, another language nobody here speaks, or undefined (unclear). */
function decide(best: Language | undefined, share: number, named: Language | undefined, code: string): Identified {
  if (best === undefined) return undefined;
  if (share >= MIN_COVERAGE || (best === named && share >= FRANC_COVERAGE)) return { language: best };
  // Another language only when no understood language knows a fair share of the words ("no ha surtido efecto" is
  // Spanish whatever franc says): a wrong "I only understand…" is worse than reading it in the conversation's language.
  if (code === 'und' || named || share >= FRANC_COVERAGE) return undefined;
  return { other: code };
}

export interface LanguageChoiceInput {
  text: string;
  /** The conversation's language, stored in conversation state. */
  stored?: Language | undefined;
  /** The channel's activity.locale ("es-MX"). */
  locale?: string | undefined;
}

export interface LanguageChoice {
  language: Language;
  /** The language changed this turn (from the stored one, else from the locale's or English). */
  switched: boolean;
  /** The message is in a language the bot does not understand (ISO 639-3). */
  otherLanguage?: string;
  /** The message only asks for a language by name ("english please", "en español"). */
  explicit?: true;
  /** The message was judged (MIN_WORDS+ words): what was found and franc's answer, for the recognizer (TurnLanguage). */
  judged?: Judgement;
}

/** Chooses each turn's language among the languages the bot understands (those with a grammar and a model). */
export class LanguageChooser {
  constructor(
    private readonly grammars: ReadonlyMap<Language, Grammar>,
    readonly identifier?: LanguageIdentifier,
  ) {}

  choose(input: LanguageChoiceInput): LanguageChoice {
    const fromLocale = languageOfLocale(input.locale);
    const stored = input.stored && this.grammars.has(input.stored) ? input.stored : undefined;
    const known = fromLocale && this.grammars.has(fromLocale) ? fromLocale : undefined;
    const current: Language = stored ?? known ?? 'en';
    // A first message in another language sets the conversation's language; it switches one already set.
    const pick = (language: Language): LanguageChoice => ({ language, switched: language !== current && (stored ?? known) !== undefined });
    const asked = this.explicitSwitch(input.text);
    if (asked) return { ...pick(asked), explicit: true };
    const judged = this.identifier?.judge(input.text);
    const found = judged?.identified;
    const also = judged ? { judged } : {};
    if (found && 'language' in found) return { ...pick(found.language), ...also };
    if (found && 'other' in found) return { language: current, switched: false, otherLanguage: found.other, ...also };
    return { language: current, switched: false, ...also };
  }

  /** The language a short message asks for by name ("en español", "english please"), if any. */
  explicitSwitch(text: string): Language | undefined {
    const folded = foldAccents(text.toLowerCase()).replace(/[^a-z0-9' -]+/g, ' ').replace(/\s+/g, ' ').trim();
    if (folded === '' || folded.split(' ').length > MAX_SWITCH_WORDS) return undefined;
    for (const [language, grammar] of this.grammars) if (grammar.switchTo?.test(folded)) return language;
    return undefined;
  }
}

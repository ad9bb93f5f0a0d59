/**
 * One understanding per turn: the bot reads a message ONCE, at the start of its turn (SupportBot.run, before the turn
 * hooks), into a TurnUnderstanding — the classifier's intent and route, the dialog act of a reply, how it asks
 * something, the causes it rules out, its language and topic — and hands that same object to the hooks (CSAT,
 * analytics, hand-off relay) and the dialogs. Nothing classifies the text again in that turn.
 *
 * The understanding is built from a TurnInput, not from the activity: today the text a person typed; the seam for
 * other origins (e.g. text read from a screenshot, another issue) is `origin`.
 */
import type { TurnContext } from 'botbuilder';
import { REFERENCE_LANGUAGE, type Language } from '../content/i18n/languages';
import type { ActReader, ActReading } from '../nlu/dialogActs';
import type { QuestionKind } from '../nlu/isQuestion';
import type { LanguageChoice, LanguageChoiceInput } from '../nlu/languageChoice';
import type { NluResult, Recognizer, TurnLanguage } from '../nlu/types';

/** Where the text of a turn comes from. */
type TurnInputOrigin = 'typed' | 'image_text';

export interface TurnInput {
  /** The message's text, trimmed. */
  text: string;
  origin: TurnInputOrigin;
}

export interface TurnUnderstanding {
  input: TurnInput;
  /** = input.text. */
  text: string;
  /** Intent, route, confidence, ruled-out causes, topic, language. */
  nlu: NluResult;
  /** The dialog act of the message as a reply (undefined when no act reader is installed, as in some engine tests). */
  act?: ActReading;
  /** How the message asks something (questionKind: asks / tag / rising / none). */
  questionKind: QuestionKind;
  /** Causes the message says are not the problem (= nlu.ruledOut), in the article's order. */
  ruledOut: readonly string[];
  /** The language the bot answers in this turn (the person's; see docs/languages.md). */
  language: Language;
  /** The language changed this turn (an explicit switch or a message clearly in another language). */
  languageSwitched?: true;
  /**
   * The message only asks for a language ("english please", "en español"): not a reply, a complaint or a call for a
   * person. The dialogs say where the person is again, in that language (read as a greeting outside a walk).
   */
  languageRequest?: true;
  /** A language the bot does not speak (ISO 639-3), when the message is written in one. */
  otherLanguage?: string;
  /** Route none: the near-domain topic (restore, other_app_backup, …), when known. */
  topic?: string;
}

/** One language's readers (its recognizer, act reader and question form). */
export interface LanguageReaders {
  recognizer: Recognizer;
  acts?: ActReader;
  questionKind(text: string): QuestionKind;
}

/** The languages the bot understands and how a turn's language is chosen (src/nlu/languageChoice.ts). */
export interface Multilingual {
  chooser: { choose(input: LanguageChoiceInput): LanguageChoice };
  /** Every understood language but English (English's readers are the TurnUnderstander's own). */
  languages: ReadonlyMap<Language, LanguageReaders>;
  /** franc's ISO 639-3 code → the language, when understood ('spa' → es). */
  languageOfCode(code: string): Language | undefined;
}

/** What the turn knows about the conversation's language before reading the message. */
export interface LanguageContext {
  /** The conversation's language (conversation state). */
  stored?: Language | undefined;
  /** activity.locale. */
  locale?: string | undefined;
}

/** Builds a turn's understanding: language, classifier, question form and dialog act, each read once. */
export class TurnUnderstander {
  constructor(
    private readonly recognizer: Recognizer,
    private readonly questionKind: (text: string) => QuestionKind,
    private readonly acts: ActReader | undefined,
    /** Longer texts are not read (the main dialog says so). */
    private readonly maxLength: number,
    /** Other languages (absent: every turn is English, as before). */
    private readonly multilingual?: Multilingual,
  ) {}

  /** undefined for an empty or over-long text: there is nothing to understand. */
  understand(input: TurnInput, where: LanguageContext = {}): TurnUnderstanding | undefined {
    const text = input.text.trim();
    if (text === '' || text.length > this.maxLength) return undefined;
    const { choice, readers, nlu: read } = this.read(text, where);
    const nlu = choice.explicit ? languageRequestResult(text) : read;
    return {
      input: { ...input, text },
      text,
      nlu,
      ...(readers.acts && !choice.explicit ? { act: withPartQuestions(readers.acts.read(text), readers.questionKind) } : {}),
      ...(choice.explicit ? { languageRequest: true as const } : {}),
      questionKind: readers.questionKind(text),
      ruledOut: nlu.ruledOut,
      language: choice.language,
      ...(choice.switched ? { languageSwitched: true as const } : {}),
      ...(nlu.language ? { otherLanguage: nlu.language } : {}),
      ...(nlu.topic ? { topic: nlu.topic } : {}),
    };
  }

  /**
   * The language, its readers and the classification. A message in a language the bot does not understand is not
   * classified (route none, topic other_language); one English's own check finds in an understood language (a short
   * message the chooser did not judge) is read in that language.
   */
  private read(text: string, where: LanguageContext): { choice: LanguageChoice; readers: LanguageReaders; nlu: NluResult } {
    let choice = this.chooseLanguage(text, where);
    if (choice.otherLanguage) return { choice, readers: this.readersFor(choice.language), nlu: otherLanguageResult(text, choice.otherLanguage) };
    let readers = this.readersFor(choice.language);
    let nlu = readers.recognizer.recognize(text, turnLanguage(choice, choice.language));
    const found = nlu.language ? this.multilingual?.languageOfCode(nlu.language) : undefined;
    if (found && found !== choice.language && this.multilingual?.languages.has(found)) {
      choice = { language: found, switched: where.stored !== undefined && found !== where.stored };
      readers = this.readersFor(found);
      nlu = readers.recognizer.recognize(text, { ownLanguage: true });
    }
    return { choice, readers, nlu };
  }

  /** The turn's language without reading a message (no text, over-long text): the stored one, else the locale's, else English. */
  languageFor(where: LanguageContext): Language {
    return this.chooseLanguage('', where).language;
  }

  private chooseLanguage(text: string, where: LanguageContext): LanguageChoice {
    if (!this.multilingual) return { language: REFERENCE_LANGUAGE, switched: false };
    return this.multilingual.chooser.choose({ text, stored: where.stored, locale: where.locale });
  }

  private readersFor(language: Language): LanguageReaders {
    const other = language === REFERENCE_LANGUAGE ? undefined : this.multilingual?.languages.get(language);
    return other ?? { recognizer: this.recognizer, ...(this.acts ? { acts: this.acts } : {}), questionKind: this.questionKind };
  }
}

/**
 * A reply of several parts: how each part asks, in the reply's language ("thanks that fixed it. will it back up by
 * itself now" — its second part is a question whatever act the classifier gives it).
 */
function withPartQuestions(reading: ActReading, questionKind: (text: string) => QuestionKind): ActReading {
  if (reading.parts.length < 2) return reading;
  return { ...reading, parts: reading.parts.map((p) => ({ ...p, questionKind: questionKind(p.text) })) };
}

/**
 * The turn's language decision as the recognizer of `language` takes it: a message judged to be in that language needs
 * no check; one judged unclear brings franc's answer (not run again); a short one (not judged) is checked as before.
 */
function turnLanguage(choice: LanguageChoice, language: Language): TurnLanguage | undefined {
  const judged = choice.judged;
  if (!judged) return undefined;
  const identified = judged.identified;
  if (identified && 'language' in identified && identified.language === language) return { ownLanguage: true };
  return judged.franc === undefined ? undefined : { franc: judged.franc };
}

/** What the recognizer answers for a message in another language (recognizer.ts), without classifying it. */
function otherLanguageResult(text: string, language: string): NluResult {
  return { text, intent: 'none', confidence: 1, route: 'none', ruledOut: [], alternatives: [], topic: 'other_language', language };
}

/**
 * The text of a message activity, as a TurnInput (undefined for other activities or no text): what the person typed,
 * or, when the channel put the text read from their screenshot there (markImageText), origin 'image_text'.
 */
export function typedInput(context: TurnContext): TurnInput | undefined {
  const activity = context.activity;
  if (activity.type !== 'message' || typeof activity.text !== 'string') return undefined;
  return { text: activity.text.trim(), origin: context.turnState.get(IMAGE_TEXT) === true ? 'image_text' : 'typed' };
}

const IMAGE_TEXT = Symbol('imageText');

/** The channel (src/channels/images) says this message's text was read from an image the person sent. */
export function markImageText(context: TurnContext): void {
  context.turnState.set(IMAGE_TEXT, true);
}

/**
 * The bot (the one writer) attaches the turn's understanding to the TurnContext, because botbuilder-dialogs'
 * continueDialog takes no per-turn argument; the dialogs read it once with understandingOf and then pass it on
 * explicitly. Hooks get it as a parameter.
 */
const KEY = Symbol('turnUnderstanding');

export function attachUnderstanding(context: TurnContext, understanding: TurnUnderstanding | undefined): void {
  context.turnState.set(KEY, understanding);
}

/** The turn's understanding (undefined for events and for empty or over-long messages). */
export function understandingOf(context: TurnContext): TurnUnderstanding | undefined {
  return context.turnState.get(KEY) as TurnUnderstanding | undefined;
}

const LANGUAGE_KEY = Symbol('turnLanguage');

/** The bot attaches the turn's language (also for turns without an understanding: no text, over-long text, events). */
export function attachLanguage(context: TurnContext, language: Language): void {
  context.turnState.set(LANGUAGE_KEY, language);
}

/** The turn's language: the understanding's, or the conversation's when the turn has none (English by default). */
export function languageOf(context: TurnContext): Language {
  return (context.turnState.get(LANGUAGE_KEY) as Language | undefined) ?? understandingOf(context)?.language ?? REFERENCE_LANGUAGE;
}

/** A request for a language ("en español") is read as a greeting: outside a walk the welcome, in that language. */
function languageRequestResult(text: string): NluResult {
  return { text, intent: 'greeting', confidence: 1, route: 'greeting', ruledOut: [], alternatives: [] };
}

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
import type { NluResult, Recognizer } from '../nlu/types';

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
  /** A language the bot does not speak (ISO 639-3), when the message is written in one. */
  otherLanguage?: string;
  /** Route none: the near-domain topic (restore, other_app_backup, …), when known. */
  topic?: string;
}

/** Builds a turn's understanding: classifier, question form and dialog act, each read once. */
export class TurnUnderstander {
  constructor(
    private readonly recognizer: Recognizer,
    private readonly questionKind: (text: string) => QuestionKind,
    private readonly acts: ActReader | undefined,
    /** Longer texts are not read (the main dialog says so). */
    private readonly maxLength: number,
  ) {}

  /** undefined for an empty or over-long text: there is nothing to understand. */
  understand(input: TurnInput): TurnUnderstanding | undefined {
    const text = input.text.trim();
    if (text === '' || text.length > this.maxLength) return undefined;
    const nlu = this.recognizer.recognize(text);
    return {
      input: { ...input, text },
      text,
      nlu,
      ...(this.acts ? { act: this.acts.read(text) } : {}),
      questionKind: this.questionKind(text),
      ruledOut: nlu.ruledOut,
      language: REFERENCE_LANGUAGE,
      ...(nlu.language ? { otherLanguage: nlu.language } : {}),
      ...(nlu.topic ? { topic: nlu.topic } : {}),
    };
  }
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

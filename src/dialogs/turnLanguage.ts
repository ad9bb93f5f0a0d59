/**
 * The language the bot speaks in this turn: the turn's understanding's `language` (src/nlu decides it: an explicit
 * switch, the message's clear language, the conversation's, the channel's locale), or, for a turn without one (an
 * event, an empty or over-long message), the conversation's language as the bot knows it. SupportBot attaches it once
 * at the start of every turn, next to the understanding (botbuilder-dialogs' methods take no per-turn argument);
 * dialogs and hooks render with `content.in(turnLanguageOf(context))`, never with a language kept on a shared object.
 */
import type { TurnContext } from 'botbuilder';
import type { Language } from '../content/i18n/languages';

const KEY = Symbol('turnLanguage');

export function attachTurnLanguage(context: TurnContext, language: Language): void {
  context.turnState.set(KEY, language);
}

/** The turn's language; English when none was attached (a turn outside SupportBot, as in some unit tests). */
export function turnLanguageOf(context: TurnContext): Language {
  return (context.turnState.get(KEY) as Language | undefined) ?? 'en';
}

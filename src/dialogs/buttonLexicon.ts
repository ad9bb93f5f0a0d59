/** The reply buttons' titles, in every language, and the command each one means (exact titles win over any reading). */
import type { DialogContent } from '../content/loadContent';
import type { Language } from '../content/i18n/languages';
import type { LocalizedContent } from '../content/localizedContent';
import type { Prompts } from '../content/schema';
import { normalizeReply } from '../text/normalize';
import type { Command } from './commands';

/** A button's title (normalised) → what pressing it means. */
function buttonCommands(b: Prompts['buttons']): Array<[string, Command]> {
  return [
    [b.yes, 'affirm'],
    [b.goAhead, 'affirm'],
    [b.switchYes, 'affirm'],
    [b.done, 'affirm'],
    [b.no, 'deny'],
    [b.switchNo, 'deny'],
    [b.skip, 'skip'],
    [b.walkThrough, 'walk_through'],
    [b.human, 'human_agent'],
  ];
}

/**
 * The buttons of every language: a button means what it says whichever language its title is in (a person who
 * switched language may still press one of the earlier buttons). English first, so an English title keeps its meaning.
 */
export class ButtonLexicon {
  private readonly lexicon = new Map<string, Command>();

  constructor(contents: DialogContent | LocalizedContent) {
    const copies = 'all' in contents ? contents.all() : [{ language: 'en' as const, dialog: contents }];
    for (const { language, dialog } of copies) {
      for (const [title, command] of buttonCommands(dialog.prompts.buttons)) {
        // As typed or clicked (normalizeReply), and accent-folded as the language's replies are read ("si funciono").
        for (const key of [normalizeReply(title), normalizeReply(title, language)]) if (!this.lexicon.has(key)) this.lexicon.set(key, command);
      }
    }
  }

  /** The command of the button whose title `text` is (in any language), if it is one. */
  commandOf(text: string, language: Language): Command | undefined {
    return this.lexicon.get(normalizeReply(text, language)) ?? this.lexicon.get(normalizeReply(text));
  }
}

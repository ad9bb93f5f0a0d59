import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { DialogContent } from '../content/loadContent';
import type { LocalizedContent } from '../content/localizedContent';
import { fill } from '../content/template';
import { questionKind } from '../nlu/isQuestion';
import type { QuestionAnswerer } from './questionAnswerer';
import { withButtons } from './render';
import type { SessionAccessor } from './session';
import { languageOf, understandingOf } from './turnUnderstanding';
import { normalizeReply } from '../text/normalize';

export const CLARIFY_DIALOG = 'clarify';

export interface ClarifyOptions {
  /** Two cause ids to choose between, most likely first. */
  causes: [string, string];
  ruledOut: string[];
}

/** The chosen cause, or undefined for "something else". */
export interface ClarifyResult {
  cause?: string;
  ruledOut: string[];
}


/** Low confidence: "Is it about your iCloud storage, or your Wi-Fi connection?" with both as buttons. */
export class ClarifyDialog extends Dialog<ClarifyOptions> {
  constructor(
    /** What the bot says, per language; a button's title is recognised in any of them. */
    private readonly contents: LocalizedContent,
    private readonly questions?: QuestionAnswerer,
    private readonly sessions?: SessionAccessor,
  ) {
    super(CLARIFY_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: ClarifyOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('ClarifyDialog needs two causes');
    dc.activeDialog!.state.options = options;
    await this.ask(dc, options);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const options = dc.activeDialog!.state.options as ClarifyOptions;
    const said = normalizeReply(dc.context.activity.text ?? '');
    const copies: DialogContent[] = this.contents.all().map((copy) => copy.dialog);
    const picked = options.causes.find((id) =>
      copies.some((content) => {
        const cause = content.cause(id)!;
        return said === normalizeReply(cause.topic) || said === normalizeReply(cause.name);
      }),
    );
    if (picked) return dc.endDialog({ cause: picked, ruledOut: options.ruledOut } satisfies ClarifyResult);
    if (copies.some((content) => said === normalizeReply(content.prompts.clarifyNoneOfThese))) return dc.endDialog({ ruledOut: options.ruledOut } satisfies ClarifyResult);
    // A question here is answered (or honestly not), then the same choice is offered again.
    if (this.questions && this.sessions) {
      const text = dc.context.activity.text ?? '';
      const session = await this.sessions.get(dc.context);
      if (await this.questions.pick(dc.context, session, text)) return this.reask(dc, options);
      const kind = questionKind(text);
      if (kind === 'asks' || kind === 'tag') {
        const outcome = await this.questions.answer(dc.context, session, text);
        return outcome === 'didYouMean' ? Dialog.EndOfTurn : this.reask(dc, options);
      }
    }
    // Typed instead of clicking: take the classifier's view if it names a cause.
    const nlu = understandingOf(dc.context)?.nlu;
    if (nlu && this.contents.english.dialog.cause(nlu.route)) return dc.endDialog({ cause: nlu.route, ruledOut: nlu.ruledOut } satisfies ClarifyResult);
    return dc.endDialog({ ruledOut: options.ruledOut } satisfies ClarifyResult);
  }

  override async repromptDialog(context: DialogContext['context'], instance: { state: Record<string, unknown> }): Promise<void> {
    const options = instance.state.options as ClarifyOptions;
    const content = this.contents.in(languageOf(context)).dialog;
    const [a, b] = options.causes.map((id) => content.cause(id)!);
    await context.sendActivity(
      withButtons(context.activity.channelId, fill(content.prompts.clarify, { a: a!.topic, b: b!.topic }), [
        capitalise(a!.topic),
        capitalise(b!.topic),
        content.prompts.clarifyNoneOfThese,
      ]),
    );
  }

  private async reask(dc: DialogContext, options: ClarifyOptions): Promise<DialogTurnResult> {
    await this.ask(dc, options);
    return Dialog.EndOfTurn;
  }

  private async ask(dc: DialogContext, options: ClarifyOptions): Promise<void> {
    await this.repromptDialog(dc.context, { state: { options } });
  }
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

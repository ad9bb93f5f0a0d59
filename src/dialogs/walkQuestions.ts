/**
 * Questions asked in the middle of a walk: answered from the knowledge base (or a near-domain topic's redirect, as at
 * the start, or the honest fallback), after which the walk says the same step again. A question is never an answer:
 * nothing here moves the walk. "Did you mean: A / B?" waits for the pick instead of repeating the step.
 */
import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import type { LocalizedContent } from '../content/localizedContent';
import type { QuestionAnswerer } from './questionAnswerer';
import type { SessionState } from './session';
import { languageOf, type TurnUnderstanding } from './turnUnderstanding';

/** What the walk does after a question: the same step again, or wait for the pick of "Did you mean". */
export type AfterQuestion = 'resume' | 'didYouMean';

export class WalkQuestions {
  constructor(
    /** What the bot says, per language (with the near-domain topics). */
    private readonly contents: LocalizedContent,
    private readonly questions: QuestionAnswerer,
  ) {}

  /**
   * A question gets a confident answer, then a near-domain topic's redirect ("help with my WhatsApp backup"), then
   * "did you mean" or the honest fallback. "I can't find it" (cantDo) gets the step's help the same way, without the redirect.
   */
  async onQuestion(dc: DialogContext, session: SessionState, u: TurnUnderstanding, kind: 'question' | 'cantDo', solutionId: string): Promise<AfterQuestion> {
    const redirect = (): Promise<boolean> => this.redirectTopic(dc.context, u.nlu);
    if (kind === 'question' && (await this.questions.answerOrRedirect(dc.context, u.text, redirect, solutionId)) !== 'neither') return 'resume';
    const outcome = await this.questions.answer(dc.context, session, u.text, solutionId);
    return outcome === 'didYouMean' ? 'didYouMean' : 'resume';
  }

  /** Off-topic, as at the start: another language first, then a confident answer, then the topic's redirect, then the fallback. */
  async onOffTopic(dc: DialogContext, session: SessionState, u: TurnUnderstanding, solutionId: string): Promise<AfterQuestion> {
    const { text, nlu } = u;
    if (nlu.language && (await this.redirectTopic(dc.context, nlu))) return 'resume';
    const handled = await this.questions.answerOrRedirect(dc.context, text, () => this.redirectTopic(dc.context, nlu), solutionId);
    if (handled === 'neither' && (await this.questions.answer(dc.context, session, text, solutionId)) === 'didYouMean') return 'didYouMean';
    return 'resume';
  }

  /** Route none with a known near-domain topic (another app's backup, restoring…): its redirect, as at the start. */
  async redirectTopic(context: TurnContext, nlu: TurnUnderstanding['nlu']): Promise<boolean> {
    const topics = this.contents.in(languageOf(context)).topics;
    if (!topics || nlu.route !== 'none') return false;
    const topic = nlu.language ? undefined : nlu.topic ? topics.topic(nlu.topic) : undefined;
    if (nlu.language) {
      await context.sendActivity(topics.otherLanguage);
      return true;
    }
    if (!topic) return false;
    await context.sendActivity(`${topic.answer} ${topics.offerPerson}`);
    return true;
  }
}

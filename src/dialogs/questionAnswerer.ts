/**
 * Answers a person's question from the knowledge base, like a good support agent: the answer when retrieval is
 * confident; "Did you mean: A / B?" (buttons that work by click and by typing) when two answers are close; otherwise
 * the honest "I don't have a reliable answer" with where to get one. Unanswered and unsure questions are marked for
 * the operators' to-do list. The caller shows the step the person was on again.
 */
import type { TurnContext } from 'botbuilder';
import type { Language } from '../content/i18n/languages';
import type { LocalizedContent } from '../content/localizedContent';
import type { KnowledgeEntry, KnowledgeIndex, Retrieval } from '../knowledge';
import { languageOf } from './turnUnderstanding';
import { textMessage, withButtons } from './render';
import type { SessionState } from './session';
import { markUnansweredQuestion } from './turnQuestion';
import { normalizeReply } from '../text/normalize';

export type QuestionOutcome = 'answered' | 'didYouMean' | 'fallback';

/**
 * The knowledge base of a language (its questions and answers in that language); undefined: none, the honest
 * fallback. The one seam to the per-language search of src/knowledge (wired in src/index.ts).
 */
export type KnowledgeFor = (language: Language) => KnowledgeIndex | undefined;

const FIRST = /^(?:the )?(?:first|1st|1|a|top)(?: one)?$/;
const SECOND = /^(?:the )?(?:second|2nd|2|b|other|bottom|last)(?: one)?$/;

export class QuestionAnswerer {
  /** Without a knowledge base every question gets the honest fallback. */
  constructor(
    private readonly knowledge: KnowledgeFor,
    /** What the bot says, per language: each answer in the language of the turn. */
    private readonly contents: LocalizedContent,
    /** Whether a person can be reached here right now (agents signed in); without it, "talk to a person" is offered. */
    private readonly peopleAvailable: () => Promise<boolean> = async () => true,
  ) {}

  /** "I don't have a reliable answer to that" + where to get one: Apple Support, and a person here when one is on. */
  private async fallback(context: TurnContext): Promise<void> {
    const { prompts } = this.contents.in(languageOf(context)).dialog;
    let person = false;
    try {
      person = await this.peopleAvailable();
    } catch {
      person = false;
    }
    await context.sendActivity(textMessage(person ? `${prompts.unknownQuestion} ${prompts.unknownQuestionPerson}` : prompts.unknownQuestion));
  }

  private retrieve(language: Language, text: string, solutionId?: string): Retrieval {
    const index = this.knowledge(language);
    return index ? index.retrieve(text, { solutionId }) : { kind: 'unknown', confidence: 0, candidates: [] };
  }

  /** Answers `text` (a question) with the solution in context; records "did you mean" choices in the session. */
  async answer(context: TurnContext, session: SessionState, text: string, solutionId?: string): Promise<QuestionOutcome> {
    const result = this.retrieve(languageOf(context), text, solutionId);
    if (result.kind === 'answer') {
      await this.sendAnswer(context, result.entry);
      return 'answered';
    }
    const best = result.candidates[0]?.entry.id;
    if (result.kind === 'didYouMean') {
      session.questionChoices = result.options.map((o) => o.id);
      markUnansweredQuestion(context, { text, outcome: 'did_you_mean', ...(best ? { bestEntry: best } : {}), confidence: result.confidence });
      const { prompts } = this.contents.in(languageOf(context)).dialog;
      await context.sendActivity(withButtons(context.activity.channelId, prompts.didYouMean, [...result.options.map((o) => o.title), prompts.buttons.neither]));
      return 'didYouMean';
    }
    markUnansweredQuestion(context, { text, outcome: 'fallback', ...(best ? { bestEntry: best } : {}), confidence: result.confidence });
    await this.fallback(context);
    return 'fallback';
  }

  /** Would the knowledge base answer `text` confidently? (Lets a sure answer win over a half-sure command.) */
  answers(text: string, solutionId?: string, language: Language = 'en'): boolean {
    return this.retrieve(language, text, solutionId).kind === 'answer';
  }

  /** Answers only when confident (for messages that may or may not be questions); nothing is said otherwise. */
  async answerIfConfident(context: TurnContext, text: string, solutionId?: string): Promise<boolean> {
    const result = this.retrieve(languageOf(context), text, solutionId);
    if (result.kind !== 'answer') return false;
    await this.sendAnswer(context, result.entry);
    return true;
  }

  /**
   * A question that may be about a near-domain subject (route none with a topic: restoring, repairs…): a confident
   * knowledge-base answer first, and only then `redirect` (the topic's "where to go"; returns whether it said it).
   * The one order for questions before and during a walk: "how do I reboot my phone" is answered wherever it is
   * asked, even when the classifier leans to a topic. 'neither': nothing was said, the caller goes on.
   */
  async answerOrRedirect(context: TurnContext, text: string, redirect: () => Promise<boolean>, solutionId?: string): Promise<'answered' | 'redirected' | 'neither'> {
    if (await this.answerIfConfident(context, text, solutionId)) return 'answered';
    return (await redirect()) ? 'redirected' : 'neither';
  }

  /**
   * After "Did you mean: A / B?": the person's pick, by click (the button's title), by typing ("the first one",
   * or words of one option), or "Neither" (the honest fallback). Returns undefined when the message is not a pick;
   * the choice is offered once either way.
   */
  async pick(context: TurnContext, session: SessionState, text: string): Promise<QuestionOutcome | undefined> {
    const choice = this.choiceIn(session, text, languageOf(context));
    session.questionChoices = undefined;
    if (choice === undefined) return undefined;
    if (choice === 'neither') {
      await this.fallback(context);
      return 'fallback';
    }
    await this.sendAnswer(context, choice);
    return 'answered';
  }

  /** Does `text` pick one of the options offered in "Did you mean"? (Checked before commands: "I forgot it" is a pick there.) */
  picks(session: SessionState, text: string, language: Language = 'en'): boolean {
    return this.choiceIn(session, text, language) !== undefined;
  }

  private choiceIn(session: SessionState, text: string, language: Language): KnowledgeEntry | 'neither' | undefined {
    const ids = session.questionChoices;
    const index = this.knowledge(language);
    if (!ids || !index) return undefined;
    const options = ids.map((id) => index.content.entry(id)).filter((e): e is KnowledgeEntry => e !== undefined);
    if (options.length < 2) return undefined;
    const t = normalizeReply(text);
    if (t === normalizeReply(this.contents.in(language).dialog.prompts.buttons.neither) || /^(neither|none|none of (these|them|those)|no neither|something else)$/.test(t)) return 'neither';
    const exact = options.find((o) => normalizeReply(o.title) === t);
    if (exact) return exact;
    if (FIRST.test(t)) return options[0];
    if (SECOND.test(t)) return options[1];
    // Typed words of one option: rank only the two offered; one must clearly win.
    const ranked = index.rank(text).filter((c) => ids.includes(c.entry.id));
    const [a, b] = ranked;
    if (a && a.confidence >= index.thresholds.suggest && (!b || a.score >= b.score * 1.2)) return a.entry;
    return undefined;
  }

  private async sendAnswer(context: TurnContext, entry: KnowledgeEntry): Promise<void> {
    await context.sendActivity(textMessage(entry.answer));
  }
}

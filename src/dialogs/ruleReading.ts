/**
 * The reading of a reply without a dialog act (the reading before the act classifier, and the one for replies whose
 * act is unknown): question form, a leading yes/no word of replies.yaml, the intent classifier's control intents,
 * complaints. Also the checks the act reading shares with it (a command asked as a question, a complaint's cause).
 */
import type { DialogContent } from '../content/loadContent';
import type { Language } from '../content/i18n/languages';
import type { QuestionKind } from '../nlu/isQuestion';
import type { NluResult } from '../nlu/types';
import { normalizeReply } from '../text/normalize';
import { COMMANDS, type Command } from './commands';
import type { InterpretContext, Interpretation, InterpreterThresholds, ReplyWordsFor } from './interpretation';
import { GENERIC_ROUTE } from './walkPlan';

/** Classifier confidence at which a command phrased as a question is taken as the command, whatever else it could be. */
export const SURE_COMMAND = 0.9;

export class RuleReader {
  private readonly causeIds: ReadonlySet<string>;

  constructor(
    private readonly content: DialogContent,
    readonly thresholds: InterpreterThresholds,
    readonly questionKind: (text: string) => QuestionKind,
    /** Whether the knowledge base of the language answers a question confidently (solution in context, if any). */
    private readonly knowledgeAnswers: (text: string, solutionId?: string, language?: Language) => boolean,
    readonly wordsFor: ReplyWordsFor,
  ) {
    this.causeIds = new Set(content.causes.map((c) => c.id));
  }

  /**
   * A command asked as a question ("where was I?", "what can you do?", "can we go back?") is the command when the
   * classifier is very sure, or fairly sure and the knowledge base has no answer ("can you do it for me?" has one).
   */
  commandOverQuestion(text: string, nlu: NluResult, solutionId?: string, language?: Language): boolean {
    if (nlu.confidence >= SURE_COMMAND) return true;
    return nlu.confidence >= this.thresholds.answer && !this.knowledgeAnswers(text, solutionId, language);
  }

  /** "How do I contact Apple Support?" asks about Apple, not for a person here (the bot is not Apple). */
  asksAboutApple(text: string): boolean {
    return this.questionKind(text) !== 'none' && /\bapple\b/i.test(text);
  }

  /** The classifier recognised one of the follow-up question intents ("I can't find that option", "will I lose my photos"). */
  isQuestionIntent(nlu: NluResult): boolean {
    const answer = this.content.answerFor(nlu.intent);
    return answer !== undefined && !answer.onlyWhenAsked && nlu.confidence >= this.thresholds.answer;
  }

  /**
   * A complaint about what we're already fixing (or a bare "still failing") means it didn't work; a cause the
   * classifier is sure of, another than this solution's, is a new cause. (When causes are ruled out, the route is only
   * the article-order fallback, not something the person named.)
   */
  complaint(nlu: NluResult, ctx: InterpretContext): Interpretation | undefined {
    const complaint = (this.causeIds.has(nlu.route) || nlu.route === GENERIC_ROUTE) && nlu.ruledOut.length === 0;
    if (!complaint) return undefined;
    if (nlu.route === GENERIC_ROUTE || ctx.currentCauses.includes(nlu.route) || nlu.route === ctx.route) return { kind: 'command', command: 'deny' };
    if (nlu.confidence >= this.thresholds.confidence) return { kind: 'newCause', cause: nlu.route };
    return undefined;
  }

  /** The reading without a dialog act: question form, a leading yes/no, the classifier's control intents, complaints. */
  read(text: string, nlu: NluResult, ctx: InterpretContext, kind: QuestionKind): Interpretation {
    const confident = nlu.confidence >= this.thresholds.confidence;
    if (confident && nlu.intent === 'human_agent' && !this.asksAboutApple(text)) return { kind: 'command', command: 'human_agent' };
    return this.asQuestion(text, nlu, ctx, kind) ?? this.asAnswer(text, nlu, ctx);
  }

  /**
   * A question is never an answer: not yes, not no, not "still failing", not a new cause — unless it only ends in
   * "?" and clearly reports a new problem ("it now says not enough storage?"). Clear navigation asked as a question
   * ("can we go back?", "where was I?") is still navigation.
   */
  private asQuestion(text: string, nlu: NluResult, ctx: InterpretContext, kind: QuestionKind): Interpretation | undefined {
    if (kind !== 'none' && nlu.intent === 'skip' && this.commandOverQuestion(text, nlu, ctx.solutionId, ctx.language)) return { kind: 'command', command: 'skip' };
    if (kind === 'asks' || kind === 'tag') return { kind: 'question' };
    if (kind === 'rising') {
      const reading = this.read(text.replace(/\?+\s*$/, ''), nlu, ctx, 'none');
      return reading.kind === 'newCause' ? reading : { kind: 'question' };
    }
    return this.isQuestionIntent(nlu) ? { kind: 'question' } : undefined;
  }

  /** The reply says yes or no in the words of replies.yaml (a leading yes or no, "it worked"): no guess. */
  saidInReplyWords(text: string, language: Language = 'en'): boolean {
    const t = normalizeReply(text, language);
    const words = this.wordsFor(language);
    return (words.leadingYes.test(t) && !words.yesUnless.test(t)) || words.success.test(t) || words.leadingNo.test(t);
  }

  /** A clear control intent, then a leading yes/no, then a complaint; a weak control intent for a short reply. */
  private asAnswer(text: string, nlu: NluResult, ctx: InterpretContext): Interpretation {
    const t = normalizeReply(text, ctx.language);
    const confident = nlu.confidence >= this.thresholds.confidence;
    // A clear control intent wins over a leading yes/no ("no, skip it", "yes go back").
    if (confident && COMMANDS.has(nlu.intent) && nlu.intent !== 'affirm' && nlu.intent !== 'deny') {
      return { kind: 'command', command: nlu.intent as Command };
    }
    const words = this.wordsFor(ctx.language ?? 'en');
    if (words.leadingYes.test(t) && !words.yesUnless.test(t)) return { kind: 'command', command: 'affirm' };
    if (words.success.test(t) && !words.negated.test(t.replace(/^no+ (need|worries|problem)\b/, ''))) return { kind: 'command', command: 'affirm' };
    if (words.leadingNo.test(t)) return { kind: 'command', command: 'deny' };
    if (confident && (nlu.intent === 'affirm' || nlu.intent === 'deny')) return { kind: 'command', command: nlu.intent };

    const complaint = this.complaint(nlu, ctx);
    if (complaint) return complaint;
    // Weak control intents are still better than not understanding a short reply.
    if (COMMANDS.has(nlu.intent) && nlu.confidence >= this.thresholds.confidence / 2 && t.split(' ').length <= 4) {
      return { kind: 'command', command: nlu.intent as Command };
    }
    return { kind: 'unknown' };
  }
}

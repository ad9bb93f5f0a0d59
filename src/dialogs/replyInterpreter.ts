import type { DialogContent } from '../content/loadContent';
import { defaultReplyPatterns, type ReplyPatterns } from '../content/loadReplies';
import type { Prompts } from '../content/schema';
import type { QuestionKind } from '../nlu/isQuestion';
import type { NluResult } from '../nlu/types';
import { COMMANDS, GLOBAL_COMMANDS, type Command } from './commands';
import { GENERIC_ROUTE } from './walkPlan';

/** What a person's message means at a point where the bot is waiting for an answer. */
export type Interpretation =
  | { kind: 'command'; command: Command }
  /** "ok", "alright": an acknowledgement, not an answer to "did it work?". */
  | { kind: 'acknowledgement' }
  /** A question: answered from the knowledge base (or honestly not), never taken as yes/no. */
  | { kind: 'question' }
  | { kind: 'newCause'; cause: string }
  | { kind: 'unknown' };

export interface InterpretContext {
  /** The cause the current solution addresses (a complaint about the same cause means "still failing"). */
  currentCauses: readonly string[];
  /** The walk's route. */
  route?: string;
  /** The solution the person is on. */
  solutionId?: string;
}

export interface InterpreterThresholds {
  /** Minimum confidence for a conversation-control intent (yes, no, skip…) to count inside a dialog. */
  confidence: number;
  /** Minimum confidence to answer a follow-up question (a wrong answer is worse than asking again). */
  answer: number;
}

const norm = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();


/** Classifier confidence at which a command phrased as a question is taken as the command, whatever else it could be. */
const SURE_COMMAND = 0.9;

/**
 * Interprets replies in a dialog: exact button titles first, then follow-up questions, then a leading yes/no,
 * then the classifier's control intents, then complaints. Built once per content set.
 */
export class ReplyInterpreter {
  private readonly buttonLexicon: Map<string, Command>;
  private readonly causeIds: ReadonlySet<string>;

  constructor(
    private readonly content: DialogContent,
    private readonly thresholds: InterpreterThresholds,
    private readonly questionKind: (text: string) => QuestionKind,
    /** Whether the knowledge base answers a question confidently (solution in context, if any). */
    private readonly knowledgeAnswers: (text: string, solutionId?: string) => boolean = () => false,
    /** The yes / no / acknowledgement / success words (intents/replies.yaml). */
    private readonly words: ReplyPatterns = defaultReplyPatterns(),
  ) {
    const b: Prompts['buttons'] = content.prompts.buttons;
    this.buttonLexicon = new Map<string, Command>([
      [norm(b.yes), 'affirm'],
      [norm(b.goAhead), 'affirm'],
      [norm(b.switchYes), 'affirm'],
      [norm(b.done), 'affirm'],
      [norm(b.no), 'deny'],
      [norm(b.switchNo), 'deny'],
      [norm(b.skip), 'skip'],
      [norm(b.walkThrough), 'walk_through'],
      [norm(b.human), 'human_agent'],
    ]);
    this.causeIds = new Set(content.causes.map((c) => c.id));
  }

  /**
   * A command asked as a question ("where was I?", "what can you do?", "can we go back?") is the command when the
   * classifier is very sure, or fairly sure and the knowledge base has no answer ("can you do it for me?" has one).
   */
  private commandOverQuestion(text: string, nlu: NluResult, solutionId?: string): boolean {
    if (nlu.confidence >= SURE_COMMAND) return true;
    return nlu.confidence >= this.thresholds.answer && !this.knowledgeAnswers(text, solutionId);
  }

  /** "How do I contact Apple Support?" asks about Apple, not for a person here (the bot is not Apple). */
  private asksAboutApple(text: string): boolean {
    return this.questionKind(text) !== 'none' && /\bapple\b/i.test(text);
  }

  /** How the message asks something (see questionKind in src/nlu/isQuestion.ts). */
  kindOfQuestion(text: string): QuestionKind {
    return this.questionKind(text);
  }

  /** The classifier recognised one of the follow-up question intents ("I can't find that option", "will I lose my photos"). */
  isQuestionIntent(nlu: NluResult): boolean {
    const answer = this.content.answerFor(nlu.intent);
    return answer !== undefined && !answer.onlyWhenAsked && nlu.confidence >= this.thresholds.answer;
  }

  /** help / cancel / start over / talk to a person: these work the same at any point of a conversation. */
  globalCommand(text: string, nlu: NluResult): Command | undefined {
    const button = this.buttonLexicon.get(norm(text));
    if (button) return GLOBAL_COMMANDS.has(button) ? button : undefined;
    // A question needs a surer classifier to be taken as a command ("what does it remove?" is not a call for help).
    if (!GLOBAL_COMMANDS.has(nlu.intent as Command)) return undefined;
    if (nlu.intent === 'human_agent' && this.asksAboutApple(text)) return undefined;
    if (this.questionKind(text) === 'none') return nlu.confidence >= this.thresholds.confidence ? (nlu.intent as Command) : undefined;
    return this.commandOverQuestion(text, nlu) ? (nlu.intent as Command) : undefined;
    return undefined;
  }

  interpret(text: string, nlu: NluResult, ctx: InterpretContext): Interpretation {
    const t = norm(text);
    // Before the buttons: "Done" (the step-by-step button) is an acknowledgement too — "next step" there, but not
    // "it worked" when the question is whether the fix worked.
    if (this.words.acknowledgement.test(t)) return { kind: 'acknowledgement' };
    const button = this.buttonLexicon.get(t);
    if (button) return { kind: 'command', command: button };

    const confident = nlu.confidence >= this.thresholds.confidence;
    if (confident && nlu.intent === 'human_agent' && !this.asksAboutApple(text)) return { kind: 'command', command: 'human_agent' };

    // A question is never an answer: not yes, not no, not "still failing", not a new cause — unless it only ends in
    // "?" and clearly reports a new problem ("it now says not enough storage?"). Clear navigation asked as a question
    // ("can we go back?", "where was I?") is still navigation.
    const kind = this.questionKind(text);
    const asked = kind !== 'none';
    const navigation = ['repeat', 'go_back', 'where_was_i', 'walk_through', 'skip'].includes(nlu.intent);
    if (asked && navigation && this.commandOverQuestion(text, nlu, ctx.solutionId)) return { kind: 'command', command: nlu.intent as Command };
    if (kind === 'asks' || kind === 'tag') return { kind: 'question' };
    if (kind === 'rising') {
      const reading = this.interpret(text.replace(/\?+\s*$/, ''), nlu, ctx);
      return reading.kind === 'newCause' ? reading : { kind: 'question' };
    }
    if (this.isQuestionIntent(nlu)) return { kind: 'question' };

    // A clear control intent wins over a leading yes/no ("no, skip it", "yes go back").
    if (confident && COMMANDS.has(nlu.intent) && nlu.intent !== 'affirm' && nlu.intent !== 'deny') {
      return { kind: 'command', command: nlu.intent as Command };
    }
    if (this.words.leadingYes.test(t) && !this.words.yesUnless.test(t)) return { kind: 'command', command: 'affirm' };
    if (this.words.success.test(t) && !this.words.negated.test(t.replace(/^no+ (need|worries|problem)\b/, ''))) return { kind: 'command', command: 'affirm' };
    if (this.words.leadingNo.test(t)) return { kind: 'command', command: 'deny' };
    if (confident && (nlu.intent === 'affirm' || nlu.intent === 'deny')) return { kind: 'command', command: nlu.intent };

    // A complaint: about what we're already fixing (or a bare "still failing") means it didn't work.
    // (When causes are ruled out, the route is only the article-order fallback, not something the person named.)
    const complaint = (this.causeIds.has(nlu.route) || nlu.route === GENERIC_ROUTE) && nlu.ruledOut.length === 0;
    if (complaint) {
      if (nlu.route === GENERIC_ROUTE || ctx.currentCauses.includes(nlu.route) || nlu.route === ctx.route) {
        return { kind: 'command', command: 'deny' };
      }
      if (confident) return { kind: 'newCause', cause: nlu.route };
    }
    // Weak control intents are still better than not understanding a short reply.
    if (COMMANDS.has(nlu.intent) && nlu.confidence >= this.thresholds.confidence / 2 && t.split(' ').length <= 4) {
      return { kind: 'command', command: nlu.intent as Command };
    }
    return { kind: 'unknown' };
  }
}

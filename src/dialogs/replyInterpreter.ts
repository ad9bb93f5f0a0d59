import type { DialogContent } from '../content/loadContent';
import type { Language } from '../content/i18n/languages';
import type { LocalizedContent } from '../content/localizedContent';
import { defaultReplyPatterns, type ReplyPatterns } from '../content/loadReplies';
import type { Prompts } from '../content/schema';
import type { DialogAct } from '../content/loadActs';
import type { QuestionKind } from '../nlu/isQuestion';
import type { NluResult } from '../nlu/types';
import { COMMANDS, GLOBAL_COMMANDS, type Command } from './commands';
import type { TurnUnderstanding } from './turnUnderstanding';
import { GENERIC_ROUTE } from './walkPlan';
import { normalizeReply } from '../text/normalize';

/** What a person's message means at a point where the bot is waiting for an answer. */
export type Interpretation =
  | { kind: 'command'; command: Command }
  /** "ok", "just a sec", "I cleared some space, running it again": progress, not an answer to "did it work?". */
  | { kind: 'acknowledgement' }
  /** A question: answered from the knowledge base (or honestly not), never taken as yes/no. */
  | { kind: 'question' }
  /** "I can't find it", "it's greyed out": the step's help from the knowledge base, then the same step. */
  | { kind: 'cantDo' }
  /** "Already tried that": the next solution, acknowledged. */
  | { kind: 'alreadyTried' }
  | { kind: 'newCause'; cause: string }
  /** "thanks", "lol", "are you there?": the small-talk reply when the classifier knows one, then the same step. */
  | { kind: 'smallTalk' }
  /** Another app's backup, another device…: the topic's redirect (as at the start) or the honest fallback, then the same step. */
  | { kind: 'offTopic' }
  /** Two acts in one reply ("yes it worked, but how do I stop it happening again?"): both, in the order said. */
  | { kind: 'both'; answer: Interpretation; question: string; questionFirst: boolean }
  | { kind: 'unknown' };

export interface InterpretContext {
  /** The cause the current solution addresses (a complaint about the same cause means "still failing"). */
  currentCauses: readonly string[];
  /** The walk's route. */
  route?: string;
  /** The solution the person is on. */
  solutionId?: string;
  /** The language of the reply (default: the understanding's). */
  language?: Language;
}

/** The yes / no / acknowledgement / success words of a language (intents/<lang>/replies.yaml; English: intents/replies.yaml). */
export type ReplyWordsFor = (language: Language) => ReplyPatterns;

export interface InterpreterThresholds {
  /** Minimum confidence for a conversation-control intent (yes, no, skip…) to count inside a dialog. */
  confidence: number;
  /** Minimum confidence to answer a follow-up question (a wrong answer is worse than asking again). */
  answer: number;
}

/** Acts that answer "did it work?" (or say what happened instead). */
const ANSWER_ACTS: readonly DialogAct[] = ['fixed', 'not_fixed', 'doing_it', 'already_tried', 'new_symptom_or_cause'];
/**
 * Below this probability of "question" (the act classifier's) a reply that starts like a question is not one
 * ("did that last night already"). Never for fixed / not_fixed: a question is never read as yes or no.
 */
const NOT_A_QUESTION = 0.02;

/** Classifier confidence at which a command phrased as a question is taken as the command, whatever else it could be. */
const SURE_COMMAND = 0.9;

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
function buttonLexiconOf(contents: DialogContent | LocalizedContent): Map<string, Command> {
  const copies = 'all' in contents ? contents.all() : [{ language: 'en' as const, dialog: contents }];
  const lexicon = new Map<string, Command>();
  for (const { language, dialog } of copies) {
    for (const [title, command] of buttonCommands(dialog.prompts.buttons)) {
      // As typed or clicked (normalizeReply), and accent-folded as the language's replies are read ("si funciono").
      for (const key of [normalizeReply(title), normalizeReply(title, language)]) if (!lexicon.has(key)) lexicon.set(key, command);
    }
  }
  return lexicon;
}

/**
 * Interprets replies in a dialog: exact button titles first, then follow-up questions, then a leading yes/no,
 * then the classifier's control intents, then complaints. Built once per content set.
 */
export class ReplyInterpreter {
  private readonly buttonLexicon: Map<string, Command>;
  private readonly causeIds: ReadonlySet<string>;
  private readonly content: DialogContent;
  private readonly wordsFor: ReplyWordsFor;

  constructor(
    /** The content (English), or every language's (the buttons of each are recognised). */
    contents: DialogContent | LocalizedContent,
    private readonly thresholds: InterpreterThresholds,
    private readonly questionKind: (text: string) => QuestionKind,
    /** Whether the knowledge base of the language answers a question confidently (solution in context, if any). */
    private readonly knowledgeAnswers: (text: string, solutionId?: string, language?: Language) => boolean = () => false,
    /** The yes / no / acknowledgement / success words (intents/replies.yaml), or each language's. */
    words: ReplyPatterns | ReplyWordsFor = defaultReplyPatterns(),
  ) {
    this.content = 'all' in contents ? contents.english.dialog : contents;
    this.buttonLexicon = buttonLexiconOf(contents);
    this.causeIds = new Set(this.content.causes.map((c) => c.id));
    this.wordsFor = typeof words === 'function' ? words : () => words;
  }

  /**
   * A command asked as a question ("where was I?", "what can you do?", "can we go back?") is the command when the
   * classifier is very sure, or fairly sure and the knowledge base has no answer ("can you do it for me?" has one).
   */
  private commandOverQuestion(text: string, nlu: NluResult, solutionId?: string, language?: Language): boolean {
    if (nlu.confidence >= SURE_COMMAND) return true;
    return nlu.confidence >= this.thresholds.answer && !this.knowledgeAnswers(text, solutionId, language);
  }

  /** "How do I contact Apple Support?" asks about Apple, not for a person here (the bot is not Apple). */
  private asksAboutApple(text: string): boolean {
    return this.questionKind(text) !== 'none' && /\bapple\b/i.test(text);
  }

  /** The command of the button whose title `text` is (in any language), if it is one. */
  private button(text: string, language: Language): Command | undefined {
    return this.buttonLexicon.get(normalizeReply(text, language)) ?? this.buttonLexicon.get(normalizeReply(text));
  }

  /** Minimum classifier confidence for a small-talk reply ("thanks" → "You're welcome!") inside a dialog. */
  get smallTalkConfidence(): number {
    return this.thresholds.confidence;
  }

  /** "ok", "done", "alright" (replies.yaml acknowledgement words): "next" in step-by-step mode. */
  isPlainAcknowledgement(text: string, language: Language = 'en'): boolean {
    return this.wordsFor(language).acknowledgement.test(normalizeReply(text, language));
  }

  /** The classifier recognised one of the follow-up question intents ("I can't find that option", "will I lose my photos"). */
  isQuestionIntent(nlu: NluResult): boolean {
    const answer = this.content.answerFor(nlu.intent);
    return answer !== undefined && !answer.onlyWhenAsked && nlu.confidence >= this.thresholds.answer;
  }

  /**
   * help / cancel / start over / talk to a person: these work the same at any point of a conversation. While a
   * dialog waits for an answer, a sure dialog act "human" or "cancel" counts too ("get me an agnet", "gtg").
   */
  globalCommand(u: TurnUnderstanding, inDialog = false): Command | undefined {
    const found = this.globalCommandOf(u.text, u.nlu, u.language);
    if (found && inDialog && !this.actAgrees(u, found)) return undefined;
    if (found || !inDialog || u.act?.parts.length !== 1) return found;
    // A button's title or a reply word ("Done", "ok") means what it says, whatever the act classifier makes of it.
    if (this.button(u.text, u.language) || this.wordsFor(u.language).acknowledgement.test(normalizeReply(u.text, u.language))) return undefined;
    const nlu = u.nlu;
    if (u.act.act === 'human' && !this.asksAboutApple(u.text)) return 'human_agent';
    if (u.act.act === 'cancel') return nlu.intent === 'start_over' || nlu.alternatives.slice(0, 1).some((a) => a.intent === 'start_over') ? 'start_over' : 'cancel';
    return undefined;
  }

  /**
   * In a dialog, the classifier's cancel / start over / person counts when a sure dialog act does not say otherwise
   * ("retrying now" is progress, not "stop"): the act classifier knows replies at a step, the intent model complaints.
   */
  private actAgrees(u: TurnUnderstanding, command: Command): boolean {
    const act = u.act;
    if (!act || act.act === 'unknown' || this.button(u.text, u.language)) return true;
    if (command === 'cancel' || command === 'start_over') return act.parts.some((p) => p.act === 'cancel');
    if (command === 'human_agent') return act.parts.some((p) => p.act === 'human') || u.nlu.confidence >= SURE_COMMAND;
    return true;
  }

  private globalCommandOf(text: string, nlu: NluResult, language: Language): Command | undefined {
    const button = this.button(text, language);
    if (button) return GLOBAL_COMMANDS.has(button) ? button : undefined;
    // A question needs a surer classifier to be taken as a command ("what does it remove?" is not a call for help).
    if (!GLOBAL_COMMANDS.has(nlu.intent as Command)) return undefined;
    if (nlu.intent === 'human_agent' && this.asksAboutApple(text)) return undefined;
    if (this.questionKind(text) === 'none') return nlu.confidence >= this.thresholds.confidence ? (nlu.intent as Command) : undefined;
    return this.commandOverQuestion(text, nlu, undefined, language) ? (nlu.intent as Command) : undefined;
  }

  /**
   * What a reply means: the exact buttons and words of replies.yaml first, then the dialog act (when it is sure),
   * then the rules below (the reading without an act classifier, and for replies whose act is unknown).
   */
  interpret(u: TurnUnderstanding, given: InterpretContext): Interpretation {
    // "english please" at a step: say the step again, now in that language.
    if (u.languageRequest) return { kind: 'command', command: 'repeat' };
    const ctx: InterpretContext = { ...given, language: given.language ?? u.language };
    const { text, nlu } = u;
    const t = normalizeReply(text, ctx.language);
    if (this.wordsFor(ctx.language!).acknowledgement.test(t)) return { kind: 'acknowledgement' };
    const button = this.button(text, ctx.language!);
    if (button) return { kind: 'command', command: button };
    const asked = u.questionKind !== 'none';
    const navigation = ['repeat', 'go_back', 'where_was_i', 'walk_through'].includes(nlu.intent);
    if (asked && navigation && this.commandOverQuestion(text, nlu, ctx.solutionId, ctx.language)) return { kind: 'command', command: nlu.intent as Command };
    const byAct = u.act && u.act.act !== 'unknown' ? this.fromActs(u, ctx) : undefined;
    return byAct ?? this.byRules(text, nlu, ctx, u.questionKind);
  }

  /** The reading of a sure dialog act (two acts with a question: both, in order). */
  private fromActs(u: TurnUnderstanding, ctx: InterpretContext): Interpretation | undefined {
    const parts = u.act!.parts;
    if (parts.length >= 2) {
      const asking = (a: DialogAct): boolean => a === 'question' || a === 'cant_do';
      const q = parts.findIndex((p) => asking(p.act));
      const other = parts.findIndex((p) => !asking(p.act));
      if (q >= 0 && other >= 0) {
        const answer = this.ofAct(parts[other]!.act, u, ctx, 'none');
        const answers = answer.kind === 'command' || answer.kind === 'acknowledgement' || answer.kind === 'alreadyTried' || answer.kind === 'newCause';
        return answers ? { kind: 'both', answer, question: parts[q]!.text, questionFirst: q < other } : { kind: 'question' };
      }
      // "no, and now it says not enough storage": the later answer is what stands now ("nope. it just stops" is a no).
      const answers = parts.filter((p) => ANSWER_ACTS.includes(p.act));
      const last = answers[answers.length - 1] ?? parts[parts.length - 1]!;
      return this.ofAct(last.act, u, ctx, u.questionKind, last.question);
    }
    return this.ofAct(parts[0]!.act, u, ctx, u.questionKind, parts[0]!.question);
  }

  /**
   * One act's meaning. A question is never an answer: a reply that starts as a question ("hw can i check…",
   * "is the next one going to delete stuff") is a question whatever act the classifier leans to, unless it asks
   * for a person, to stop, to skip, or says it cannot find something.
   */
  private ofAct(act: DialogAct, u: TurnUnderstanding, ctx: InterpretContext, kind: QuestionKind, questionShare = 1): Interpretation {
    // Phrased as a question: a question, unless the classifier all but rules that out ("did that last night already").
    const surelyNot = questionShare < NOT_A_QUESTION && act !== 'fixed' && act !== 'not_fixed';
    if (kind === 'asks' && [...ANSWER_ACTS, 'small_talk', 'correction'].includes(act) && !surelyNot) return { kind: 'question' };
    switch (act) {
      case 'fixed':
        return { kind: 'command', command: 'affirm' };
      case 'not_fixed':
        return kind === 'tag' ? { kind: 'question' } : { kind: 'command', command: 'deny' };
      case 'doing_it':
        return { kind: 'acknowledgement' };
      case 'already_tried':
        return { kind: 'alreadyTried' };
      case 'skip':
        return { kind: 'command', command: 'skip' };
      case 'cant_do':
        return { kind: 'cantDo' };
      case 'question':
        return { kind: 'question' };
      case 'new_symptom_or_cause':
        return this.complaint(u.nlu, ctx) ?? (u.nlu.ruledOut.length > 0 ? { kind: 'unknown' } : { kind: 'command', command: 'deny' });
      case 'correction': {
        const reading = this.byRules(u.text, u.nlu, ctx, kind);
        return reading.kind === 'newCause' || (reading.kind === 'command' && ['affirm', 'deny', 'go_back'].includes(reading.command))
          ? reading
          : { kind: 'command', command: 'go_back' };
      }
      case 'human':
        return this.asksAboutApple(u.text) ? { kind: 'question' } : { kind: 'command', command: 'human_agent' };
      case 'small_talk':
        return { kind: 'smallTalk' };
      case 'off_topic':
        return { kind: 'offTopic' };
      case 'cancel':
        // Handled as a global command before the dialog (globalCommand); here only when that did not apply.
        return this.byRules(u.text, u.nlu, ctx, kind);
    }
  }

  /**
   * A complaint about what we're already fixing (or a bare "still failing") means it didn't work; a cause the
   * classifier is sure of, another than this solution's, is a new cause. (When causes are ruled out, the route is only
   * the article-order fallback, not something the person named.)
   */
  private complaint(nlu: NluResult, ctx: InterpretContext): Interpretation | undefined {
    const complaint = (this.causeIds.has(nlu.route) || nlu.route === GENERIC_ROUTE) && nlu.ruledOut.length === 0;
    if (!complaint) return undefined;
    if (nlu.route === GENERIC_ROUTE || ctx.currentCauses.includes(nlu.route) || nlu.route === ctx.route) return { kind: 'command', command: 'deny' };
    if (nlu.confidence >= this.thresholds.confidence) return { kind: 'newCause', cause: nlu.route };
    return undefined;
  }

  /** The reading without a dialog act: question form, a leading yes/no, the classifier's control intents, complaints. */
  private byRules(text: string, nlu: NluResult, ctx: InterpretContext, kind: QuestionKind): Interpretation {
    const t = normalizeReply(text, ctx.language);
    const confident = nlu.confidence >= this.thresholds.confidence;
    if (confident && nlu.intent === 'human_agent' && !this.asksAboutApple(text)) return { kind: 'command', command: 'human_agent' };

    // A question is never an answer: not yes, not no, not "still failing", not a new cause — unless it only ends in
    // "?" and clearly reports a new problem ("it now says not enough storage?"). Clear navigation asked as a question
    // ("can we go back?", "where was I?") is still navigation.
    const asked = kind !== 'none';
    if (asked && nlu.intent === 'skip' && this.commandOverQuestion(text, nlu, ctx.solutionId, ctx.language)) return { kind: 'command', command: 'skip' };
    if (kind === 'asks' || kind === 'tag') return { kind: 'question' };
    if (kind === 'rising') {
      const plain = text.replace(/\?+\s*$/, '');
      const reading = this.byRules(plain, nlu, ctx, 'none');
      return reading.kind === 'newCause' ? reading : { kind: 'question' };
    }
    if (this.isQuestionIntent(nlu)) return { kind: 'question' };

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

/**
 * The dialog act(s) a reading amounts to, for `npm run eval` (the rules-only reading and the act classifier's are
 * scored on the same held-out replies). `answered`: whether the knowledge base would answer the text confidently
 * (an unknown reply is then answered as a question at a step).
 */
export function actsOf(reading: Interpretation, answered: boolean): Array<DialogAct | 'unknown'> {
  switch (reading.kind) {
    case 'command':
      return [COMMAND_ACTS[reading.command]];
    case 'acknowledgement':
      return ['doing_it'];
    case 'question':
      return ['question'];
    case 'cantDo':
      return ['cant_do'];
    case 'alreadyTried':
      return ['already_tried'];
    case 'newCause':
      return ['new_symptom_or_cause'];
    case 'smallTalk':
      return ['small_talk'];
    case 'offTopic':
      return ['off_topic'];
    case 'both': {
      const first = actsOf(reading.answer, false);
      return reading.questionFirst ? ['question', ...first] : [...first, 'question'];
    }
    case 'unknown':
      return [answered ? 'question' : 'unknown'];
  }
}

/** What each command does at a step, as a dialog act. */
const COMMAND_ACTS: Readonly<Record<Command, DialogAct>> = {
  affirm: 'fixed',
  deny: 'not_fixed',
  skip: 'skip',
  repeat: 'cant_do',
  go_back: 'correction',
  where_was_i: 'question',
  walk_through: 'cant_do',
  help: 'cant_do',
  cancel: 'cancel',
  start_over: 'cancel',
  human_agent: 'human',
  greeting: 'small_talk',
  thanks: 'small_talk',
};

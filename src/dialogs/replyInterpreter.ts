/**
 * The reply interpreter: what a person's message means while a dialog waits for an answer. Exact button titles and
 * reply words first (buttonLexicon.ts, replies.yaml), then the dialog act when it is sure (actInterpretation.ts), then
 * the rules (ruleReading.ts: the reading without an act classifier, and for replies whose act is unknown).
 */
import type { DialogContent } from '../content/loadContent';
import type { Language } from '../content/i18n/languages';
import type { LocalizedContent } from '../content/localizedContent';
import { defaultReplyPatterns, type ReplyPatterns } from '../content/loadReplies';
import type { QuestionKind } from '../nlu/isQuestion';
import type { NluResult } from '../nlu/types';
import { normalizeReply } from '../text/normalize';
import { ActInterpreter } from './actInterpretation';
import { failedBefore } from './answerBeforeCommand';
import { ButtonLexicon } from './buttonLexicon';
import { GLOBAL_COMMANDS, type Command } from './commands';
import { actsOf, type InterpretContext, type Interpretation, type InterpreterThresholds, type ReplyWordsFor } from './interpretation';
import { RuleReader, SURE_COMMAND } from './ruleReading';
import type { TurnUnderstanding } from './turnUnderstanding';

/** An emoji (normalizeReply drops them). */
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/**
 * The act reader's best act below its threshold but at least this likely (about 3 times chance among 13 acts) is a
 * lean worth checking with the person.
 */
const LIKELY_ACT = 0.25;

/** The intent model all but certain (navigation against an unsure act reader), and the act reader sure. */
const CERTAIN_INTENT = 0.99;
const SURE_ACT = 0.8;

/** The intent model's navigation commands (no dialog act of their own). */
const NAVIGATION: readonly string[] = ['repeat', 'go_back', 'where_was_i', 'walk_through'];

/** Readings after which the walk is somewhere else (or closed): never on a guess the act reader disagrees with. */
function movesTheWalk(reading: Interpretation): boolean {
  if (reading.kind === 'command') return ['affirm', 'deny', 'skip', 'go_back'].includes(reading.command);
  return reading.kind === 'alreadyTried' || reading.kind === 'newCause';
}

export { actsOf, type InterpretContext, type Interpretation, type InterpreterThresholds, type ReplyWordsFor } from './interpretation';

/**
 * Interprets replies in a dialog: exact button titles first, then follow-up questions, then a leading yes/no,
 * then the classifier's control intents, then complaints. Built once per content set.
 */
export class ReplyInterpreter {
  private readonly buttons: ButtonLexicon;
  private readonly rules: RuleReader;
  private readonly acts: ActInterpreter;
  private readonly wordsFor: ReplyWordsFor;

  constructor(
    /** The content (English), or every language's (the buttons of each are recognised). */
    contents: DialogContent | LocalizedContent,
    thresholds: InterpreterThresholds,
    questionKind: (text: string) => QuestionKind,
    /** Whether the knowledge base of the language answers a question confidently (solution in context, if any). */
    knowledgeAnswers: (text: string, solutionId?: string, language?: Language) => boolean = () => false,
    /** The yes / no / acknowledgement / success words (intents/replies.yaml), or each language's. */
    words: ReplyPatterns | ReplyWordsFor = defaultReplyPatterns(),
  ) {
    const content = 'all' in contents ? contents.english.dialog : contents;
    this.buttons = new ButtonLexicon(contents);
    this.wordsFor = typeof words === 'function' ? words : () => words;
    this.rules = new RuleReader(content, thresholds, questionKind, knowledgeAnswers, this.wordsFor);
    this.acts = new ActInterpreter(this.rules);
  }

  /** Minimum classifier confidence for a small-talk reply ("thanks" → "You're welcome!") inside a dialog. */
  get smallTalkConfidence(): number {
    return this.rules.thresholds.confidence;
  }

  /**
   * "ok", "done", "alright" (replies.yaml acknowledgement words): "next" in step-by-step mode. Not with an emoji: the
   * words are matched on text without its emoji, and "👍🏻 all done" says more than "all done" (the act reader reads it).
   */
  isPlainAcknowledgement(text: string, language: Language = 'en'): boolean {
    return !PICTOGRAPH.test(text) && this.wordsFor(language).acknowledgement.test(normalizeReply(text, language));
  }

  /** The reply reports that it works now ("it worked", "backup completed"): replies.yaml's success words, not negated. */
  saysSuccess(text: string, language: Language = 'en'): boolean {
    const words = this.wordsFor(language);
    const t = normalizeReply(text, language);
    return words.success.test(t) && !words.negated.test(t);
  }

  /** The classifier recognised one of the follow-up question intents ("I can't find that option", "will I lose my photos"). */
  isQuestionIntent(nlu: NluResult): boolean {
    return this.rules.isQuestionIntent(nlu);
  }

  /**
   * help / cancel / start over / talk to a person: these work the same at any point of a conversation. While a
   * dialog waits for an answer, a sure dialog act "human" or "cancel" counts too ("get me an agnet", "gtg").
   */
  globalCommand(u: TurnUnderstanding, inDialog = false): Command | undefined {
    const found = this.globalCommandOf(u.text, u.nlu, u.language);
    if (found && inDialog && !this.actAgrees(u, found)) return undefined;
    if (found || !inDialog || !u.act) return found;
    // "didn't work, get me a person": the answer is noted (answerBeforeCommand.ts), then the person asked for.
    if (failedBefore(u, 'human_agent') && !this.rules.asksAboutApple(u.text)) return 'human_agent';
    if (u.act.parts.length !== 1) return undefined;
    // A button's title or a reply word ("Done", "ok") means what it says, whatever the act classifier makes of it.
    if (this.buttons.commandOf(u.text, u.language) || this.isPlainAcknowledgement(u.text, u.language)) return undefined;
    const nlu = u.nlu;
    // The two models disagree: the surer one decides ("repeat that pls": the act human 0.69, the intent repeat 0.999).
    if (this.surerNavigation(u)) return undefined;
    if (u.act.act === 'human' && !this.rules.asksAboutApple(u.text)) return 'human_agent';
    if (u.act.act === 'cancel') return nlu.intent === 'start_over' || nlu.alternatives.slice(0, 1).some((a) => a.intent === 'start_over') ? 'start_over' : 'cancel';
    return undefined;
  }

  /**
   * In a dialog, the classifier's cancel / start over / person counts when a sure dialog act does not say otherwise
   * ("retrying now" is progress, not "stop"): the act classifier knows replies at a step, the intent model complaints.
   */
  private actAgrees(u: TurnUnderstanding, command: Command): boolean {
    const act = u.act;
    if (!act || act.act === 'unknown' || this.buttons.commandOf(u.text, u.language)) return true;
    if (command === 'cancel' || command === 'start_over') return act.parts.some((p) => p.act === 'cancel');
    // A sure intent "person" stands against another sure act, unless it is asked ("are you human?" is small talk).
    if (command === 'human_agent') return act.parts.some((p) => p.act === 'human') || (u.nlu.confidence >= SURE_COMMAND && u.questionKind === 'none');
    return true;
  }

  /**
   * A navigation command (repeat, go back, where was I, step by step) the intent model is all but certain of while the
   * act reader is unsure of its act: the act list has no navigation act, so the act reader's guess is its nearest act
   * ("repeat that pls": human 0.59). Not for a merely sure intent ("sorry for the wait" is repeat at 0.91, small talk
   * for the act reader at 0.49).
   */
  private surerNavigation(u: TurnUnderstanding): boolean {
    return NAVIGATION.includes(u.nlu.intent) && u.nlu.confidence >= CERTAIN_INTENT && (u.act?.confidence ?? 0) < SURE_ACT;
  }

  private globalCommandOf(text: string, nlu: NluResult, language: Language): Command | undefined {
    const button = this.buttons.commandOf(text, language);
    if (button) return GLOBAL_COMMANDS.has(button) ? button : undefined;
    // A question needs a surer classifier to be taken as a command ("what does it remove?" is not a call for help).
    if (!GLOBAL_COMMANDS.has(nlu.intent as Command)) return undefined;
    if (nlu.intent === 'human_agent' && this.rules.asksAboutApple(text)) return undefined;
    if (this.rules.questionKind(text) === 'none') return nlu.confidence >= this.rules.thresholds.confidence ? (nlu.intent as Command) : undefined;
    return this.rules.commandOverQuestion(text, nlu, undefined, language) ? (nlu.intent as Command) : undefined;
  }

  /**
   * What a reply means: the exact buttons and words of replies.yaml first, then the dialog act (when it is sure),
   * then the rules (the reading without an act classifier, and for replies whose act is unknown).
   */
  interpret(u: TurnUnderstanding, given: InterpretContext): Interpretation {
    // "english please" at a step: say the step again, now in that language.
    if (u.languageRequest) return { kind: 'command', command: 'repeat' };
    const ctx: InterpretContext = { ...given, language: given.language ?? u.language };
    const { text, nlu } = u;
    if (this.isPlainAcknowledgement(text, ctx.language)) return { kind: 'acknowledgement' };
    const button = this.buttons.commandOf(text, ctx.language!);
    if (button) return { kind: 'command', command: button };
    const asked = u.questionKind !== 'none';
    const navigation = NAVIGATION.includes(nlu.intent);
    if (this.surerNavigation(u)) return { kind: 'command', command: nlu.intent as Command };
    // Asked as a question, a navigation command needs a sure classifier, or an act reader that does not read a question
    // ("can you repeat that?" is a command; "what does it do exactly", 0.52 walk_through, is a question).
    const actAsks = u.act?.act === 'question';
    if (asked && navigation && (nlu.confidence >= SURE_COMMAND || (!actAsks && this.rules.commandOverQuestion(text, nlu, ctx.solutionId, ctx.language)))) {
      return { kind: 'command', command: nlu.intent as Command };
    }
    const byAct = u.act && u.act.act !== 'unknown' ? this.acts.fromActs(u, ctx) : undefined;
    if (byAct) return byAct;
    const reading = this.rules.read(text, nlu, ctx, u.questionKind);
    return u.act ? this.checkedAgainstAct(reading, u, ctx) : reading;
  }

  /**
   * The act reader was not sure (below its threshold) and the rules read the reply. When its best act is still
   * reasonably likely: an unknown reading carries it (the dialog then asks its question again rather than saying it did
   * not understand), and a reading that moves the walk but comes from no reply word of replies.yaml (a complaint read
   * as "still failing", the intent model's unsure skip) is not acted on when that act says otherwise ("verified, last backup
   * 2 min ago" is no "still failing", "that was meant for someone else" is no "skip").
   */
  private checkedAgainstAct(reading: Interpretation, u: TurnUnderstanding, ctx: InterpretContext): Interpretation {
    const likely = u.act!.confidence >= LIKELY_ACT ? u.act!.best : undefined;
    if (!likely) return reading;
    if (reading.kind === 'unknown') return { kind: 'unknown', likely };
    // A reply word of replies.yaml, or an intent the model is all but certain of ("volver atrás"), is no guess.
    if (!movesTheWalk(reading) || this.rules.saidInReplyWords(u.text, ctx.language) || u.nlu.confidence >= SURE_COMMAND) return reading;
    return actsOf(reading, false).includes(likely) ? reading : { kind: 'unknown', likely };
  }
}

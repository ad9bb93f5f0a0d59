import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { DialogContent } from '../content/loadContent';
import type { Solution } from '../content/schema';
import { fill } from '../content/template';
import { COMMANDS, type Command } from './commands';
import { confirmText, solutionText, stepText, textMessage, withButtons } from './render';
import type { QuestionAnswerer } from './questionAnswerer';
import type { Interpretation, ReplyInterpreter } from './replyInterpreter';
import { recordSolution, type ConversationOutcome, type SessionAccessor } from './session';
import { languageOf, understandingOf, type TurnUnderstanding } from './turnUnderstanding';
import type { LocalizedContent } from '../content/localizedContent';
import { planWalk } from './walkPlan';
import { asksYesOrNo, onWalkCommand, STATE, type WalkState } from './walkCommands';
import { resumeText, walkPrompt } from './walkPrompt';
import { WalkQuestions, type AfterQuestion } from './walkQuestions';
import { WalkReplies, type WalkReplyMoves } from './walkReplies';
import { asksForStep, movesToNextStep, stepNumberNamed, stepOverHelp } from './walkSteps';

export const TROUBLESHOOT_DIALOG = 'troubleshoot';


/** Whether the dialog in progress is a walk asking a yes/no question of its own (asksYesOrNo). */
function walkAsksYesOrNo(instance: DialogInstance | undefined): boolean {
  return instance?.id === TROUBLESHOOT_DIALOG && asksYesOrNo(instance.state[STATE] as WalkState | undefined);
}

/** "i don't get step 2" (help to the intent classifier) while a walk asks about a solution: walkSteps.stepOverHelp. */
export function unlessStepNamed(command: Command | undefined, instance: DialogInstance | undefined, text: string, speech: DialogContent): Command | undefined {
  return instance?.id === TROUBLESHOOT_DIALOG ? stepOverHelp(command, instance.state[STATE] as WalkState | undefined, text, speech) : command;
}

/**
 * What the main dialog reads global commands (cancel, person…) from while `instance` is the dialog in progress. At a
 * walk's own yes/no question the act reader's cancel and human, learned from replies to "did it work?", do not start
 * one ("go for it" reads as cancel, "no stay here" too); its other acts still overrule the intent classifier's cancel
 * as everywhere in a dialog ("not now" is skip there).
 */
export function forGlobalCommands(u: TurnUnderstanding, instance: DialogInstance | undefined): TurnUnderstanding {
  if (!walkAsksYesOrNo(instance) || !u.act?.parts.some((p) => p.act === 'cancel' || p.act === 'human')) return u;
  const { act: _act, ...rest } = u;
  return rest;
}

export interface TroubleshootOptions {
  route: string;
  ruledOut: string[];
  /** Said before the first solution (e.g. the cause's explanation). */
  opening?: string;
}

/** Why a walk ended. */
export interface TroubleshootResult {
  outcome: ConversationOutcome;
}

/**
 * The reply to a yes/no question of the walk's own (asksYesOrNo): a yes, a no or a skip of the act reader stands (👍,
 * 👎, "yes go ahead", "not now"), and so does its question when the grammar sees one too (a question is never an
 * answer: "what does it do exactly" is no "walk me through it"; "sure do it" is no question); its other acts, learned
 * from replies to "did it work?", do not ("go for it" is no cancel, "ok go ahead" no small talk there), and the intent
 * classifier and the reply words read the reply instead.
 */
function asYesOrNo(u: TurnUnderstanding): TurnUnderstanding {
  const asked = u.act?.act === 'question' && u.questionKind !== 'none';
  if (u.act?.parts.length === 1 && (['fixed', 'not_fixed', 'skip'].includes(u.act.act) || asked)) return u;
  const { act: _act, ...rest } = u;
  return rest;
}

/**
 * Walks a person through the solutions for a route, one solution per turn: steps, "did that fix it?",
 * the next solution on "no", the final Apple Support turn at the end. Generic: all text comes from content.
 * Reads each reply once and hands it on: questions to WalkQuestions, answers to WalkReplies, commands to walkCommands.ts;
 * the question of each phase is drawn by walkPrompt.ts.
 */
export class TroubleshootDialog extends Dialog<TroubleshootOptions> implements WalkReplyMoves {
  /** The English content: the walk's ids, order and structure (the same in every language). */
  private readonly content: DialogContent;
  private readonly walkQuestions: WalkQuestions;
  private readonly replies: WalkReplies;

  constructor(
    /** What the bot says, per language (with the near-domain topics: an off-topic question mid-walk gets the same redirect as at the start). */
    private readonly contents: LocalizedContent,
    private readonly interpreter: ReplyInterpreter,
    private readonly sessions: SessionAccessor,
    private readonly questions: QuestionAnswerer,
  ) {
    super(TROUBLESHOOT_DIALOG);
    this.content = contents.english.dialog;
    this.walkQuestions = new WalkQuestions(contents, questions);
    this.replies = new WalkReplies(this, interpreter, sessions, questions, this.content);
  }

  /** The content in this turn's language. */
  speech(context: TurnContext): DialogContent {
    return this.contents.in(languageOf(context)).dialog;
  }

  /** The current solution in this turn's language (what is shown; `current` is the reference). */
  private shown(context: TurnContext, state: WalkState): Solution {
    return this.speech(context).solution(state.plan[state.index]!)!;
  }

  override async beginDialog(dc: DialogContext, options?: TroubleshootOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('TroubleshootDialog needs a route');
    const plan = planWalk(this.content, options.route, options.ruledOut);
    const state: WalkState = { route: options.route, ruledOut: [...options.ruledOut], plan, index: 0, phase: 'ask', step: 0 };
    dc.activeDialog!.state[STATE] = state;
    const session = await this.sessions.get(dc.context);
    session.route = options.route;
    session.ruledOut = [...options.ruledOut];
    session.outcome = undefined;
    if (options.opening) await dc.context.sendActivity(textMessage(options.opening));
    return this.present(dc, state);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state[STATE] as WalkState;
    const understanding = understandingOf(dc.context);
    if (!understanding) return this.reprompt(dc, state);
    return this.onReply(dc, state, understanding);
  }

  /** A reply at the current point of the walk, read once for the turn (TurnUnderstanding). */
  private async onReply(dc: DialogContext, state: WalkState, u: TurnUnderstanding): Promise<DialogTurnResult> {
    const { text, nlu } = u;
    const solution = this.current(state);
    const session = await this.sessions.get(dc.context);
    // After "Did you mean: A / B?": a pick answers the question, then the same step again.
    if (await this.questions.pick(dc.context, session, text)) return this.resume(dc, state);
    const meaning = this.interpreter.interpret(asksYesOrNo(state) ? asYesOrNo(u) : u, {
      currentCauses: this.content.causes.filter((c) => c.solution === solution.id).map((c) => c.id),
      route: state.route,
      solutionId: solution.id,
    });
    // "i pay for 2tb so it can't be storage" at Solution 1: this solution's cause ruled out, whatever act it reads as.
    if (this.replies.rulesOutCurrent(state, u, meaning)) return (await this.replies.onRuledOut(dc, state, u, { kind: 'ruledOut' }))!;
    // "can you explain step 2": that step of this solution, and the same question (walkSteps.ts).
    const named = await this.onNamedStep(dc, state, u, meaning);
    if (named) return named;
    // "?" alone ("??", "¿?") has no word to look up: the person is lost, so the step is said again (not "I don't have an answer").
    if (['question', 'cantDo', 'offTopic', 'unknown'].includes(meaning.kind) && /^[\s?¿!.]+$/u.test(text)) return this.command(dc, state, 'repeat');
    // A question is never an answer: it gets an answer, "did you mean", or the honest fallback, then the same step.
    // "I can't find it" gets the step's help the same way.
    if (meaning.kind === 'question' || meaning.kind === 'cantDo') return this.afterQuestion(dc, state, await this.walkQuestions.onQuestion(dc, session, u, meaning.kind, solution.id));
    if (meaning.kind === 'both') return this.replies.answerAndAct(dc, state, meaning, u);
    // Step by step, "done" / 👍 is the next step, but "it worked" / "backup works now" says the backup works: fixed.
    if (state.phase === 'step' && movesToNextStep(meaning) && this.interpreter.saysSuccess(text, u.language)) return this.command(dc, { ...state, phase: 'ask' }, 'affirm');
    // "sorry i meant it DID work": a correction that says it worked (the act reader's saysNow), whatever cause its other words suggest.
    if (u.act?.act === 'correction' && u.act.parts[0]?.saysNow === 'fixed' && state.phase === 'ask') return this.replies.earlierFixed(dc, state);
    if (meaning.kind === 'offTopic') return this.afterQuestion(dc, state, await this.walkQuestions.onOffTopic(dc, session, u, solution.id));
    if (meaning.kind === 'smallTalk') return this.onSmallTalk(dc, state, u);
    const ruledOut = await this.replies.onRuledOut(dc, state, u, meaning);
    if (ruledOut) return ruledOut;
    // Not read as a reply, about a near-domain topic ("help with my onedrive backup instead"): its redirect, as at the start.
    if (meaning.kind === 'unknown' && (await this.walkQuestions.redirectTopic(dc.context, nlu))) return this.resume(dc, state);
    return this.replies.onAnswer(dc, state, meaning, u);
  }

  /**
   * Small talk at a step ("lol", "cool thanks"): the small-talk reply when the classifier knows one, then the same step.
   * An "ok" of it ("okie dokie", "k": the classifier's affirm) is the walk's "ok" — progress, go ahead, next step — and a
   * walk command's small-talk reply (the goodbye, "anything else?") is what is said outside a walk, never here.
   */
  private async onSmallTalk(dc: DialogContext, state: WalkState, u: TurnUnderstanding): Promise<DialogTurnResult> {
    const { nlu } = u;
    const sure = nlu.confidence >= this.interpreter.smallTalkConfidence;
    if (sure && nlu.intent === 'affirm') return this.replies.onProgress(dc, state, u);
    const walkMove = COMMANDS.has(nlu.intent) && nlu.intent !== 'greeting' && nlu.intent !== 'thanks';
    const reply = sure && !walkMove ? this.speech(dc.context).smallTalkFor(nlu.intent) : undefined;
    if (reply) await dc.context.sendActivity(reply.text);
    return this.reprompt(dc, state);
  }

  /**
   * A step of the current solution named by its number ("can you explain step 2", "whats step 1 again"): that step is
   * shown and the same question asked again; step by step, the walk goes to that step. "I can't find…" naming a step
   * gets the knowledge base's confident help first, when it has one. A number the solution has no step for ("what about
   * step 3" of two) shows its steps again. undefined when the reply names no step, or answers
   * (walkSteps.asksForStep).
   */
  private async onNamedStep(dc: DialogContext, state: WalkState, u: TurnUnderstanding, meaning: Interpretation): Promise<DialogTurnResult | undefined> {
    if ((state.phase !== 'ask' && state.phase !== 'step') || !asksForStep(meaning)) return undefined;
    const speech = this.speech(dc.context);
    const solution = this.shown(dc.context, state);
    const n = stepNumberNamed(u.text, speech.prompts.stepOf);
    if (n === undefined) return undefined;
    if (n > solution.steps.length) return this.command(dc, state, 'repeat');
    if (meaning.kind === 'cantDo' && (await this.questions.answerIfConfident(dc.context, u.text, solution.id))) return this.resume(dc, state);
    if (state.phase === 'step') state.step = n - 1;
    else await dc.context.sendActivity(textMessage(stepText(speech, solution, n - 1)));
    return this.reprompt(dc, state);
  }

  /** After a question: the same step again, or (after "Did you mean") wait for the pick. */
  private afterQuestion(dc: DialogContext, state: WalkState, after: AfterQuestion): Promise<DialogTurnResult> {
    return after === 'didYouMean' ? Promise.resolve(Dialog.EndOfTurn) : this.resume(dc, state);
  }

  /** Re-shows where the person is (after help, an interruption, or when resumed). */
  override async repromptDialog(context: TurnContext, instance: { state: Record<string, unknown> }): Promise<void> {
    const state = instance.state[STATE] as WalkState;
    await this.sendPrompt(context, state);
  }

  current(state: WalkState): Solution {
    return this.content.solution(state.plan[state.index]!)!;
  }

  command(dc: DialogContext, state: WalkState, command: Command): Promise<DialogTurnResult> {
    return onWalkCommand(this, this.speech(dc.context), dc, state, command);
  }

  /** The person agreed to switch to the cause offered: the walk starts again for it, the current solution skipped. */
  async switchToPendingCause(dc: DialogContext, state: WalkState): Promise<DialogTurnResult> {
    if (!state.afterNotFixed) await this.record(dc.context, this.current(state), 'skipped');
    const options: TroubleshootOptions = {
      route: state.pendingCause!,
      ruledOut: state.ruledOut,
      opening: this.speech(dc.context).cause(state.pendingCause!)!.explanation,
    };
    return dc.replaceDialog(TROUBLESHOOT_DIALOG, options);
  }

  /** Moves to the next solution in the plan; the final one (Apple Support) ends the walk. */
  async advance(dc: DialogContext, state: WalkState, previous: 'not_fixed' | 'skipped', template?: string): Promise<DialogTurnResult> {
    state.index += 1;
    state.step = 0;
    state.phase = 'ask';
    const next = this.shown(dc.context, state);
    const opening = previous === 'not_fixed' ? fill(template ?? this.speech(dc.context).prompts.nextSolution, { why: next.why }) : next.why;
    return this.present(dc, state, opening);
  }

  async back(dc: DialogContext, state: WalkState): Promise<DialogTurnResult> {
    if (state.index === 0) {
      await dc.context.sendActivity(this.speech(dc.context).prompts.nothingToGoBackTo);
      return this.reprompt(dc, state);
    }
    state.index -= 1;
    state.step = 0;
    state.phase = 'ask';
    return this.present(dc, state);
  }

  /**
   * Shows the current solution. Destructive ones first state their warning and ask to go ahead; the final one
   * ends the walk with Apple Support's contacts and the offer of a person.
   */
  async present(dc: DialogContext, state: WalkState, opening?: string, confirmed = false): Promise<DialogTurnResult> {
    const speech = this.speech(dc.context);
    const solution = this.shown(dc.context, state);
    const channelId = dc.context.activity.channelId;
    const { prompts } = speech;
    await this.record(dc.context, this.current(state), 'offered');
    if (solution.final) {
      await dc.context.sendActivity(textMessage(solutionText(speech, solution, opening)));
      await dc.context.sendActivity(withButtons(channelId, prompts.finalOffer, [prompts.buttons.human]));
      return this.finish(dc, { outcome: 'escalated' });
    }
    if (solution.confirm && !confirmed && state.phase !== 'step') {
      state.phase = 'confirm';
      await dc.context.sendActivity(textMessage(confirmText(speech, solution, opening)));
      return this.reprompt(dc, state);
    }
    if (state.phase !== 'step') state.phase = 'ask';
    if (state.phase === 'ask') await dc.context.sendActivity(textMessage(solutionText(speech, solution, opening)));
    return this.reprompt(dc, state);
  }

  /** After a question: "Let's get back to where we were. You were on Solution N" and the same question again. */
  async resume(dc: DialogContext, state: WalkState): Promise<DialogTurnResult> {
    await dc.context.sendActivity(resumeText(this.speech(dc.context), this.shown(dc.context, state)));
    return this.reprompt(dc, state);
  }

  async reprompt(dc: DialogContext, state: WalkState): Promise<DialogTurnResult> {
    await this.sendPrompt(dc.context, state);
    return Dialog.EndOfTurn;
  }

  /** The question the person is being asked right now, with its buttons. */
  private async sendPrompt(context: TurnContext, state: WalkState): Promise<void> {
    await context.sendActivity(walkPrompt(this.speech(context), context.activity.channelId, state, this.shown(context, state)));
  }

  async record(context: TurnContext, solution: Solution, outcome: 'offered' | 'fixed' | 'not_fixed' | 'skipped'): Promise<void> {
    const session = await this.sessions.get(context);
    // The record (analytics, the agent's view) names the solution in English, whatever the language spoken.
    recordSolution(session, solution.id, this.content.solution(solution.id)?.title ?? solution.title, outcome);
  }

  async finish(dc: DialogContext, result: TroubleshootResult): Promise<DialogTurnResult> {
    const session = await this.sessions.get(dc.context);
    session.outcome = result.outcome;
    return dc.endDialog(result);
  }
}

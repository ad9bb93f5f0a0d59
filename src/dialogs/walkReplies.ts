/**
 * The replies that answer a walk's step: yes / no and the other commands, progress ("just a sec"), "already tried
 * that", a new cause or symptom (offer to switch), a cause ruled out ("my wifi is fine"), a correction ("sorry i meant
 * it DID work"), and two acts in one reply. Questions are walkQuestions.ts's; the state machine of commands is
 * walkCommands.ts's; TroubleshootDialog reads the reply and hands it here.
 */
import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { DialogContent } from '../content/loadContent';
import { fill } from '../content/template';
import type { Command } from './commands';
import { describeCauses, textMessage } from './render';
import type { QuestionAnswerer } from './questionAnswerer';
import type { Interpretation, ReplyInterpreter } from './replyInterpreter';
import type { SessionAccessor } from './session';
import { languageOf, type TurnUnderstanding } from './turnUnderstanding';
import { isRuledOutSolution } from './walkPlan';
import { notUnderstoodPrompt } from './notUnderstood';
import type { WalkMoves, WalkState } from './walkCommands';

/**
 * The act reader's confidence from which a step-by-step reply read as "doing it" ("hang on", "one sec", "ok trying")
 * means "still at it" (take your time), not "next step" ("ok done", "done" read so at most weakly).
 */
const STILL_AT_IT = 0.9;

/** Readings of a reply that ask or say the step cannot be done: a statement ruling out the step's cause overrides them. */
const READ_AS_ASKING: ReadonlyArray<Interpretation['kind']> = ['question', 'cantDo', 'unknown', 'offTopic', 'smallTalk'];

/** A reading that answers the step (not a question, off-topic, small talk or two acts). */
export type StepAnswer = Exclude<Interpretation, { kind: 'question' | 'cantDo' | 'both' | 'offTopic' | 'smallTalk' }>;

/** What the replies need of the walk besides the command moves (TroubleshootDialog implements them). */
export interface WalkReplyMoves extends WalkMoves {
  /** The content in this turn's language. */
  speech(context: TurnContext): DialogContent;
  /** "Let's get back to where we were" and the same question again. */
  resume(dc: DialogContext, state: WalkState): Promise<DialogTurnResult>;
  /** What a command does at this point of the walk (walkCommands.ts). */
  command(dc: DialogContext, state: WalkState, command: Command): Promise<DialogTurnResult>;
}

export class WalkReplies {
  constructor(
    private readonly walk: WalkReplyMoves,
    private readonly interpreter: ReplyInterpreter,
    private readonly sessions: SessionAccessor,
    private readonly questions: QuestionAnswerer,
    /** The English content: ids and structure. */
    private readonly content: DialogContent,
  ) {}

  /** `u` is the turn's reading; `text` the part of it that answers (the whole message, or its answer after a question). */
  async onAnswer(dc: DialogContext, state: WalkState, meaning: StepAnswer, u: TurnUnderstanding, text = u.text): Promise<DialogTurnResult> {
    const walk = this.walk;
    const solution = walk.current(state);
    // A cause ruled out again ("my wifi is fine", said before): nothing new to drop; the same step.
    if (meaning.kind === 'ruledOut') return walk.reprompt(dc, state);
    if (meaning.kind === 'unknown') {
      // "I don't see Reset" without a question word: answered when the knowledge base is sure.
      if (await this.questions.answerIfConfident(dc.context, text, solution.id)) return walk.resume(dc, state);
      await dc.context.sendActivity(notUnderstoodPrompt(meaning, walk.speech(dc.context).prompts));
      return walk.reprompt(dc, state);
    }
    if (meaning.kind === 'acknowledgement') return this.onProgress(dc, state, u, text);
    if (meaning.kind === 'alreadyTried') {
      if (state.phase === 'switch') return walk.reprompt(dc, state);
      await walk.record(dc.context, solution, 'not_fixed');
      return walk.advance(dc, state, 'not_fixed', walk.speech(dc.context).prompts.alreadyTried);
    }
    if (meaning.kind === 'newCause') return this.offerCause(dc, state, meaning);
    return walk.command(dc, state, meaning.command);
  }

  /**
   * "ok" means "go ahead" at a confirmation and "next" in step-by-step mode ("doing step 2 now" is not "next", and
   * neither is "hang on" or "one sec": the act reader is sure the person is still at it); asked "did it work?", we
   * wait: "just a sec", "running it again" get "take your time" and the same step.
   */
  async onProgress(dc: DialogContext, state: WalkState, u: TurnUnderstanding, text = u.text): Promise<DialogTurnResult> {
    const walk = this.walk;
    if (state.phase === 'confirm') return walk.command(dc, state, 'affirm');
    const stillAtIt = u.act?.act === 'doing_it' && u.act.confidence >= STILL_AT_IT;
    if (state.phase === 'step' && !stillAtIt && this.interpreter.isPlainAcknowledgement(text, languageOf(dc.context))) return walk.command(dc, state, 'affirm');
    if (state.phase === 'ask' || state.phase === 'step') await dc.context.sendActivity(walk.speech(dc.context).prompts.takeYourTime);
    return walk.reprompt(dc, state);
  }

  /**
   * "wait sorry i meant it DID work" right after a "no": the solution that "no" answered worked (recorded fixed) and
   * the walk ends happily. When the earlier solution was not answered "no" (skipped), it is the current one's yes.
   */
  async earlierFixed(dc: DialogContext, state: WalkState): Promise<DialogTurnResult> {
    const session = await this.sessions.get(dc.context);
    const earlier = state.index > 0 ? state.plan[state.index - 1] : undefined;
    const record = [...session.solutions].reverse().find((s) => s.solutionId === earlier);
    if (record?.outcome !== 'not_fixed') return this.walk.command(dc, state, 'affirm');
    record.outcome = 'fixed';
    record.at = new Date().toISOString();
    const { prompts } = this.walk.speech(dc.context);
    await dc.context.sendActivity(textMessage(`${prompts.happyClose}\n\n${prompts.backUpNow}`));
    return this.walk.finish(dc, { outcome: 'resolved' });
  }

  /**
   * A new cause or symptom: offer to switch to it. After "no, and now it asks for my password" the current solution is
   * recorded as not fixed and said so first; declining the switch then moves on to the next solution, not back to it.
   */
  async offerCause(dc: DialogContext, state: WalkState, meaning: Extract<Interpretation, { kind: 'newCause' }>): Promise<DialogTurnResult> {
    if (state.phase === 'switch') return this.walk.reprompt(dc, state);
    if (meaning.afterNotFixed && (state.phase === 'ask' || state.phase === 'step')) {
      await this.walk.record(dc.context, this.walk.current(state), 'not_fixed');
      await dc.context.sendActivity(this.walk.speech(dc.context).prompts.notFixedNoted);
      state.afterNotFixed = true;
    }
    state.returnPhase = state.phase;
    state.pendingCause = meaning.cause;
    state.phase = 'switch';
    return this.walk.reprompt(dc, state);
  }

  /**
   * Two acts in one reply, in the order said: "yes it worked, but how do I stop it happening again?" closes happily
   * and answers; "trying it now, how long does it take?" answers, then "take your time"; "already did that, what else
   * is there?" answers, then moves on. "no, where is that setting?" answers and keeps the step: a question never moves
   * the walk, and one asked with a "no" is most often about the step itself (the person asks again whether it worked).
   * A question said first is answered first.
   */
  async answerAndAct(dc: DialogContext, state: WalkState, meaning: Extract<Interpretation, { kind: 'both' }>, u: TurnUnderstanding): Promise<DialogTurnResult> {
    const solution = this.walk.current(state);
    const session = await this.sessions.get(dc.context);
    const answer = meaning.answer as StepAnswer;
    const closes = answer.kind === 'command' && answer.command === 'affirm' && state.phase === 'ask';
    if (closes && !meaning.questionFirst) {
      await this.walk.record(dc.context, solution, 'fixed');
      await dc.context.sendActivity(textMessage(this.walk.speech(dc.context).prompts.happyClose));
      await this.questions.answer(dc.context, session, meaning.question, solution.id);
      return this.walk.finish(dc, { outcome: 'resolved' });
    }
    const outcome = await this.questions.answer(dc.context, session, meaning.question, solution.id);
    if (outcome === 'didYouMean') return Dialog.EndOfTurn;
    // "no, where is that setting?": the question is about this step (often why it failed), so the step stays; so does
    // "did step 1 but the switch is greyed out" (already tried + can't do): the person could not finish this step.
    const stuck = answer.kind === 'alreadyTried' && u.act?.parts.some((p) => p.act === 'cant_do') === true;
    if (((answer.kind === 'command' && answer.command === 'deny') || stuck) && state.phase === 'ask') return this.walk.resume(dc, state);
    return this.onAnswer(dc, state, answer, u, meaning.question);
  }

  /**
   * "My wifi is fine", mid-walk: the solutions for that cause still ahead are dropped; if it is this one, the walk
   * moves on. undefined when the reply rules nothing new out (or is a "yes", or answers the offer to switch).
   */
  async onRuledOut(dc: DialogContext, state: WalkState, u: TurnUnderstanding, meaning: Interpretation): Promise<DialogTurnResult | undefined> {
    const newlyRuledOut = this.newlyRuledOut(state, u, meaning);
    const success = meaning.kind === 'command' && meaning.command === 'affirm' && state.phase === 'ask';
    if (newlyRuledOut.length === 0 || state.phase === 'switch' || success) return undefined;
    await this.ruleOut(dc, state, newlyRuledOut);
    const solution = this.walk.current(state);
    if (isRuledOutSolution(this.content, solution.id, state.ruledOut)) {
      await this.walk.record(dc.context, solution, 'skipped');
      return this.walk.advance(dc, state, 'skipped');
    }
    if (['unknown', 'newCause', 'acknowledgement', 'ruledOut'].includes(meaning.kind)) return this.walk.reprompt(dc, state);
    return undefined;
  }

  /**
   * The causes the reply rules out that the walk had not. Progress on this step ("wait, I'm updating it now") is no
   * "it's not this cause", whatever words of it the ruled-out patterns match: the current solution's causes stay.
   */
  private newlyRuledOut(state: WalkState, u: TurnUnderstanding, meaning: Interpretation): string[] {
    const newly = u.nlu.ruledOut.filter((c) => !state.ruledOut.includes(c));
    if (meaning.kind !== 'acknowledgement') return newly;
    const current = this.walk.current(state).id;
    return newly.filter((c) => this.content.cause(c)?.solution !== current);
  }

  /**
   * The reply, said as a statement, rules out every cause of the solution the person is on ("i pay for the 2tb plan so
   * it can't be storage" at Solution 1): whatever act the reader gives it (its "can't" reads as cant_do), it tells the
   * walk to move on, not a question to answer (for readings that ask, can't do, small talk, off-topic or unknown). A
   * question ("is it not storage?") never does.
   */
  rulesOutCurrent(state: WalkState, u: TurnUnderstanding, meaning: Interpretation): boolean {
    if (!READ_AS_ASKING.includes(meaning.kind) || u.questionKind !== 'none' || state.phase === 'switch') return false;
    const newly = u.nlu.ruledOut.filter((c) => !state.ruledOut.includes(c));
    return newly.length > 0 && isRuledOutSolution(this.content, this.walk.current(state).id, [...state.ruledOut, ...newly]);
  }

  /** Records causes the person ruled out mid-walk, acknowledges them, and removes their solutions from the rest of the plan. */
  private async ruleOut(dc: DialogContext, state: WalkState, causes: string[]): Promise<void> {
    state.ruledOut.push(...causes);
    const session = await this.sessions.get(dc.context);
    session.ruledOut = [...state.ruledOut];
    const ahead = state.plan.slice(state.index + 1).filter((id) => !isRuledOutSolution(this.content, id, state.ruledOut));
    state.plan = [...state.plan.slice(0, state.index + 1), ...ahead];
    const speech = this.walk.speech(dc.context);
    await dc.context.sendActivity(fill(speech.prompts.ruledOutAck, { causes: describeCauses(speech, causes) }));
  }
}

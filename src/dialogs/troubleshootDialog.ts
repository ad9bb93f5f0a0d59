import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { DialogContent } from '../content/loadContent';
import type { Solution } from '../content/schema';
import { fill } from '../content/template';
import type { Command } from './commands';
import { confirmText, describeCauses, solutionText, stepText, textMessage, withButtons } from './render';
import type { QuestionAnswerer } from './questionAnswerer';
import type { Interpretation, ReplyInterpreter } from './replyInterpreter';
import { recordSolution, type ConversationOutcome, type SessionAccessor } from './session';
import { languageOf, understandingOf, type TurnUnderstanding } from './turnUnderstanding';
import type { LocalizedContent } from '../content/localizedContent';
import { isRuledOutSolution, planWalk } from './walkPlan';
import { notUnderstoodPrompt } from './notUnderstood';
import { onWalkCommand, STATE, type WalkMoves, type WalkState } from './walkCommands';

export const TROUBLESHOOT_DIALOG = 'troubleshoot';

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
 * Walks a person through the solutions for a route, one solution per turn: steps, "did that fix it?",
 * the next solution on "no", the final Apple Support turn at the end. Generic: all text comes from content.
 */
export class TroubleshootDialog extends Dialog<TroubleshootOptions> implements WalkMoves {
  /** The English content: the walk's ids, order and structure (the same in every language). */
  private readonly content: DialogContent;

  constructor(
    /** What the bot says, per language (with the near-domain topics: an off-topic question mid-walk gets the same redirect as at the start). */
    private readonly contents: LocalizedContent,
    private readonly interpreter: ReplyInterpreter,
    private readonly sessions: SessionAccessor,
    private readonly questions: QuestionAnswerer,
  ) {
    super(TROUBLESHOOT_DIALOG);
    this.content = contents.english.dialog;
  }

  /** The content in this turn's language. */
  private speech(context: TurnContext): DialogContent {
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
    const meaning = this.interpreter.interpret(u, {
      currentCauses: this.content.causes.filter((c) => c.solution === solution.id).map((c) => c.id),
      route: state.route,
      solutionId: solution.id,
    });
    // A question is never an answer: it gets an answer, "did you mean", or the honest fallback, then the same step.
    // "I can't find it" gets the step's help the same way.
    if (meaning.kind === 'question' || meaning.kind === 'cantDo') {
      // As at the start: a confident answer, then a near-domain topic's redirect ("help with my WhatsApp backup").
      const redirect = (): Promise<boolean> => this.redirectTopic(dc, nlu);
      if (meaning.kind === 'question' && (await this.questions.answerOrRedirect(dc.context, text, redirect, solution.id)) !== 'neither') return this.resume(dc, state);
      const outcome = await this.questions.answer(dc.context, session, text, solution.id);
      return outcome === 'didYouMean' ? Dialog.EndOfTurn : this.resume(dc, state);
    }
    if (meaning.kind === 'both') return this.answerAndAct(dc, state, meaning);
    // "sorry i meant it DID work": a correction that says it worked (the act reader's saysNow), whatever cause its other words suggest.
    if (u.act?.act === 'correction' && u.act.parts[0]?.saysNow === 'fixed' && state.phase === 'ask') return this.earlierFixed(dc, state);
    if (meaning.kind === 'offTopic') {
      // As at the start: another language first, then a confident answer, then the topic's redirect.
      if (nlu.language && (await this.redirectTopic(dc, nlu))) return this.resume(dc, state);
      const handled = await this.questions.answerOrRedirect(dc.context, text, () => this.redirectTopic(dc, nlu), solution.id);
      if (handled === 'neither' && (await this.questions.answer(dc.context, session, text, solution.id)) === 'didYouMean') return Dialog.EndOfTurn;
      return this.resume(dc, state);
    }
    if (meaning.kind === 'smallTalk') {
      const reply = nlu.confidence >= this.interpreter.smallTalkConfidence ? this.speech(dc.context).smallTalkFor(nlu.intent) : undefined;
      if (reply) await dc.context.sendActivity(reply.text);
      return this.reprompt(dc, state);
    }

    // "My wifi is fine", mid-walk: drop the solutions for that cause still ahead; if it is this one, move on.
    const newlyRuledOut = nlu.ruledOut.filter((c) => !state.ruledOut.includes(c));
    const success = meaning.kind === 'command' && meaning.command === 'affirm' && state.phase === 'ask';
    if (newlyRuledOut.length > 0 && state.phase !== 'switch' && !success) {
      await this.ruleOut(dc, state, newlyRuledOut);
      if (isRuledOutSolution(this.content, solution.id, state.ruledOut)) {
        await this.record(dc.context, solution, 'skipped');
        return this.advance(dc, state, 'skipped');
      }
      if (['unknown', 'newCause', 'acknowledgement', 'ruledOut'].includes(meaning.kind)) return this.reprompt(dc, state);
    }
    // Not read as a reply, about a near-domain topic ("help with my onedrive backup instead"): its redirect, as at the start.
    if (meaning.kind === 'unknown' && (await this.redirectTopic(dc, nlu))) return this.resume(dc, state);
    return this.onMeaning(dc, state, meaning, text);
  }

  /**
   * "wait sorry i meant it DID work" right after a "no": the solution that "no" answered worked (recorded fixed) and
   * the walk ends happily. When the earlier solution was not answered "no" (skipped), it is the current one's yes.
   */
  private async earlierFixed(dc: DialogContext, state: WalkState): Promise<DialogTurnResult> {
    const session = await this.sessions.get(dc.context);
    const earlier = state.index > 0 ? state.plan[state.index - 1] : undefined;
    const record = [...session.solutions].reverse().find((s) => s.solutionId === earlier);
    if (record?.outcome !== 'not_fixed') return this.onCommand(dc, state, 'affirm');
    record.outcome = 'fixed';
    record.at = new Date().toISOString();
    const { prompts } = this.speech(dc.context);
    await dc.context.sendActivity(textMessage(`${prompts.happyClose}\n\n${prompts.backUpNow}`));
    return this.finish(dc, { outcome: 'resolved' });
  }

  private async onMeaning(
    dc: DialogContext,
    state: WalkState,
    meaning: Exclude<Interpretation, { kind: 'question' | 'cantDo' | 'both' | 'offTopic' | 'smallTalk' }>,
    text: string,
  ): Promise<DialogTurnResult> {
    const solution = this.current(state);
    // A cause ruled out again ("my wifi is fine", said before): nothing new to drop; the same step.
    if (meaning.kind === 'ruledOut') return this.reprompt(dc, state);
    if (meaning.kind === 'unknown') {
      // "I don't see Reset" without a question word: answered when the knowledge base is sure.
      if (await this.questions.answerIfConfident(dc.context, text, solution.id)) return this.resume(dc, state);
      await dc.context.sendActivity(notUnderstoodPrompt(meaning, this.speech(dc.context).prompts));
      return this.reprompt(dc, state);
    }
    if (meaning.kind === 'acknowledgement') {
      // "ok" means "go ahead" at a confirmation and "next" in step-by-step mode ("doing step 2 now" is not "next");
      // asked "did it work?", we wait: "just a sec", "running it again" get "take your time" and the same step.
      if (state.phase === 'confirm') return this.onCommand(dc, state, 'affirm');
      if (state.phase === 'step' && this.interpreter.isPlainAcknowledgement(text, languageOf(dc.context))) return this.onCommand(dc, state, 'affirm');
      if (state.phase === 'ask' || state.phase === 'step') await dc.context.sendActivity(this.speech(dc.context).prompts.takeYourTime);
      return this.reprompt(dc, state);
    }
    if (meaning.kind === 'alreadyTried') {
      if (state.phase === 'switch') return this.reprompt(dc, state);
      await this.record(dc.context, solution, 'not_fixed');
      return this.advance(dc, state, 'not_fixed', this.speech(dc.context).prompts.alreadyTried);
    }
    if (meaning.kind === 'newCause') return this.offerCause(dc, state, meaning);
    return this.onCommand(dc, state, meaning.command);
  }

  /**
   * A new cause or symptom: offer to switch to it. After "no, and now it asks for my password" the current solution is
   * recorded as not fixed and said so first; declining the switch then moves on to the next solution, not back to it.
   */
  private async offerCause(dc: DialogContext, state: WalkState, meaning: Extract<Interpretation, { kind: 'newCause' }>): Promise<DialogTurnResult> {
    if (state.phase === 'switch') return this.reprompt(dc, state);
    if (meaning.afterNotFixed && (state.phase === 'ask' || state.phase === 'step')) {
      await this.record(dc.context, this.current(state), 'not_fixed');
      await dc.context.sendActivity(this.speech(dc.context).prompts.notFixedNoted);
      state.afterNotFixed = true;
    }
    state.returnPhase = state.phase;
    state.pendingCause = meaning.cause;
    state.phase = 'switch';
    return this.reprompt(dc, state);
  }

  /**
   * Two acts in one reply, in the order said: "yes it worked, but how do I stop it happening again?" closes happily
   * and answers; "trying it now, how long does it take?" answers, then "take your time"; "already did that, what else
   * is there?" answers, then moves on. "no, where is that setting?" answers and keeps the step: a question never moves
   * the walk, and one asked with a "no" is most often about the step itself (the person asks again whether it worked).
   * A question said first is answered first.
   */
  private async answerAndAct(dc: DialogContext, state: WalkState, meaning: Extract<Interpretation, { kind: 'both' }>): Promise<DialogTurnResult> {
    const solution = this.current(state);
    const session = await this.sessions.get(dc.context);
    const answer = meaning.answer as Exclude<Interpretation, { kind: 'question' | 'cantDo' | 'both' | 'offTopic' | 'smallTalk' }>;
    const closes = answer.kind === 'command' && answer.command === 'affirm' && state.phase === 'ask';
    if (closes && !meaning.questionFirst) {
      await this.record(dc.context, solution, 'fixed');
      await dc.context.sendActivity(textMessage(this.speech(dc.context).prompts.happyClose));
      await this.questions.answer(dc.context, session, meaning.question, solution.id);
      return this.finish(dc, { outcome: 'resolved' });
    }
    const outcome = await this.questions.answer(dc.context, session, meaning.question, solution.id);
    if (outcome === 'didYouMean') return Dialog.EndOfTurn;
    // "no, where is that setting?": the question is about this step (often why it failed), so the step stays.
    if (answer.kind === 'command' && answer.command === 'deny' && state.phase === 'ask') return this.resume(dc, state);
    return this.onMeaning(dc, state, answer, meaning.question);
  }

  /** Route none with a known near-domain topic (another app's backup, restoring…): its redirect, as at the start. */
  private async redirectTopic(dc: DialogContext, nlu: TurnUnderstanding['nlu']): Promise<boolean> {
    const topics = this.contents.in(languageOf(dc.context)).topics;
    if (!topics || nlu.route !== 'none') return false;
    const topic = nlu.language ? undefined : nlu.topic ? topics.topic(nlu.topic) : undefined;
    if (nlu.language) {
      await dc.context.sendActivity(topics.otherLanguage);
      return true;
    }
    if (!topic) return false;
    await dc.context.sendActivity(`${topic.answer} ${topics.offerPerson}`);
    return true;
  }

  /** Re-shows where the person is (after help, an interruption, or when resumed). */
  override async repromptDialog(context: TurnContext, instance: { state: Record<string, unknown> }): Promise<void> {
    const state = instance.state[STATE] as WalkState;
    await this.sendPrompt(context, state);
  }

  current(state: WalkState): Solution {
    return this.content.solution(state.plan[state.index]!)!;
  }

  private async onCommand(dc: DialogContext, state: WalkState, command: Command): Promise<DialogTurnResult> {
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

  /** Records causes the person ruled out mid-walk, acknowledges them, and removes their solutions from the rest of the plan. */
  private async ruleOut(dc: DialogContext, state: WalkState, causes: string[]): Promise<void> {
    state.ruledOut.push(...causes);
    const session = await this.sessions.get(dc.context);
    session.ruledOut = [...state.ruledOut];
    const ahead = state.plan.slice(state.index + 1).filter((id) => !isRuledOutSolution(this.content, id, state.ruledOut));
    state.plan = [...state.plan.slice(0, state.index + 1), ...ahead];
    const speech = this.speech(dc.context);
    await dc.context.sendActivity(fill(speech.prompts.ruledOutAck, { causes: describeCauses(speech, causes) }));
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
  private async resume(dc: DialogContext, state: WalkState): Promise<DialogTurnResult> {
    const solution = this.shown(dc.context, state);
    const { prompts } = this.speech(dc.context);
    await dc.context.sendActivity(
      fill(prompts.whereWasI, { number: solution.number, title: solution.title }).replace(/^/, `${prompts.resume} `),
    );
    return this.reprompt(dc, state);
  }

  async reprompt(dc: DialogContext, state: WalkState): Promise<DialogTurnResult> {
    await this.sendPrompt(dc.context, state);
    return Dialog.EndOfTurn;
  }

  /** The question the person is being asked right now, with its buttons. */
  private async sendPrompt(context: TurnContext, state: WalkState): Promise<void> {
    const speech = this.speech(context);
    const { prompts } = speech;
    const b = prompts.buttons;
    const solution = this.shown(context, state);
    const channelId = context.activity.channelId;
    switch (state.phase) {
      case 'confirm':
        await context.sendActivity(withButtons(channelId, solution.confirm!.prompt, [b.goAhead, b.skip, b.human]));
        return;
      case 'step':
        await context.sendActivity(withButtons(channelId, stepText(speech, solution, state.step), [b.done, b.no, b.human]));
        return;
      case 'switch': {
        const cause = speech.cause(state.pendingCause!)!;
        await context.sendActivity(withButtons(channelId, fill(prompts.offerSwitch, { name: cause.name }), [b.switchYes, b.switchNo]));
        return;
      }
      case 'ask':
        await context.sendActivity(withButtons(channelId, prompts.didItWork, [b.yes, b.no, b.walkThrough, b.human]));
    }
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


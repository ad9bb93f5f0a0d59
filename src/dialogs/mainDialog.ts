import { ActivityTypes, type TurnContext } from 'botbuilder';
import { ComponentDialog, Dialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { DialogContent } from '../content/loadContent';
import type { LanguageContent, LocalizedContent } from '../content/localizedContent';
import { fill } from '../content/template';
import type { HumanHandoff } from './humanHandoff';
import type { NluResult } from '../nlu/types';
import { CSAT_DIALOG, CsatDialog, interpretRating, type CsatResult, type CsatSurvey } from './csatDialog';
import { CLARIFY_DIALOG, ClarifyDialog, type ClarifyOptions, type ClarifyResult } from './clarifyDialog';
import type { Command } from './commands';
import { describeCauses, textMessage, withButtons } from './render';
import type { QuestionAnswerer } from './questionAnswerer';
import type { ReplyInterpreter } from './replyInterpreter';
import type { SessionAccessor } from './session';
import { TROUBLESHOOT_DIALOG, TroubleshootDialog, forGlobalCommands, unlessStepNamed, type TroubleshootOptions, type TroubleshootResult } from './troubleshootDialog';
import { languageOf, understandingOf, type TurnUnderstanding } from './turnUnderstanding';
import { earliestNamedCause } from './namedCauses';
import { isTroubleshootingRoute } from './walkPlan';
import { noteFailureBeforeCommand } from './answerBeforeCommand';

const MAIN_DIALOG = 'main';


export interface MainDialogOptions {
  /** Below this confidence a troubleshooting route is confirmed with a clarifying question. */
  confidenceThreshold: number;
  /** Below this confidence a message is out of scope. */
  noneThreshold: number;
  /** Longest message the bot reads. */
  maxMessageLength: number;
  /**
   * Near-domain topics (dialogs/topics.yaml): where to go for a known out-of-scope subject, and the other-language
   * answer — in English; each language's copy comes with its LocalizedContent.
   */
  topics?: LanguageContent['topics'];
}

/**
 * The root of every conversation. Understands each message once, handles what works anywhere (help, cancel,
 * start over, talk to a person), routes new complaints to a troubleshooting walk (or asks when unsure), answers
 * questions, and otherwise hands the turn to the dialog in progress.
 */
export class MainDialog extends ComponentDialog {
  /** The English content: ids, order and structure (the same in every language). */
  private readonly content: DialogContent;

  constructor(
    /** What the bot says, per language: each turn speaks the language of its understanding (turnLanguageOf). */
    private readonly contents: LocalizedContent,
    private readonly interpreter: ReplyInterpreter,
    private readonly sessions: SessionAccessor,
    private readonly handoff: HumanHandoff,
    private readonly options: MainDialogOptions,
    private readonly questions: QuestionAnswerer,
    /** "Did I help?" after a walk, "Did Sam help?" after a hand-off (none: not asked, as in tests of other features). */
    private readonly csat?: CsatSurvey,
  ) {
    super(MAIN_DIALOG);
    this.content = contents.english.dialog;
    this.addDialog(new TroubleshootDialog(contents, interpreter, sessions, questions));
    this.addDialog(new ClarifyDialog(contents, questions, sessions));
    if (csat) this.addDialog(new CsatDialog(csat));
  }

  /** The first message of a conversation. */
  protected override async onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.onContinueDialog(innerDc);
  }

  /** The main dialog never ends: it waits for the next message. */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const context = innerDc.context;
    if (context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const text = (context.activity.text ?? '').trim();
    const { prompts } = this.speech(context).dialog;

    if (!text) {
      await context.sendActivity(prompts.emptyMessage);
      if (innerDc.activeDialog) await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }
    if (text.length > this.options.maxMessageLength) {
      await context.sendActivity(fill(prompts.tooLong, { length: text.length, max: this.options.maxMessageLength }));
      if (innerDc.activeDialog) await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }

    // Read once at the start of the turn (SupportBot), passed on from here.
    const understanding = understandingOf(context);
    if (!understanding) return Dialog.EndOfTurn;

    // "Did Sam help?", asked by the hand-off desk when the agent ended the chat: this message may answer it.
    const session = await this.sessions.get(context);
    const agentRating = this.csat && innerDc.activeDialog?.id !== CSAT_DIALOG ? await this.csat.takeAgentRating(context, session) : undefined;
    if (agentRating) {
      await innerDc.cancelAllDialogs();
      await innerDc.beginDialog(CSAT_DIALOG, { pending: agentRating });
    }

    // A pick of "Did you mean: A / B?", or a rating at "Did I help?" ("5 stars"), is not a command, whatever the
    // classifier thinks of it.
    const rating = innerDc.activeDialog?.id === CSAT_DIALOG && interpretRating(text, prompts.csat) !== undefined;
    const picking = rating || this.questions.picks(session, text, understanding.language);
    // Dialog acts are replies to a step: a CSAT comment ("quick and clear, thanks") is read by the classifier alone, and
    // at a walk's own yes/no question ("go for it" at "go ahead?") the acts start no global command (forGlobalCommands).
    const atStep = innerDc.activeDialog !== undefined && innerDc.activeDialog.id !== CSAT_DIALOG;
    const global = unlessStepNamed(picking ? undefined : this.interpreter.globalCommand(forGlobalCommands(understanding, innerDc.activeDialog), atStep), innerDc.activeDialog, text, this.speech(context).dialog);
    if (global) {
      if (atStep) await noteFailureBeforeCommand(context, session, understanding, global, prompts.notFixedNoted);
      await this.onGlobalCommand(innerDc, global);
      return Dialog.EndOfTurn;
    }

    if (innerDc.activeDialog) {
      const result = await innerDc.continueDialog();
      if (result.status === DialogTurnStatus.complete) {
        const ended = result.result as TroubleshootResult | ClarifyResult | CsatResult | undefined;
        // Not an answer to "Did I help?" (a new problem, a question): the message is handled as any other.
        if (ended && 'csat' in ended) {
          if (!ended.taken) await this.onNewMessage(innerDc, understanding);
          return Dialog.EndOfTurn;
        }
        await this.onChildEnded(innerDc, ended);
      }
      return Dialog.EndOfTurn;
    }
    await this.onNewMessage(innerDc, understanding);
    return Dialog.EndOfTurn;
  }

  private async onGlobalCommand(innerDc: DialogContext, command: Command): Promise<void> {
    const context = innerDc.context;
    const { prompts } = this.speech(context).dialog;
    switch (command) {
      case 'help':
        await context.sendActivity(textMessage(prompts.help));
        if (innerDc.activeDialog) await innerDc.repromptDialog();
        return;
      case 'cancel': {
        const inWalk = innerDc.activeDialog !== undefined;
        await innerDc.cancelAllDialogs();
        if (inWalk) (await this.sessions.get(context)).outcome = 'cancelled';
        await context.sendActivity(prompts.cancelled);
        return;
      }
      case 'start_over': {
        const inWalk = innerDc.activeDialog !== undefined;
        await innerDc.cancelAllDialogs();
        if (inWalk) (await this.sessions.get(context)).outcome = 'cancelled';
        await context.sendActivity(withButtons(context.activity.channelId, prompts.startOver, prompts.examples));
        return;
      }
      case 'human_agent':
        // Queued for a person: the walk stops here; when the agent hands back, the bot starts fresh.
        if (await this.handoff.start(context, 'The person asked for a human agent')) await innerDc.cancelAllDialogs();
        return;
      default:
        return;
    }
  }

  private async onChildEnded(innerDc: DialogContext, result: TroubleshootResult | ClarifyResult | undefined): Promise<void> {
    if (!result) return;
    const { prompts } = this.speech(innerDc.context).dialog;
    if ('outcome' in result) {
      if (await this.askIfHelped(innerDc, result.outcome)) return;
      if (result.outcome === 'resolved') await innerDc.context.sendActivity(prompts.anythingElse);
      return;
    }
    // Clarify ended.
    if (result.cause) {
      await this.beginWalk(innerDc, result.cause, result.ruledOut);
    } else {
      await innerDc.context.sendActivity(withButtons(innerDc.context.activity.channelId, prompts.outOfScope, prompts.examples));
    }
  }

  /** A message with no dialog in progress: a new complaint, a question, small talk, or something out of scope. */
  private async onNewMessage(innerDc: DialogContext, understanding: TurnUnderstanding): Promise<void> {
    const { text, nlu } = understanding;
    const context = innerDc.context;
    const speech = this.speech(context).dialog;
    const { prompts } = speech;
    const channelId = context.activity.channelId;
    const session = await this.sessions.get(context);

    // After "Did you mean: A / B?" (before any walk): the pick is answered, then: what is going wrong?
    if (await this.questions.pick(context, session, text)) {
      await this.askWhatsWrong(context);
      return;
    }
    const troubleshooting = isTroubleshootingRoute(this.content, nlu.route) && (nlu.confidence >= this.options.noneThreshold || nlu.ruledOut.length > 0);
    const complaint = troubleshooting && (nlu.confidence >= this.options.confidenceThreshold || nlu.ruledOut.length > 0);
    const kind = understanding.questionKind;
    // A question before any walk is answered like one mid-walk; then the bot asks what is going wrong. A complaint
    // with a question tag ("my backup failed, what do I do?") starts the walk.
    const asks = kind === 'asks' || ((kind === 'tag' || kind === 'rising') && !complaint) || (kind === 'none' && this.interpreter.isQuestionIntent(nlu));
    // Another language: say the bot understands English only, before reading the text as a question or a cause.
    if (nlu.language && (await this.redirectTopic(innerDc, nlu))) return;
    if (asks) {
      // A confident answer first; then a near-domain subject (restoring, syncing, billing…) the knowledge base doesn't answer.
      const handled = await this.questions.answerOrRedirect(context, text, () => this.redirectTopic(innerDc, nlu));
      if (handled === 'answered') await this.askWhatsWrong(context);
      if (handled !== 'neither') return;
      // Clearly outside the bot's subject ("what's the weather in Paris?"): say what it covers instead.
      const offTopic = nlu.intent === 'none' && nlu.confidence >= this.options.confidenceThreshold;
      if (!complaint && !offTopic) {
        const outcome = await this.questions.answer(context, session, text);
        if (outcome !== 'didYouMean') await this.askWhatsWrong(context);
        return;
      }
    }

    if (troubleshooting) {
      const unsure = nlu.confidence < this.options.confidenceThreshold && nlu.ruledOut.length === 0;
      const candidates = this.causeCandidates(nlu);
      if (unsure && candidates.length >= 2) {
        const options: ClarifyOptions = { causes: [candidates[0]!, candidates[1]!], ruledOut: nlu.ruledOut };
        await innerDc.beginDialog(CLARIFY_DIALOG, options);
        return;
      }
      const { route, others } = this.earliestNamedCause(nlu);
      await this.beginWalk(innerDc, route, nlu.ruledOut, others);
      return;
    }

    if (await this.redirectTopic(innerDc, nlu)) return;
    // Small talk (greeting, thanks…) is content: prompts.yaml `smallTalk:` names the prompt each intent gets.
    const smallTalk = nlu.confidence >= this.options.noneThreshold ? speech.smallTalkFor(nlu.intent) : undefined;
    if (smallTalk) {
      await context.sendActivity(smallTalk.examples ? withButtons(channelId, smallTalk.text, prompts.examples) : smallTalk.text);
      return;
    }
    await context.sendActivity(withButtons(channelId, prompts.outOfScope, prompts.examples));
  }

  /** CSAT "Did I help?" after a walk that was fixed or reached Apple Support, once per conversation. */
  private async askIfHelped(innerDc: DialogContext, outcome: string): Promise<boolean> {
    if (!this.csat || (outcome !== 'resolved' && outcome !== 'escalated')) return false;
    const pending = await this.csat.askBot(innerDc.context, await this.sessions.get(innerDc.context), outcome === 'escalated');
    if (!pending) return false;
    await innerDc.beginDialog(CSAT_DIALOG, { pending });
    return true;
  }

  private async askWhatsWrong(context: TurnContext): Promise<void> {
    const { prompts } = this.speech(context).dialog;
    await context.sendActivity(withButtons(context.activity.channelId, prompts.askWhatsWrong, prompts.examples));
  }

  /** What the bot says in this turn's language. */
  private speech(context: TurnContext): LanguageContent {
    return this.contents.in(languageOf(context));
  }

  /**
   * Route none with a known subject: a message in another language gets the English-only answer with the examples;
   * a near-domain topic (restore, sync, billing…) gets its sentence of where to go and the offer of a person.
   */
  private async redirectTopic(innerDc: DialogContext, nlu: NluResult): Promise<boolean> {
    const { topics, dialog } = this.speech(innerDc.context);
    if (!topics || nlu.route !== 'none') return false;
    const channelId = innerDc.context.activity.channelId;
    if (nlu.language) {
      await innerDc.context.sendActivity(withButtons(channelId, topics.otherLanguage, dialog.prompts.examples));
      return true;
    }
    const topic = nlu.topic ? topics.topic(nlu.topic) : undefined;
    if (!topic) return false;
    await innerDc.context.sendActivity(withButtons(channelId, `${topic.answer} ${topics.offerPerson}`, [dialog.prompts.buttons.human]));
    return true;
  }

  /** The most likely causes behind a message, best first (for a clarifying question). */
  private causeCandidates(nlu: NluResult): string[] {
    const ranked = [nlu.route, nlu.intent, ...nlu.alternatives.map((a) => a.intent)];
    return [...new Set(ranked.filter((id) => this.content.cause(id) && !nlu.ruledOut.includes(id)))];
  }

  /** Several causes named at once ("storage full and the wifi drops too"): the walk starts with the earliest (namedCauses.ts). */
  private earliestNamedCause(nlu: NluResult): { route: string; others: string[] } {
    return earliestNamedCause(nlu, this.content);
  }


  private async beginWalk(innerDc: DialogContext, route: string, ruledOut: string[], others: string[] = []): Promise<void> {
    const speech = this.speech(innerDc.context).dialog;
    const { prompts } = speech;
    const opening: string[] = [];
    if (ruledOut.length > 0) {
      opening.push(fill(prompts.ruledOutAck, { causes: describeCauses(speech, ruledOut) }));
    }
    const cause = speech.cause(route);
    opening.push(cause ? cause.explanation : prompts.genericStart);
    if (others.length > 0) opening.push(fill(prompts.otherCausesLater, { causes: describeCauses(speech, others) }));
    const options: TroubleshootOptions = { route, ruledOut, opening: opening.join(' ') };
    await innerDc.beginDialog(TROUBLESHOOT_DIALOG, options);
  }
}


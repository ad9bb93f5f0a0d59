/**
 * "Delete my data" / "forget this conversation" in the chat (intent `forget_conversation`, intents/train/): the bot
 * says what it will delete and asks (Yes, delete it / No, keep it); on yes it ends a hand-off in progress, confirms,
 * and the conversation is erased from every store at the END of the turn — after the turn's own state save, so that
 * save cannot write it back; on no it says nothing was deleted and re-asks the step the person was at. Anything else
 * instead of yes / no keeps the data and goes to the dialogs as usual (a question is never an answer).
 *
 * A turn hook (TurnHooks): it must come after the analytics hook, so the analytics record of this very turn is
 * written before the erasure removes it. It also keeps the user → conversations index (UserConversationIndex) that
 * `erase --user` uses.
 */
import { ActivityTypes, type ConversationState, type TurnContext } from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { ReplyPatterns } from '../content/loadReplies';
import type { PrivacyPrompts } from '../content/loadPrivacyPrompts';
import type { Language } from '../content/i18n/languages';
import type { MainDialog } from '../dialogs/mainDialog';
import { withButtons } from '../dialogs/render';
import type { SessionState } from '../dialogs/session';
import type { TurnHooks } from '../dialogs/turnHooks';
import { languageOf, type TurnUnderstanding } from '../dialogs/turnUnderstanding';
import type { ConversationRef, RemovedCounts, UserRef } from '../privacy/personalData';
import { conversationKeyOf } from '../util/conversationKey';
import { DIALOG_STATE } from './supportBot';
import { normalizeReply } from '../text/normalize';

const FORGET_INTENT = 'forget_conversation';
/** Who the erasure log says asked for it. */
const BY_THE_PERSON = 'the person, in chat';

const ERASE_THIS_TURN = Symbol('privacyChat.erase');
/** The turn's UserConversationIndex.remember(), begun before the dialogs run (see beginRemember). */
const REMEMBERING = Symbol('privacyChat.remembering');

export interface PrivacyChatDeps {
  /** The privacy prompts of a language (the hook speaks the turn's; its buttons are recognised in it). */
  prompts: (language: Language) => PrivacyPrompts;
  confidenceThreshold: number;
  /** The yes / no words of a language (the answer to "delete everything?" is read in the turn's). */
  replyPatterns: (language: Language) => ReplyPatterns;
  /** PrivacyService.eraseConversation. */
  erase(ref: ConversationRef, by: string): Promise<{ removed: RemovedCounts }>;
  /** Ends the conversation's open hand-off (HandoffDesk.endForPerson). */
  endHandoff?(conversationKey: string): Promise<boolean>;
  /** Records the person's conversation in the user index (UserConversationIndex.remember). */
  rememberConversation?(user: UserRef, conversationId: string): Promise<void>;
  conversationState: ConversationState;
  mainDialog: MainDialog;
  log?: { warn(fields: object, message?: string): void; info?(fields: object, message?: string): void };
  now?: () => number;
}

export function privacyChatHook(deps: PrivacyChatDeps): TurnHooks {
  const dialogs = new DialogSet(deps.conversationState.createProperty<DialogState>(DIALOG_STATE));
  dialogs.add(deps.mainDialog);
  const erasure = new ErasureConversation(deps, dialogs);
  return {
    beforeTurn: (context: TurnContext, session: SessionState, understanding?: TurnUnderstanding) => erasure.beforeTurn(context, session, understanding),
    afterTurn: (context: TurnContext) => erasure.afterTurn(context),
  };
}

/** "Forget me" in the chat: asks, reads the answer, erases after the turn's save, or remembers the conversation. */
class ErasureConversation {
  private readonly now: () => number;

  constructor(
    private readonly deps: PrivacyChatDeps,
    private readonly dialogs: DialogSet,
  ) {
    this.now = deps.now ?? Date.now;
  }

  /** Asks before erasing when the person wants to be forgotten, and takes their answer on the next turn. */
  async beforeTurn(context: TurnContext, session: SessionState, understanding?: TurnUnderstanding): Promise<boolean> {
    void this.beginRemember(context); // awaited in afterTurn; its failure is logged there
    const prompts = this.deps.prompts(languageOf(context));
    const activity = context.activity;
    const text = activity.type === ActivityTypes.Message ? (activity.text ?? '').trim() : '';
    if (!text) return false;
    if (session.erasureAsked) {
      delete session.erasureAsked;
      return this.takeAnswer(context, session, text, understanding);
    }
    if (!this.isForget(understanding)) return false;
    session.erasureAsked = new Date(this.now()).toISOString();
    const ask = session.handoff ? `${prompts.ask}\n\n${prompts.handoffNote}` : prompts.ask;
    await context.sendActivity(withButtons(activity.channelId, ask, [prompts.buttons.yes, prompts.buttons.no]));
    return true;
  }

  /** Erases the conversation when this turn said yes (after the user index's update of this turn is done). */
  async afterTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const conversationId = activity.conversation?.id;
    if (!conversationId || !activity.channelId) return;
    // beforeTurn did not run when an earlier hook took the turn (a message relayed to an agent).
    await ((context.turnState.get(REMEMBERING) as Promise<void> | undefined) ?? this.beginRemember(context));
    if (context.turnState.get(ERASE_THIS_TURN)) return this.erase(context, { channelId: activity.channelId, conversationId });
  }

  /**
   * Records the person's message's conversation in the user index, begun before the dialogs run and awaited after the
   * turn's state save: its write is queued beside the state's (one SQLite group commit, one event-loop round, where
   * after the save it cost a second commit the turn waited for). A failure is logged, never the turn's.
   */
  private beginRemember(context: TurnContext): Promise<void> {
    const { deps } = this;
    const activity = context.activity;
    const conversationId = activity.conversation?.id;
    const userId = activity.from?.id;
    let remembering = Promise.resolve();
    if (activity.type === ActivityTypes.Message && conversationId && activity.channelId && userId && deps.rememberConversation) {
      remembering = deps.rememberConversation({ channelId: activity.channelId, userId }, conversationId).catch((error: unknown) =>
        deps.log?.warn({ error: error instanceof Error ? error.message : String(error) }, 'privacy: could not update the user index'),
      );
    }
    context.turnState.set(REMEMBERING, remembering);
    return remembering;
  }

  /** The answer to "erase everything?": yes erases (after the turn), no goes back to where the person was. */
  private async takeAnswer(context: TurnContext, session: SessionState, text: string, understanding?: TurnUnderstanding): Promise<boolean> {
    const language = languageOf(context);
    const prompts = this.deps.prompts(language);
    const answer = this.answerOf(text, prompts, language) ?? (this.isForget(understanding) ? 'yes' : undefined); // "delete it"
    if (answer === 'yes') {
      if (session.handoff) await this.deps.endHandoff?.(conversationKeyOf(context.activity));
      context.turnState.set(ERASE_THIS_TURN, true);
      await context.sendActivity(prompts.done);
      return true;
    }
    if (answer === 'no') {
      await context.sendActivity(prompts.kept);
      await this.reprompt(context);
      return true;
    }
    return false; // something else: the data stays, and the message is handled as usual
  }

  private async erase(context: TurnContext, ref: { channelId: string; conversationId: string }): Promise<void> {
    const { deps } = this;
    try {
      // After the turn's state save (SupportBot saves before afterTurn), so nothing of this turn is written back.
      const { removed } = await deps.erase(ref, BY_THE_PERSON);
      deps.log?.info?.({ channelId: ref.channelId, removed }, 'privacy: conversation erased at the person\'s request');
    } catch (error) {
      deps.log?.warn({ error: error instanceof Error ? error.message : String(error), channelId: ref.channelId }, 'privacy: erasing the conversation failed');
      await context.sendActivity(deps.prompts(languageOf(context)).failed).catch(() => undefined);
    }
  }

  /** The turn's one reading (in its language) asks to be forgotten; an over-long message has none. */
  private isForget(understanding: TurnUnderstanding | undefined): boolean {
    const nlu = understanding?.nlu;
    return nlu !== undefined && nlu.intent === FORGET_INTENT && nlu.confidence >= this.deps.confidenceThreshold;
  }

  private answerOf(text: string, prompts: PrivacyPrompts, language: Language): 'yes' | 'no' | undefined {
    const replyPatterns = this.deps.replyPatterns(language);
    const t = normalizeReply(text, language);
    if (t === normalizeReply(prompts.buttons.yes, language)) return 'yes';
    if (t === normalizeReply(prompts.buttons.no, language)) return 'no';
    if (replyPatterns.leadingNo.test(t)) return 'no';
    if (replyPatterns.leadingYes.test(t) && !replyPatterns.yesUnless.test(t)) return 'yes';
    return undefined;
  }

  /** Back to where the person was: the active step is asked again (nothing when no walk is in progress). */
  private async reprompt(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog) await dc.repromptDialog();
  }
}

import {
  ActivityHandler,
  ActivityTypes,
  TurnContext,
  type Activity,
  type BotState,
  type ConversationState,
  type ResourceResponse,
  type StatePropertyAccessor,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState, type DialogStateManagerConfiguration } from 'botbuilder-dialogs';
import type { LocalizedContent } from '../content/localizedContent';
import type { MainDialog } from '../dialogs/mainDialog';
import { withButtons } from '../dialogs/render';
import { appendTranscript, newSession, type SessionAccessor, type SessionState } from '../dialogs/session';
import { redact } from '../privacy/redact';
import { KeyedLock } from '../state/keyedLock';
import { isETagConflict } from '../storage/botStore';
import { isStoreUnavailable } from '../storage/dependencyGuard';
import { isTurnAbandoned } from '../state/turnAbandon';
import type { TurnHooks } from '../dialogs/turnHooks';
import { attachLanguage, attachUnderstanding, languageOf, typedInput, type TurnUnderstander } from '../dialogs/turnUnderstanding';
import { isLanguage, languageOfLocale, type Language } from '../content/i18n/languages';
import { conversationKeyOf } from '../util/conversationKey';

/** ConversationState property names. */
export const DIALOG_STATE = 'dialogState';
const SESSION = 'session';
const LANGUAGE = 'language';
/** The turn-state key botbuilder-dialogs' DialogStateManager reads its configuration from. */
const STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';


/** The conversation's session record, stored in ConversationState. */
export class ConversationSessions implements SessionAccessor {
  private readonly accessor: StatePropertyAccessor<SessionState>;
  constructor(conversationState: ConversationState) {
    this.accessor = conversationState.createProperty<SessionState>(SESSION);
  }
  async get(context: TurnContext): Promise<SessionState> {
    const existing = await this.accessor.get(context);
    if (existing) return existing;
    const created = newSession();
    await this.accessor.set(context, created);
    return created;
  }
}

/**
 * The bot: welcomes people, records the (masked) transcript, runs the main dialog for every message,
 * and saves conversation state at the end of each turn.
 */
export class SupportBot extends ActivityHandler {
  private readonly dialogs: DialogSet;
  private readonly turns = new KeyedLock();
  private stateManagerConfiguration: DialogStateManagerConfiguration | undefined;
  /** The conversation's language (ISO 639-1), chosen by the TurnUnderstander and kept for the next turns. */
  private readonly languageState: StatePropertyAccessor<string | undefined>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly mainDialog: MainDialog,
    private readonly sessions: SessionAccessor,
    /** What the bot says, per language: each turn speaks the language of its understanding. */
    private readonly contents: LocalizedContent,
    /** Reads each message once, at the start of its turn. */
    private readonly understander: Pick<TurnUnderstander, 'understand' | 'languageFor'>,
    private readonly hooks: readonly TurnHooks[] = [],
    private readonly otherStates: BotState[] = [],
  ) {
    super();
    const dialogState = conversationState.createProperty<DialogState>(DIALOG_STATE);
    this.languageState = conversationState.createProperty<string | undefined>(LANGUAGE);
    this.dialogs = new DialogSet(dialogState);
    this.dialogs.add(mainDialog);

    this.onMessage(async (context, next) => {
      // In Teams channels and group chats the message starts with "@iCloud Backup Help": that is not part of it.
      TurnContext.removeRecipientMention(context.activity);
      if (context.activity.text === undefined && (context.activity.attachments?.length ?? 0) > 0) {
        await context.sendActivity(this.prompts(context).emptyMessage);
      } else {
        await this.runDialog(context);
      }
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const people = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId);
      if (people.length > 0) await this.welcome(context);
      await next();
    });

    // Teams: the bot was installed in a personal chat (no person is "added" there).
    this.onInstallationUpdateAdd(async (context, next) => {
      if (context.activity.conversation?.conversationType === 'personal') await this.welcome(context);
      await next();
    });
  }

  /** One turn at a time per conversation in this process; state saved with optimistic concurrency at the end. */
  override async run(context: TurnContext): Promise<void> {
    await this.turns.run(conversationKeyOf(context.activity), async () => {
      try {
        const session = await this.recordTranscript(context);
        // One understanding per turn: built here, before the hooks, and handed to them and the dialogs.
        if (context.activity.type === ActivityTypes.Message) TurnContext.removeRecipientMention(context.activity);
        const input = typedInput(context);
        const where = { stored: await this.storedLanguage(context), locale: context.activity.locale };
        const understanding = input ? this.understander.understand(input, where) : undefined;
        attachUnderstanding(context, understanding);
        await this.rememberLanguage(context, where.stored, understanding?.language ?? this.understander.languageFor(where));
        let handled = false;
        for (const hook of this.hooks) if (!handled && hook.beforeTurn) handled = await hook.beforeTurn(context, session, understanding);
        // A turn a hook took (relayed to an agent, a CSAT rating) was not the dialogs' to act on: analytics and
        // metrics see no understanding for it, as before.
        if (handled) attachUnderstanding(context, undefined);
        else await super.run(context);
        // The session as this turn left it (saving drops the state cache; no need to read it back).
        const final = await this.sessions.get(context);
        await this.conversationState.saveChanges(context, false);
        for (const state of this.otherStates) await state.saveChanges(context, false);
        for (const hook of this.hooks) if (hook.afterTurn) await hook.afterTurn(context, final, handled ? undefined : understanding);
      } catch (error) {
        // Nobody waits for this turn any more and nothing of it was saved.
        if (isTurnAbandoned(error)) return;
        if (!isETagConflict(error) && !isStoreUnavailable(error)) throw error;
        // Another server instance changed this conversation during the turn, or the store could not be reached:
        // nothing of this turn was saved, so its replies (still buffered with expectReplies) must not reach the
        // person either; they are told honestly and can send the message again.
        context.bufferedReplyActivities.length = 0;
        await context.sendActivity(isStoreUnavailable(error) ? this.prompts(context).storeUnavailable : this.prompts(context).sendAgain);
      }
    });
  }

  /** The conversation's language (conversation state), when one was chosen. */
  private async storedLanguage(context: TurnContext): Promise<Language | undefined> {
    const stored = await this.languageState.get(context);
    return isLanguage(stored) ? stored : undefined;
  }

  /** The turn's language, for the turn (languageOf) and, when it changed, for the conversation. */
  private async rememberLanguage(context: TurnContext, stored: Language | undefined, language: Language): Promise<void> {
    attachLanguage(context, language);
    // English with nothing stored and no other locale is the default: nothing to remember (state stays as before).
    const isDefault = stored === undefined && language === 'en' && (languageOfLocale(context.activity.locale) ?? 'en') === 'en';
    if (language !== stored && !isDefault) await this.languageState.set(context, language);
  }

  private async runDialog(context: TurnContext): Promise<void> {
    // botbuilder-dialogs rebuilds its memory-scope configuration on every turn unless it finds one in turn state
    // (botbuilder's DialogManager caches it the same way); it is the same every turn, so build it once.
    if (this.stateManagerConfiguration) context.turnState.set(STATE_MANAGER_CONFIGURATION, this.stateManagerConfiguration);
    const dc = await this.dialogs.createContext(context);
    this.stateManagerConfiguration ??= dc.state.configuration;
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.mainDialog.id);
  }

  private async welcome(context: TurnContext): Promise<void> {
    const prompts = this.prompts(context);
    await context.sendActivity(withButtons(context.activity.channelId, prompts.welcome, prompts.examples));
  }

  /** The prompts in the turn's language. */
  private prompts(context: TurnContext) {
    return this.contents.in(languageOf(context)).dialog.prompts;
  }

  /** Keeps a masked transcript of the conversation's messages in the session, for the human agent. */
  private async recordTranscript(context: TurnContext): Promise<SessionState> {
    const session = await this.sessions.get(context);
    const now = new Date().toISOString();
    session.lastActivityAt = now;
    const incoming = context.activity;
    if (incoming.type === ActivityTypes.Message && incoming.text) appendTranscript(session, { from: 'user', text: redact(incoming.text), at: now });
    context.onSendActivities(async (_ctx, activities: Partial<Activity>[], next: () => Promise<ResourceResponse[]>) => {
      for (const a of activities) {
        // The agent needs what the bot said, not every step again in full: long replies are shortened.
        if (a.type === ActivityTypes.Message && a.text) appendTranscript(session, { from: 'bot', text: shorten(a.text), at: new Date().toISOString() });
      }
      return next();
    });
    return session;
  }
}

/** Bot replies kept in the transcript: the first line (a solution's heading), at most 160 characters. */
const TRANSCRIPT_BOT_TEXT_LIMIT = 160;

function shorten(text: string): string {
  const firstLine = text.split('\n')[0]!;
  return firstLine.length > TRANSCRIPT_BOT_TEXT_LIMIT ? `${firstLine.slice(0, TRANSCRIPT_BOT_TEXT_LIMIT - 1)}…` : firstLine;
}

/**
 * The bot as people meet it, assembled in one place for src/index.ts and the conversation tests
 * (src/conversationTests/), so the tests see what people see: the knowledge base answering questions, the CSAT
 * survey ("Did I help?" / "Did Sam help?"), the analytics hook after it, and the hand-off desk (its relay last).
 */
import type { Multilingual } from '../dialogs/turnUnderstanding';
import type { Storage } from 'botbuilder';
import { analyticsHooks } from '../analytics/analyticsHooks';
import type { AnalyticsStore } from '../analytics/types';
import type { DialogContent } from '../content/loadContent';
import type { LocalizedContent } from '../content/localizedContent';
import { CsatSurvey, newProblemDetector } from '../dialogs/csatDialog';
import type { MainDialogOptions } from '../dialogs/mainDialog';
import type { HandoffDesk } from '../handoff/handoffDesk';
import type { KnowledgeIndex } from '../knowledge';
import type { ActReader } from '../nlu/dialogActs';
import type { Recognizer } from '../nlu/types';
import { contentsOf, createBot, type BotServices } from './createBot';
import type { KnowledgeFor } from '../dialogs/questionAnswerer';
import type { ReplyWordsFor } from '../dialogs/replyInterpreter';
import type { TurnHooks } from '../dialogs/turnHooks';
import type { PrivacyPrompts } from '../content/loadPrivacyPrompts';
import type { ReplyPatterns } from '../content/loadReplies';
import type { PrivacyService } from '../privacy/privacyService';
import type { UserConversationIndex } from '../storage/userConversationIndex';
import { privacyChatHook } from './privacyChat';

/** The hand-off desk asks "Did Sam help?" when an agent ends a chat (HandoffDeps.askRating / HandoffDeskOptions.askRating). */
export const ASK_AGENT_RATING = true;

/** "Leave the queue" while waiting for a person, beyond the desk's built-in words: the classifier's sure cancel. */
export function leaveQueueDetector(recognizer: Recognizer, options: MainDialogOptions): (text: string) => boolean {
  return (text) => {
    if (text.length > options.maxMessageLength) return false;
    const nlu = recognizer.recognize(text);
    return nlu.intent === 'cancel' && nlu.confidence >= options.confidenceThreshold;
  };
}

export interface SupportBotDependencies {
  /** The English content (the reference). */
  content: DialogContent;
  /** Every language's content (loadLocalizedContent); without it the bot speaks English. */
  localized?: LocalizedContent;
  /** Each language's knowledge base; without it every language asks `knowledge`. */
  knowledgeFor?: KnowledgeFor;
  /** Each language's yes / no / acknowledgement words (intents/<lang>/replies.yaml); default: English. */
  replyWords?: ReplyWordsFor;
  recognizer: Recognizer;
  /** Reads a reply's dialog act at a solution step (the trained ActClassifier). */
  acts?: ActReader;
  /** The other languages (nlu/multilingual.ts): without it every turn is English. */
  multilingual?: Multilingual;
  /** Required: people get their questions answered from dialogs/knowledge.yaml. */
  knowledge: KnowledgeIndex;
  storage: Storage;
  options: MainDialogOptions;
  /** Conversations, the training to-do list and CSAT ratings go here. */
  analytics: AnalyticsStore;
  handoffDesk?: HandoffDesk;
  /** More hooks, after the analytics one. */
  hooks?: ReadonlyArray<(services: Omit<BotServices, 'bot'>) => TurnHooks>;
  /** "Delete my data" in the chat (src/bots/privacyChat.ts) and the user → conversations index. */
  privacy?: { service: Pick<PrivacyService, 'eraseConversation'>; prompts: PrivacyPrompts; replyPatterns: ReplyPatterns; userIndex?: UserConversationIndex };
  log?: { warn(fields: object, message?: string): void };
}

export function assembleSupportBot(deps: SupportBotDependencies): BotServices & { csat: CsatSurvey } {
  const { content, recognizer, options } = deps;
  const contents = contentsOf(deps);
  // CSAT: "Did I help?" after a walk, "Did Sam help?" after a hand-off: a dialog of the main dialog (csatDialog.ts).
  const csat = new CsatSurvey({
    prompts: (language) => contents.in(language).dialog.prompts,
    sink: deps.analytics,
    agentRatings: deps.handoffDesk,
    log: deps.log,
    isNewProblem: newProblemDetector(content, options.confidenceThreshold),
  });
  const services = createBot({
    content,
    localized: contents,
    ...(deps.knowledgeFor ? { knowledgeFor: deps.knowledgeFor } : {}),
    ...(deps.replyWords ? { replyPatterns: deps.replyWords } : {}),
    recognizer,
    ...(deps.acts ? { acts: deps.acts } : {}),
    ...(deps.multilingual ? { multilingual: deps.multilingual } : {}),
    knowledge: deps.knowledge,
    storage: deps.storage,
    options,
    csat,
    hooks: [
      () => analyticsHooks({ store: deps.analytics, lowConfidence: { confidenceThreshold: options.confidenceThreshold }, log: deps.log }),
      // After analytics: an erasure at the end of a turn removes what analytics recorded of that turn too.
      ...(deps.privacy ? [privacyHookFactory(deps, deps.privacy)] : []),
      ...(deps.hooks ?? []),
    ],
    handoffDesk: deps.handoffDesk,
  });
  return { ...services, csat };
}

function privacyHookFactory(deps: SupportBotDependencies, privacy: NonNullable<SupportBotDependencies['privacy']>): (services: Omit<BotServices, 'bot'>) => TurnHooks {
  const desk = deps.handoffDesk;
  const contents = contentsOf(deps);
  return (services) =>
    privacyChatHook({
      prompts: (language) => contents.in(language).privacy ?? privacy.prompts,
      confidenceThreshold: deps.options.confidenceThreshold,
      replyPatterns: deps.replyWords ?? (() => privacy.replyPatterns),
      erase: (ref, by) => privacy.service.eraseConversation(ref, by),
      endHandoff: desk ? (key) => desk.endForPerson(key) : undefined,
      rememberConversation: privacy.userIndex ? (user, conversationId) => privacy.userIndex!.remember(user, conversationId) : undefined,
      conversationState: services.conversationState,
      mainDialog: services.mainDialog,
      log: deps.log,
    });
}

import type { ConversationState, Storage } from 'botbuilder';
import type { ReplyPatterns } from '../content/loadReplies';
import type { DialogContent } from '../content/loadContent';
import { LocalizedContent } from '../content/localizedContent';
import type { CsatSurvey } from '../dialogs/csatDialog';
import { MainDialog, type MainDialogOptions } from '../dialogs/mainDialog';
import { QuestionAnswerer, type KnowledgeFor } from '../dialogs/questionAnswerer';
import { ReplyInterpreter, type ReplyWordsFor } from '../dialogs/replyInterpreter';
import type { HandoffDesk } from '../handoff/handoffDesk';
import { HandoffStarter } from '../handoff/handoffStarter';
import { handoffRelayHook } from '../handoff/relayHook';
import type { KnowledgeIndex } from '../knowledge';
import { questionKind } from '../nlu/isQuestion';
import type { ActReader } from '../nlu/dialogActs';
import type { Recognizer } from '../nlu/types';
import { type Multilingual, TurnUnderstander } from '../dialogs/turnUnderstanding';
import { OptimisticConversationState } from '../state/optimisticConversationState';
import { ConversationSessions, SupportBot } from './supportBot';
import type { TurnHooks } from '../dialogs/turnHooks';

export interface BotDependencies {
  /** The English content (the reference). */
  content: DialogContent;
  /** Every language's content (loadLocalizedContent); without it the bot speaks English (content, options.topics). */
  localized?: LocalizedContent;
  recognizer: Recognizer;
  /** Reads a reply's dialog act (fixed, not_fixed, doing_it, question…); without it replies are read by the rules alone. */
  acts?: ActReader;
  /** The other languages' readers and how a turn's language is chosen (nlu/multilingual.ts); without it every turn is English. */
  multilingual?: Multilingual;
  /** The knowledge base follow-up questions are answered from (dialogs/knowledge.yaml). Without it: the honest fallback. */
  knowledge?: KnowledgeIndex;
  /** Each language's knowledge base; without it every language asks `knowledge`. */
  knowledgeFor?: KnowledgeFor;
  storage: Storage;
  options: MainDialogOptions;
  /** The yes / no / acknowledgement / success words (intents/replies.yaml), or each language's; default: this repository's English. */
  replyPatterns?: ReplyPatterns | ReplyWordsFor;
  /** Hand-off relay, analytics…: see TurnHooks. They get the services once built, so they can use sessions/state. */
  hooks?: ReadonlyArray<(services: Omit<BotServices, 'bot'>) => TurnHooks>;
  /** CSAT: "Did I help?" after a walk, "Did Sam help?" after a hand-off (a dialog of the main dialog). */
  csat?: CsatSurvey;
  /** Live hand-off to human agents (queue, agent console, hub status events). Without it a hand-off only sends handoff.initiate. */
  handoffDesk?: HandoffDesk;
  /** Reads each message once per turn (default: a TurnUnderstander of the recognizer and acts; engine tests script it). */
  understander?: Pick<TurnUnderstander, 'understand' | 'languageFor'>;
}

export interface BotServices {
  bot: SupportBot;
  conversationState: ConversationState;
  sessions: ConversationSessions;
  handoff: HandoffStarter;
  mainDialog: MainDialog;
}

/** Builds the bot and its dialogs from content, a recognizer and a store (used by index.ts, the terminal chat and tests). */
export function createBot(deps: BotDependencies): BotServices {
  const conversationState = new OptimisticConversationState(deps.storage);
  const sessions = new ConversationSessions(conversationState);
  // With the agent console on, a person is offered only while one is signed in.
  const desk = deps.handoffDesk;
  const peopleAvailable = desk?.consoleEnabled ? async () => (await desk.agentsOnline()).length > 0 : undefined;
  const contents = contentsOf(deps);
  const questions = new QuestionAnswerer(deps.knowledgeFor ?? (() => deps.knowledge), contents, peopleAvailable);
  const thresholds = { confidence: deps.options.noneThreshold, answer: deps.options.confidenceThreshold };
  const interpreter = new ReplyInterpreter(contents, thresholds, questionKind, (text, solutionId, language) => questions.answers(text, solutionId, language), deps.replyPatterns);
  const handoff = new HandoffStarter(sessions, contents, deps.handoffDesk);
  const mainDialog = new MainDialog(contents, interpreter, sessions, handoff, deps.options, questions, deps.csat);
  const understander = deps.understander ?? new TurnUnderstander(deps.recognizer, questionKind, deps.acts, deps.options.maxMessageLength, deps.multilingual);
  const partial = { conversationState, sessions, handoff, mainDialog };
  const hooks = (deps.hooks ?? []).map((make) => make(partial));
  // Last, so other hooks (analytics) still see the turns the hand-off relay takes over.
  if (deps.handoffDesk) hooks.push(handoffRelayHook(deps.handoffDesk));
  const bot = new SupportBot(conversationState, mainDialog, sessions, contents, understander, hooks);
  return { bot, ...partial };
}

/** Every language's content, or English only (the content and the topics of the options). */
export function contentsOf(deps: Pick<BotDependencies, 'content' | 'localized' | 'options'>): LocalizedContent {
  return deps.localized ?? LocalizedContent.english({ dialog: deps.content, ...(deps.options.topics ? { topics: deps.options.topics } : {}) });
}

import type { ConversationState, Storage } from 'botbuilder';
import type { ReplyPatterns } from '../content/loadReplies';
import type { DialogContent } from '../content/loadContent';
import type { CsatSurvey } from '../dialogs/csatDialog';
import { MainDialog, type MainDialogOptions } from '../dialogs/mainDialog';
import { QuestionAnswerer } from '../dialogs/questionAnswerer';
import { ReplyInterpreter } from '../dialogs/replyInterpreter';
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
  content: DialogContent;
  recognizer: Recognizer;
  /** Reads a reply's dialog act (fixed, not_fixed, doing_it, question…); without it replies are read by the rules alone. */
  acts?: ActReader;
  /** The other languages' readers and how a turn's language is chosen (nlu/multilingual.ts); without it every turn is English. */
  multilingual?: Multilingual;
  /** The knowledge base follow-up questions are answered from (dialogs/knowledge.yaml). Without it: the honest fallback. */
  knowledge?: KnowledgeIndex;
  storage: Storage;
  options: MainDialogOptions;
  /** The yes / no / acknowledgement / success words (intents/replies.yaml); default: this repository's. */
  replyPatterns?: ReplyPatterns;
  /** Hand-off relay, analytics…: see TurnHooks. They get the services once built, so they can use sessions/state. */
  hooks?: ReadonlyArray<(services: Omit<BotServices, 'bot'>) => TurnHooks>;
  /** CSAT: "Did I help?" after a walk, "Did Sam help?" after a hand-off (a dialog of the main dialog). */
  csat?: CsatSurvey;
  /** Live hand-off to human agents (queue, agent console, hub status events). Without it a hand-off only sends handoff.initiate. */
  handoffDesk?: HandoffDesk;
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
  const questions = new QuestionAnswerer(deps.knowledge, deps.content, peopleAvailable);
  const interpreter = new ReplyInterpreter(deps.content, { confidence: deps.options.noneThreshold, answer: deps.options.confidenceThreshold }, questionKind, (text, solutionId) => questions.answers(text, solutionId), deps.replyPatterns);
  const handoff = new HandoffStarter(sessions, deps.content.prompts, deps.handoffDesk);
  const mainDialog = new MainDialog(deps.content, interpreter, sessions, handoff, deps.options, questions, deps.csat);
  const understander = new TurnUnderstander(deps.recognizer, questionKind, deps.acts, deps.options.maxMessageLength, deps.multilingual);
  const partial = { conversationState, sessions, handoff, mainDialog };
  const hooks = (deps.hooks ?? []).map((make) => make(partial));
  // Last, so other hooks (analytics) still see the turns the hand-off relay takes over.
  if (deps.handoffDesk) hooks.push(handoffRelayHook(deps.handoffDesk));
  const bot = new SupportBot(conversationState, mainDialog, sessions, deps.content.prompts, understander, hooks);
  return { bot, ...partial };
}

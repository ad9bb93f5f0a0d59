/**
 * Human hand-off, assembled for index.ts: the desk (queue and routing, in the bot's storage), the agent console
 * routes (/agent, on with OpenID Connect sign-in or an agent key), and proactive delivery to people through the adapter.
 *
 *   const handoff = createHandoff({ adapter, storage, pubsub, content, log, settings: config.handoff,
 *     maxBodyBytes: config.maxBodyBytes, oidc, publicUrl: config.publicUrl, answerSources: [knowledgeAnswers(...)] });
 *   assembleSupportBot({ ..., handoffDesk: handoff.desk });
 *   await handoff.start();
 *   createServer({ ..., routes: [handoff.mountRoutes], onClose: [handoff.close] });
 * (src/index.ts is the real wiring.)
 */
import { randomUUID } from 'node:crypto';
import type { Middleware, Storage } from 'botbuilder';
import type { Server } from 'restify';
import type { DialogContent } from '../content/loadContent';
import type { Language } from '../content/i18n/languages';
import { LocalizedContent } from '../content/localizedContent';
import type { Log } from '../logging/log';
import type { PubSub } from '../storage/pubsub';
import type { OidcSignIn } from '../auth/oidcSignIn';
import { AgentAuth } from '../auth/agentAuth';
import { OidcAgentIdentity, SharedKeyIdentity, type AgentIdentity } from './agentIdentity';
import { AnswerSearch, contentAnswers, LocalizedAnswerSearch, type AnswerSource, type Stemmer } from './answerSearch';
import { ConsoleEvents } from './consoleEvents';
import { mountAgentConsole } from './consoleRoutes';
import { ConsoleView } from './consoleView';
import { HandoffDesk } from './handoffDesk';
import { AdapterPersonChannel, type ProactiveAdapter } from './personChannel';
import { TypingRelay } from './typingRelay';
import { handoffImageGate } from './keepImage';

export { knowledgeAnswers } from './answerSearch';

interface HandoffSettings {
  /** AGENT_KEY: without it the agent console is off. */
  agentKey?: string;
  acceptTimeoutSeconds: number;
  agentSessionMs: number;
}

export interface HandoffDeps {
  /** Proactive messages to people go through the adapter (created before the hand-off). */
  adapter: ProactiveAdapter;
  storage: Storage;
  /** Routes proactive messages to the instance holding a local conversation (in-process when there is one instance). */
  pubsub?: PubSub;
  /** The English content (the reference). */
  content: DialogContent;
  /** Every language's content: people are told in their language, agents get answers at hand in it. Default: English. */
  localized?: LocalizedContent;
  log: Log;
  settings: HandoffSettings;
  maxBodyBytes: number;
  /** Recognises "leave the queue" beyond the built-in words (e.g. the classifier's cancel intent). */
  isLeaveQueue?: (text: string) => boolean;
  /** Agents sign in with their work accounts (then AGENT_KEY must not be set: config.ts refuses it). */
  oidc?: OidcSignIn;
  /** PUBLIC_URL (cookies are Secure when it is https). */
  publicUrl?: string;
  /**
   * More answers for the agents' "answers at hand" beyond the bot's solutions and FAQs (e.g. a knowledge base): the
   * English ones, or each language's.
   */
  answerSources?: AnswerSource[] | ((language: Language) => AnswerSource[]);
  /** Each language's stemmer for the answers at hand (src/text/languages.ts stemmerOf); default: English's for all. */
  stemmerFor?: (language: Language) => Stemmer;
  /** Ask "Did Sam help?" when an agent ends a chat (the CSAT dialog of src/dialogs/csatDialog.ts takes the answer). */
  askRating?: boolean;
  now?: () => number;
}

export interface Handoff {
  desk: HandoffDesk;
  /** Starts receiving routed deliveries and console events, and the accept-timeout check. */
  start(): Promise<void>;
  /** Mounts the agent console on the server (ServerDeps.routes). */
  mountRoutes(server: Server): void;
  /** Adapter middleware: a person's typing during a hand-off reaches their agent's console; other typing is dropped. */
  typingMiddleware: Middleware;
  /** Whether a conversation is in a hand-off (its images go to the agent): for the screenshot middleware. */
  imageGate: ReturnType<typeof handoffImageGate>;
  /** Stops timers and subscriptions (ServerDeps.onClose). */
  close(): Promise<void>;
}

export function createHandoff(deps: HandoffDeps): Handoff {
  const { settings, log } = deps;
  const identity: AgentIdentity | undefined = deps.oidc
    ? new OidcAgentIdentity(deps.oidc)
    : settings.agentKey
      ? new SharedKeyIdentity(new AgentAuth(settings.agentKey, settings.agentSessionMs, deps.now))
      : undefined;
  const events = new ConsoleEvents(deps.pubsub, log);
  const localized = deps.localized ?? LocalizedContent.english({ dialog: deps.content });
  const answers = answersAtHand(localized, deps.answerSources, deps.stemmerFor);
  let closeConsole: (() => Promise<void>) | undefined;
  const instanceId = randomUUID();
  const channel = new AdapterPersonChannel(deps.adapter, instanceId, deps.pubsub, log);
  const desk = new HandoffDesk({
    instanceId,
    personChannel: channel,
    onChange: (request) => events.publish(request),
    storage: deps.storage,
    content: deps.content,
    localized,
    log,
    now: deps.now,
    isLeaveQueue: deps.isLeaveQueue,
    options: { consoleEnabled: Boolean(identity), acceptTimeoutMs: settings.acceptTimeoutSeconds * 1000, askRating: deps.askRating },
  });
  const typing = new TypingRelay({ desk, channel, events, log, now: deps.now });
  return {
    desk,
    typingMiddleware: typing.middleware,
    imageGate: handoffImageGate(desk),
    async start() {
      await channel.listen();
      await events.start();
      await desk.start();
    },
    mountRoutes(server) {
      const view = new ConsoleView(deps.content);
      closeConsole = mountAgentConsole(server, { desk, identity, events, typing, answers, publicUrl: deps.publicUrl, view, log, maxBodyBytes: deps.maxBodyBytes, now: deps.now });
    },
    async close() {
      await closeConsole?.();
      await events.close();
      await desk.close();
      await channel.close();
    },
  };
}

/** The agents' answers at hand in each language: the bot's solutions and FAQs in it, and the language's other sources. */
function answersAtHand(localized: LocalizedContent, sources: HandoffDeps['answerSources'], stemmerFor?: (language: Language) => Stemmer): LocalizedAnswerSearch {
  const sourcesIn = (language: Language): AnswerSource[] => (typeof sources === 'function' ? sources(language) : language === 'en' ? (sources ?? []) : []);
  const languages = new Set(localized.languages);
  // Built on an agent's first search in the language (the knowledge bases of other languages are built after start-up).
  return new LocalizedAnswerSearch((language) =>
    languages.has(language) ? new AnswerSearch([contentAnswers(localized.in(language).dialog), ...sourcesIn(language)], stemmerFor?.(language)) : undefined,
  );
}

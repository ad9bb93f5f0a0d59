/**
 * The one place that wires the application: configuration → storage → recognizer → content → dialogs → bot →
 * adapter → server. Everything else receives its dependencies through constructors and factory arguments.
 */
import { adminRoutes, createAnalyticsStore, optionalWrites, routeLabelsOf } from './analytics';
import { ASK_AGENT_RATING, assembleSupportBot, leaveQueueDetector } from './bots/assembleBot';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { ContentError } from './content/contentError';
import { createHandoff, type Handoff } from './handoff';
import { OidcSignIn } from './auth/oidcSignIn';
import { loadLocalizedContent } from './content/localizedContent';
import type { Language } from './content/i18n/languages';
import { knowledgeAnswersIn, knowledgeOrEnglish, loadLocalizedReplyWords } from './bots/languageResources';
import { loadCauseOrder } from './content/loadIntents';
import { loadKnowledgeBase, loadKnowledgeIndex, type KnowledgeIndex } from './knowledge';
import { loadTopics } from './content/loadTopics';
import { createLogger } from './logging/logger';
import type { DestinationStream } from 'pino';
import type { Log } from './logging/log';
import type { AnalyticsStore } from './analytics/types';
import type { BotStore } from './storage';
import type { GuardedStore } from './storage/guardedStore';
import type { PubSub } from './storage/pubsub';
import type { DirectLineStore } from './storage/directLineConversationStore';
import { languageChooserFor, loadAllLanguages, multilingualUnderstanding } from './nlu/multilingual';
import { createAdapter } from './server/createAdapter';
import { createServer, type ServerOptions, type SupportServer } from './server/createServer';
import { pageTextsRoute } from './channels/webchat/pageTexts';
import { loadPageTexts } from './content/loadPageTexts';
import type { Server as RestifyServer } from 'restify';
import type { DialogContent } from './content/loadContent';
import { createPubSub, createStorage, guardStore } from './storage';
import { createDirectLineStore, directLineStoreProbe, redisClientOf } from './storage/createDirectLineStore';
import { BotMetrics } from './metrics/botMetrics';
import { instrumentStore } from './metrics/instrumentedStore';
import { metricsRoute, startMetricsListener, type MetricsListener } from './metrics/metricsRoute';
import { CachedRecognizer } from './nlu/recognizerCache';
import { CachedActReader } from './nlu/actReaderCache';
import { CachedLanguageChooser } from './nlu/languageChoiceCache';
import { warmUpUnderstanding } from './nlu/warmUp';
import { TurnGate } from './server/turnGate';
import { limitHeapGrowth } from './util/heapGrowth';
import { Readiness, type ReadinessProbe } from './health/readiness';
import { modelProbe } from './health/probes';
import { loadReplyWords, replyPatterns } from './content/loadReplies';
import { PrivacyService } from './privacy/privacyService';
import { redact } from './privacy/redact';
import { privacyStores } from './bots/privacyStores';
import { createErasureLog } from './storage/erasureLog';
import { UserConversationIndex } from './storage/userConversationIndex';
import { CHANNEL_ID as DIRECT_LINE_CHANNEL_ID } from './channels/directline/userActivity';
import { startTracing } from './telemetry/tracing';
import { traceFields } from './telemetry/spans';
import { tracedHandoffDesk, tracedKnowledge, tracedRecognizer, tracedStorage } from './telemetry/traced';
import { createScreenshotSupport, requestBodyLimit } from './channels/images';
import type { OcrEngine } from './ocr/ocrEngine';

/** What the model probe reads of the model: its labels. */
type ModelMeta = { meta: { labels: readonly string[] } };

export interface StartOptions {
  /** Where the JSON logs go (default stdout); tests capture them here. */
  logDestination?: DestinationStream;
  /** Tests: reads images with this engine instead of tesseract.js workers. */
  ocrEngine?: OcrEngine;
}

export async function start(config: AppConfig = loadConfig(), startOptions: StartOptions = {}) {
  // Traces (OTLP or Azure Monitor) when configured; off, nothing below is wrapped.
  const tracing = await startTracing(config.telemetry);
  const traced = tracing.exporter !== 'off';
  const log = createLogger(config.logLevel, startOptions.logDestination, { mask: redact, mixin: traced ? traceFields : undefined });
  for (const warning of config.warnings ?? []) log.warn({}, warning);
  const startedAt = process.hrtime.bigint();

  // Metrics are collected only when something can scrape them (METRICS_KEY or METRICS_HOST).
  const metrics = config.metrics.key || config.metrics.host ? new BotMetrics() : undefined;
  const stores = await openBotStorage(config, log, metrics);
  const understanding = await loadUnderstanding(config, log, metrics);
  const { content, cachedRecognizer } = understanding;
  const storage = stores.storage;
  const analytics = await openAnalytics(config, log, metrics);
  const botOptions = { ...config.nlu, maxMessageLength: config.maxMessageLength, topics: understanding.topics };
  // Human hand-off: the queue and pairings live in the bot's storage; pub/sub reaches the instance holding a conversation.
  const pubsub = createPubSub({ ...config.storage }, log);
  // Agents and admins sign in with their organisation's accounts (OpenID Connect) when OIDC_ISSUER is set.
  const oidc = config.oidc ? new OidcSignIn(config.oidc, storage, log) : undefined;
  // The knowledge base answers people's questions, and agents can insert its answers too ("answers at hand").
  const knowledge = loadKnowledgeIndex(config.contentDir, content);
  // …in every language (KnowledgeBase.for(understanding.language)); the other languages' indexes are built after start-up.
  const knowledgeBase = loadKnowledgeBase(config.contentDir, new Set(content.solutions.map((s) => s.id)), knowledge, understanding.grammars, (m) => log.warn({}, m));
  const knowledgeFor = knowledgeOrEnglish(knowledgeBase, knowledge, log);
  // The adapter comes first: the hand-off sends people proactive messages through it.
  const adapter = createAdapter(config.botAuth, log, { errorMessage: content.prompts.turnFailed });
  const handoff = createHandoff({
    ...{ adapter, oidc, storage, pubsub, content, localized: understanding.localized, log, askRating: ASK_AGENT_RATING },
    answerSources: knowledgeAnswersIn(knowledgeFor),
    publicUrl: config.publicUrl,
    settings: config.handoff,
    maxBodyBytes: config.maxBodyBytes,
    isLeaveQueue: leaveQueueDetector(cachedRecognizer, botOptions),
  });
  // Screenshots people send are read offline (OCR workers) into the turn's text (during a hand-off the agent gets the
  // image too); typing shows while a turn takes time; a person's typing during a hand-off reaches their agent.
  const screenshots = createScreenshotSupport({ ...config, content, localized: understanding.localized, recognizer: cachedRecognizer, log, engine: startOptions.ocrEngine, handoff: handoff.imageGate });
  for (const middleware of [...screenshots.middleware, handoff.typingMiddleware]) adapter.use(middleware);
  const privacy = createPrivacy(config, log, { openedStorage: stores.openedStorage, storage, analytics });
  const bot = buildBot(config, log, traced, { understanding, knowledge, knowledgeFor, storage, botOptions, analytics, handoff, privacy });
  const probes = readinessProbes(understanding.recognizer, stores.guardedStorage, pubsub, privacy.directLineStore);
  await handoff.start();
  const turnGate = new TurnGate();
  const server = createServer({
    adapter,
    bot,
    log,
    metrics,
    turnGate,
    readiness: new Readiness(probes),
    options: serverOptions(config),
    // The support page's own texts in each language (dialogs/page.yaml), then the staff pages.
    routes: [pageTextsRoute(loadPageTexts(config.contentDir, (message) => log.warn({}, message))), ...staffRoutes(config, log, { analytics, oidc, content, privacy: privacy.service, handoff, metrics })],
    onClose: [() => handoff.close(), () => screenshots.close()],
    directLineStore: privacy.directLineStore,
    pubsub,
    // With Redis the rate limits are shared by the instances.
    rateLimitStore: { redis: redisClientOf(privacy.directLineStore), keyPrefix: config.storage.keyPrefix },
  });
  // Every language's knowledge index before listening: built later, each one (0.5-1 s) would stall the turns and Redis
  // replies of that moment (seen as Redis command timeouts in the console tests).
  await knowledgeBase.warmUp((language, err) => log.error({ language }, `knowledge base (${language}) could not be built; answering from English: ${String(err)}`));
  const { url } = await server.listen();
  const metricsListener = await startMetrics(config, log, metrics, { handoff, server, turnGate });
  const startupMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
  log.info(
    { url, storage: config.storage.kind, nluModel: understanding.recognizer.status, authenticated: Boolean(config.botAuth.MicrosoftAppId), startupMs: Math.round(startupMs) },
    `iCloud Backup Help is listening on ${url} (web chat at ${url}/)`,
  );
  // The server first, so turns in flight finish.
  const closers = [server, metricsListener, pubsub, privacy.directLineStore, storage, analytics, privacy.erasureLog];
  const stop = stopInOrder(log, tracing, closers.map((part) => async () => part?.close()));
  return { url, server, storage, stop, log, metricsUrl: metricsListener?.url, privacy: privacy.service, probes };
}

/** The routes besides the chat's: the admin dashboard, the agent console, OIDC sign-in, /metrics (with METRICS_KEY). */
function staffRoutes(
  config: AppConfig,
  log: Log,
  parts: { analytics: AnalyticsStore; oidc?: OidcSignIn; content: DialogContent; privacy: PrivacyService; handoff: Handoff; metrics?: BotMetrics },
): Array<(server: RestifyServer) => void> {
  const { oidc, handoff, metrics } = parts;
  return [
    adminRoutes({
      adminKey: config.analytics.adminKey,
      oidc,
      store: parts.analytics,
      abandonAfterMs: config.analytics.abandonAfterMs,
      routeLabels: routeLabelsOf(parts.content),
      log,
      privacy: parts.privacy,
    }),
    (restifyServer) => handoff.mountRoutes(restifyServer),
    (restifyServer) => oidc?.mount(restifyServer),
    ...(metrics && config.metrics.key ? [metricsRoute(metrics, config.metrics.key)] : []),
  ];
}

/** What /metrics reads when scraped, and the loopback listener without a key (METRICS_HOST), when metrics are on. */
async function startMetrics(
  config: AppConfig,
  log: Log,
  metrics: BotMetrics | undefined,
  parts: { handoff: Handoff; server: SupportServer; turnGate: TurnGate },
): Promise<MetricsListener | undefined> {
  metrics?.setCallbacks({
    handoffQueueLength: async () => (await parts.handoff.desk.openRequests()).length,
    directLineConnections: () => parts.server.directLineConnections(),
    turnsWaiting: () => parts.turnGate.queued,
  });
  const metricsListener: MetricsListener | undefined =
    metrics && config.metrics.host ? await startMetricsListener(metrics, config.metrics.host, config.metrics.port) : undefined;
  if (metricsListener) log.info({ url: metricsListener.url }, 'Metrics listener (no key, loopback only)');
  return metricsListener;
}

/**
 * Conversation analytics live next to the bot's state (same SQLite file / Redis server / process memory).
 * Optional: a failing or slow analytics write is logged and counted, and never fails or stalls the turn.
 */
async function openAnalytics(config: AppConfig, log: Log, metrics: BotMetrics | undefined) {
  return optionalWrites(await createAnalyticsStore({ ...config.storage, retentionMs: config.analytics.retentionMs }, log), {
    log,
    onFailure: () => metrics?.optionalFailure('analytics'),
  });
}

/** The bot as people meet it (also what the conversation tests run): knowledge base, CSAT, analytics, hand-off, privacy. */
function buildBot(
  config: AppConfig,
  log: Log,
  traced: boolean,
  parts: {
    understanding: Awaited<ReturnType<typeof loadUnderstanding>>;
    knowledge: KnowledgeIndex;
    knowledgeFor: (language: Language) => KnowledgeIndex | undefined;
    storage: BotStore;
    botOptions: Parameters<typeof assembleSupportBot>[0]['options'];
    analytics: AnalyticsStore;
    handoff: Handoff;
    privacy: ReturnType<typeof createPrivacy>;
  },
) {
  const { understanding, knowledge, storage, handoff, privacy } = parts;
  const { cachedRecognizer } = understanding;
  return assembleSupportBot({
    content: understanding.content,
    localized: understanding.localized,
    knowledgeFor: traced ? (language) => tracedIndex(parts.knowledgeFor(language)) : parts.knowledgeFor,
    replyWords: loadLocalizedReplyWords(config.intentsDir, understanding.localized.languages),
    recognizer: traced ? tracedRecognizer(cachedRecognizer) : cachedRecognizer,
    acts: understanding.acts,
    multilingual: understanding.multilingual,
    knowledge: traced ? tracedKnowledge(knowledge) : knowledge,
    storage: traced ? tracedStorage(storage) : storage,
    options: parts.botOptions,
    analytics: parts.analytics,
    handoffDesk: traced ? tracedHandoffDesk(handoff.desk) : handoff.desk,
    privacy: { service: privacy.service, prompts: understanding.localized.english.privacy, replyPatterns: replyPatterns(loadReplyWords(config.intentsDir)), userIndex: privacy.userIndex },
    log,
  }).bot;
}

/** The bot's state store: opened, guarded (deadline + circuit breaker; its probe() is the /readyz check), measured. */
async function openBotStorage(config: AppConfig, log: Log, metrics: BotMetrics | undefined) {
  const { kind, sqlitePath, redisUrl, keyPrefix, idleTtlMs } = config.storage;
  const openedStorage = await createStorage({ kind, sqlitePath, redisUrl, keyPrefix, idleTtlMs }, log);
  // Fail fast while the store is down (deadline + circuit breaker); its probe() is the store's /readyz check.
  const guardedStorage = guardStore(openedStorage, log, { onOpen: () => metrics?.circuitOpened(kind) });
  const storage = metrics ? instrumentStore(guardedStorage, metrics) : guardedStorage;
  return { openedStorage, guardedStorage, storage };
}

/**
 * Topics, the intent recognizer (cached), the dialog-act reader and the dialog content checked against the model; the
 * other languages' recognizers and act readers (intents/<lang>/, models/<lang>/) and how a turn's language is chosen.
 */
async function loadUnderstanding(config: AppConfig, log: Log, metrics: BotMetrics | undefined) {
  const topics = loadTopics(config.contentDir);
  const languages = await loadAllLanguages({
    topics: topics.topics.map((t) => t.id),
    intentsDir: config.intentsDir,
    modelPath: config.modelPath,
    causeOrder: loadCauseOrder(config.contentDir),
    log,
  });
  const english = languages.get('en')!;
  const recognizer = english.recognizer;
  // Dialog acts of replies at a solution step (fixed, not fixed, doing it, question…): intents/acts, trained by npm run train.
  // Repeated replies ("no", 👍, the buttons) are read once, like the recognizer's results.
  const acts = new CachedActReader(english.acts);
  // Content is checked against the intents the model knows: a cause or answer without an intent stops start-up. Every
  // language's copy is built once, here; a string a translation lacks is said in English (one log line per file and gap).
  const knownIntents = new Set(recognizer.model.meta.labels);
  const localized = loadLocalizedContent(config.contentDir, { knownIntents, onMissing: (message) => log.warn({}, message) });
  const content = localized.english.dialog;
  // Repeated texts ("no", "yes it worked", the example buttons) are classified once; a retrained model empties the cache.
  const cachedRecognizer = new CachedRecognizer(recognizer, { version: () => recognizer.model, observe: metrics?.classified });
  const chooser = await languageChooserFor(languages);
  // Before the server listens, so the first people after a start-up do not wait for V8 compiling the patterns.
  log.info({ warmUpMs: warmUpUnderstanding(languages, chooser) }, 'understanding warmed up');
  // …and a repeated text's language is chosen once, like its classification (the switch phrases, the vocabularies).
  const multilingual = multilingualUnderstanding(languages, new CachedLanguageChooser(chooser));
  const grammars = new Map([...languages].map(([l, m]) => [l, m.grammar]));
  return { topics, recognizer, acts, content, localized, cachedRecognizer, multilingual, grammars };
}

/**
 * Privacy requests (docs/privacy.md): every store, the user → conversations index, the erasure log. The built-in
 * Direct Line keeps its conversations in the same kind of store as the bot, so open pages survive restarts.
 */
function createPrivacy(config: AppConfig, log: Log, stores: { openedStorage: BotStore; storage: BotStore; analytics: AnalyticsStore }) {
  const directLineStore = createDirectLineStore({ ...config.storage }, log);
  const userIndex = new UserConversationIndex(stores.storage, { idleTtlMs: config.storage.idleTtlMs });
  const erasureLog = createErasureLog(config.storage, log);
  const service = new PrivacyService(
    privacyStores({ storage: stores.openedStorage, analytics: stores.analytics, directLine: { store: directLineStore, channelId: DIRECT_LINE_CHANNEL_ID }, userIndex }),
    erasureLog,
  );
  return { directLineStore, userIndex, erasureLog, service };
}

/**
 * GET /readyz: the model is loaded; the state store can take a turn (its circuit is closed and Redis answers PING,
 * or SQLite takes a trial write); with Redis, the pub/sub and Direct Line connections are up.
 */
function readinessProbes(recognizer: { model: ModelMeta }, guardedStorage: GuardedStore, pubsub: PubSub, directLineStore: DirectLineStore): ReadinessProbe[] {
  const probes: ReadinessProbe[] = [modelProbe(() => recognizer.model), guardedStorage.probe()];
  if (pubsub.probe) probes.push(pubsub.probe());
  const directLineProbe = directLineStoreProbe(directLineStore);
  if (directLineProbe) probes.push(directLineProbe);
  return probes;
}

/** The HTTP server's settings from the configuration. */
function serverOptions(config: AppConfig): ServerOptions {
  return {
    port: config.port,
    host: config.host,
    // Large enough for one screenshot as a data: URI.
    maxBodyBytes: requestBodyLimit(config),
    messageLimits: config.messageLimits,
    allowedOrigins: config.allowedOrigins,
    directLine: {
      // The built-in Direct Line serves the page locally; with a secret the page talks to Azure instead.
      enabled: !config.directLine.secret,
      secret: config.directLine.secret,
      endpoint: config.directLine.endpoint,
      tokenTtlSeconds: config.directLine.tokenTtlSeconds,
      tokenSigningKey: config.directLine.signingKey,
    },
  };
}

/** stop(): closes each part in order, once, then the trace exporter. */
function stopInOrder(log: Log, tracing: { shutdown(): Promise<void> }, closers: ReadonlyArray<() => Promise<void>>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      log.info({}, 'Shutting down: finishing turns in flight');
      for (const close of closers) await close();
      // The trace exporter is optional: a collector that is down loses the last spans, never the shutdown.
      await tracing.shutdown().catch((err: unknown) => log.warn({ error: err instanceof Error ? err.message : String(err) }, 'tracing: the last spans could not be sent'));
      log.info({}, 'Stopped');
    })();
    return stopping;
  };
}

/** The traced knowledge base of a language, when it has one. */
function tracedIndex(index: KnowledgeIndex | undefined): KnowledgeIndex | undefined {
  return index ? tracedKnowledge(index) : undefined;
}

/**
 * start() as a process of its own: configuration from the environment, plus the process-wide V8 setting (the heap's
 * growth), which start() leaves alone because tests call it inside their own process.
 */
export async function startProcess() {
  const config = loadConfig();
  limitHeapGrowth(config.heapGrowingPercent);
  return start(config);
}

if (require.main === module) {
  startProcess().then(
    (app) => {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => {
          app.stop().then(
            () => process.exit(0),
            (error: unknown) => {
              app.log.error({ err: String(error) }, 'Shutdown failed');
              process.exit(1);
            },
          );
        });
      }
    },
    (error: unknown) => {
      // Configuration and content errors name the variable, or the file and field: print just that.
      if (error instanceof ConfigError || error instanceof ContentError) process.stderr.write(`Cannot start: ${error.message}\n`);
      else process.stderr.write(`Cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}


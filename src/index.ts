/**
 * The one place that wires the application: configuration → storage → recognizer → content → dialogs → bot →
 * adapter → server. Everything else receives its dependencies through constructors and factory arguments.
 */
import { join } from 'node:path';
import { adminRoutes, createAnalyticsStore, optionalWrites, routeLabelsOf } from './analytics';
import { ASK_AGENT_RATING, assembleSupportBot, leaveQueueDetector } from './bots/assembleBot';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { ContentError } from './content/contentError';
import { createHandoff, knowledgeAnswers } from './handoff';
import { OidcSignIn } from './auth/oidcSignIn';
import { loadDialogContent } from './content/loadContent';
import { loadCauseOrder } from './content/loadIntents';
import { loadKnowledgeIndex } from './knowledge';
import { loadTopics } from './content/loadTopics';
import { createLogger } from './logging/logger';
import type { DestinationStream } from 'pino';
import { actModelPathFor, loadActClassifier, loadRecognizer } from './nlu';
import { createAdapter } from './server/createAdapter';
import { createServer } from './server/createServer';
import { createPubSub, createStorage, guardStore } from './storage';
import { createDirectLineStore, directLineStoreProbe, redisClientOf } from './storage/createDirectLineStore';
import { BotMetrics } from './metrics/botMetrics';
import { instrumentStore } from './metrics/instrumentedStore';
import { metricsRoute, startMetricsListener, type MetricsListener } from './metrics/metricsRoute';
import { CachedRecognizer } from './nlu/recognizerCache';
import { CachedActReader } from './nlu/actReaderCache';
import { TurnGate } from './server/turnGate';
import { limitHeapGrowth } from './util/heapGrowth';
import { Readiness, type ReadinessProbe } from './health/readiness';
import { modelProbe } from './health/probes';
import { loadPrivacyPrompts } from './content/loadPrivacyPrompts';
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
import { bodyBytesForImages, createScreenshotSupport } from './channels/images';
import type { OcrEngine } from './ocr/ocrEngine';

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
  const startedAt = process.hrtime.bigint();

  // Metrics are collected only when something can scrape them (METRICS_KEY or METRICS_HOST).
  const metrics = config.metrics.key || config.metrics.host ? new BotMetrics() : undefined;
  const openedStorage = await createStorage(
    {
      kind: config.storage.kind,
      sqlitePath: config.storage.sqlitePath,
      redisUrl: config.storage.redisUrl,
      keyPrefix: config.storage.keyPrefix,
      idleTtlMs: config.storage.idleTtlMs,
    },
    log,
  );
  // Fail fast while the store is down (deadline + circuit breaker); its probe() is the store's /readyz check.
  const guardedStorage = guardStore(openedStorage, log, { onOpen: () => metrics?.circuitOpened(config.storage.kind) });
  const storage = metrics ? instrumentStore(guardedStorage, metrics) : guardedStorage;
  const topics = loadTopics(config.contentDir);
  const recognizer = await loadRecognizer({
    topics: topics.topics.map((t) => t.id),
    intentsDir: config.intentsDir,
    modelPath: config.modelPath,
    causeOrder: loadCauseOrder(config.contentDir),
    log,
  });
  // Dialog acts of replies at a solution step (fixed, not fixed, doing it, question…): intents/acts, trained by npm run train.
  // Repeated replies ("no", 👍, the buttons) are read once, like the recognizer's results.
  const acts = new CachedActReader(loadActClassifier({ actsDir: join(config.intentsDir, 'acts'), modelPath: actModelPathFor(config.modelPath), log }));
  // Content is checked against the intents the model knows: a cause or answer without an intent stops start-up.
  const content = loadDialogContent(config.contentDir, { knownIntents: new Set(recognizer.model.meta.labels) });
  // Repeated texts ("no", "yes it worked", the example buttons) are classified once; a retrained model empties the cache.
  const cachedRecognizer = new CachedRecognizer(recognizer, { version: () => recognizer.model, observe: metrics?.classified });
  // Conversation analytics live next to the bot's state (same SQLite file / Redis server / process memory).
  // Optional: a failing or slow analytics write is logged and counted, and never fails or stalls the turn.
  const analytics = optionalWrites(await createAnalyticsStore({ ...config.storage, retentionMs: config.analytics.retentionMs }, log), {
    log,
    onFailure: () => metrics?.optionalFailure('analytics'),
  });
  const botOptions = { ...config.nlu, maxMessageLength: config.maxMessageLength, topics };
  // Human hand-off: the queue and pairings live in the bot's storage; pub/sub reaches the instance holding a conversation.
  const pubsub = createPubSub({ ...config.storage }, log);
  // Agents and admins sign in with their organisation's accounts (OpenID Connect) when OIDC_ISSUER is set.
  const oidc = config.oidc ? new OidcSignIn(config.oidc, storage, log) : undefined;
  // The knowledge base answers people's questions, and agents can insert its answers too ("answers at hand").
  const knowledge = loadKnowledgeIndex(config.contentDir, content);
  // The adapter comes first: the hand-off sends people proactive messages through it.
  const adapter = createAdapter(config.botAuth, log, { errorMessage: content.prompts.turnFailed });
  // Screenshots people send are read offline (OCR workers) into the turn's text; typing shows while a turn takes time.
  const screenshots = createScreenshotSupport({ ...config, content, recognizer: cachedRecognizer, log, engine: startOptions.ocrEngine });
  for (const middleware of screenshots.middleware) adapter.use(middleware);
  const handoff = createHandoff({
    adapter,
    answerSources: [knowledgeAnswers(knowledge.content)],
    oidc,
    publicUrl: config.publicUrl,
    storage,
    pubsub,
    content,
    log,
    settings: config.handoff,
    maxBodyBytes: config.maxBodyBytes,
    askRating: ASK_AGENT_RATING,
    isLeaveQueue: leaveQueueDetector(cachedRecognizer, botOptions),
  });

  // The built-in Direct Line keeps its conversations in the same kind of store, so open pages survive restarts.
  const directLineStore = createDirectLineStore({ ...config.storage }, log);
  // Privacy requests (docs/privacy.md): every store above, the user → conversations index, the erasure log.
  const userIndex = new UserConversationIndex(storage, { idleTtlMs: config.storage.idleTtlMs });
  const erasureLog = createErasureLog(config.storage, log);
  const privacy = new PrivacyService(
    privacyStores({ storage: openedStorage, analytics, directLine: { store: directLineStore, channelId: DIRECT_LINE_CHANNEL_ID }, userIndex }),
    erasureLog,
  );

  // The bot as people meet it (also what the conversation tests run): knowledge base, CSAT, analytics, hand-off.
  const { bot } = assembleSupportBot({
    content,
    recognizer: traced ? tracedRecognizer(cachedRecognizer) : cachedRecognizer,
    acts,
    knowledge: traced ? tracedKnowledge(knowledge) : knowledge,
    storage: traced ? tracedStorage(storage) : storage,
    options: botOptions,
    analytics,
    handoffDesk: traced ? tracedHandoffDesk(handoff.desk) : handoff.desk,
    privacy: { service: privacy, prompts: loadPrivacyPrompts(config.contentDir), replyPatterns: replyPatterns(loadReplyWords(config.intentsDir)), userIndex },
    log,
  });
  // GET /readyz: the model is loaded; the state store can take a turn (its circuit is closed and Redis answers PING,
  // or SQLite takes a trial write); with Redis, the pub/sub and Direct Line connections are up.
  const probes: ReadinessProbe[] = [modelProbe(() => recognizer.model), guardedStorage.probe()];
  if (pubsub.probe) probes.push(pubsub.probe());
  const directLineProbe = directLineStoreProbe(directLineStore);
  if (directLineProbe) probes.push(directLineProbe);
  await handoff.start();
  const turnGate = new TurnGate();
  const readiness = new Readiness(probes);
  const server = createServer({
    adapter,
    bot,
    log,
    metrics,
    turnGate,
    readiness,
    options: {
      port: config.port,
      host: config.host,
      // Large enough for one screenshot as a data: URI.
      maxBodyBytes: Math.max(config.maxBodyBytes, config.images.ocrWorkers > 0 ? bodyBytesForImages(config.images.maxBytes) : 0),
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
    },
    routes: [
      adminRoutes({
        adminKey: config.analytics.adminKey,
        oidc,
        store: analytics,
        abandonAfterMs: config.analytics.abandonAfterMs,
        routeLabels: routeLabelsOf(content),
        log,
        privacy,
      }),
      (restifyServer) => handoff.mountRoutes(restifyServer),
      (restifyServer) => oidc?.mount(restifyServer),
      ...(metrics && config.metrics.key ? [metricsRoute(metrics, config.metrics.key)] : []),
    ],
    onClose: [() => handoff.close(), () => screenshots.close()],
    directLineStore,
    pubsub,
    // With Redis the rate limits are shared by the instances.
    rateLimitStore: { redis: redisClientOf(directLineStore), keyPrefix: config.storage.keyPrefix },
  });
  const { url } = await server.listen();
  metrics?.setCallbacks({
    handoffQueueLength: async () => (await handoff.desk.openRequests()).length,
    directLineConnections: () => server.directLineConnections(),
    turnsWaiting: () => turnGate.queued,
  });
  const metricsListener: MetricsListener | undefined =
    metrics && config.metrics.host ? await startMetricsListener(metrics, config.metrics.host, config.metrics.port) : undefined;
  if (metricsListener) log.info({ url: metricsListener.url }, 'Metrics listener (no key, loopback only)');
  const startupMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
  log.info(
    { url, storage: config.storage.kind, nluModel: recognizer.status, authenticated: Boolean(config.botAuth.MicrosoftAppId), startupMs: Math.round(startupMs) },
    `iCloud Backup Help is listening on ${url} (web chat at ${url}/)`,
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      log.info({}, 'Shutting down: finishing turns in flight');
      await server.close();
      await metricsListener?.close();
      await pubsub.close();
      await directLineStore.close();
      await storage.close();
      await analytics.close();
      await erasureLog.close();
      // The trace exporter is optional: a collector that is down loses the last spans, never the shutdown.
      await tracing.shutdown().catch((err: unknown) => log.warn({ error: err instanceof Error ? err.message : String(err) }, 'tracing: the last spans could not be sent'));
      log.info({}, 'Stopped');
    })();
    return stopping;
  };
  return { url, server, storage, stop, log, metricsUrl: metricsListener?.url, privacy, probes };
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

/**
 * The one place that wires the application: configuration → storage → recognizer → content → dialogs → bot →
 * adapter → server. Everything else receives its dependencies through constructors and factory arguments.
 */
import { adminRoutes, analyticsHooks, createAnalyticsStore, routeLabelsOf } from './analytics';
import { createBot } from './bots/createBot';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { ContentError } from './content/contentError';
import { createHandoff } from './handoff';
import { loadDialogContent } from './content/loadContent';
import { loadCauseOrder } from './content/loadIntents';
import { loadTopics } from './content/loadTopics';
import { createLogger } from './logging/logger';
import type { DestinationStream } from 'pino';
import { isQuestion, loadRecognizer } from './nlu';
import { createAdapter } from './server/createAdapter';
import { createServer } from './server/createServer';
import { createPubSub, createStorage } from './storage';

export interface StartOptions {
  /** Where the JSON logs go (default stdout); tests capture them here. */
  logDestination?: DestinationStream;
}

export async function start(config: AppConfig = loadConfig(), startOptions: StartOptions = {}) {
  const log = createLogger(config.logLevel, startOptions.logDestination);
  const startedAt = process.hrtime.bigint();

  const storage = await createStorage(
    {
      kind: config.storage.kind,
      sqlitePath: config.storage.sqlitePath,
      redisUrl: config.storage.redisUrl,
      keyPrefix: config.storage.keyPrefix,
      idleTtlMs: config.storage.idleTtlMs,
    },
    log,
  );
  const topics = loadTopics(config.contentDir);
  const recognizer = await loadRecognizer({
    topics: topics.topics.map((t) => t.id),
    intentsDir: config.intentsDir,
    modelPath: config.modelPath,
    causeOrder: loadCauseOrder(config.contentDir),
    log,
  });
  // Content is checked against the intents the model knows: a cause or answer without an intent stops start-up.
  const content = loadDialogContent(config.contentDir, { knownIntents: new Set(recognizer.model.meta.labels) });
  // Conversation analytics live next to the bot's state (same SQLite file / Redis server / process memory).
  const analytics = await createAnalyticsStore(
    { ...config.storage, retentionMs: config.analytics.retentionMs },
    log,
  );
  const analyticsHook = analyticsHooks({ store: analytics, lowConfidence: { confidenceThreshold: config.nlu.confidenceThreshold }, log });
  // Human hand-off: the queue and pairings live in the bot's storage; pub/sub reaches the instance holding a conversation.
  const pubsub = createPubSub({ ...config.storage }, log);
  const handoff = createHandoff({
    storage,
    pubsub,
    content,
    log,
    settings: config.handoff,
    maxBodyBytes: config.maxBodyBytes,
    isLeaveQueue: (text) => {
      if (text.length > config.maxMessageLength) return false;
      const nlu = recognizer.recognize(text);
      return nlu.intent === 'cancel' && nlu.confidence >= config.nlu.confidenceThreshold;
    },
  });

  const { bot } = createBot({
    content,
    recognizer,
    isQuestion,
    storage,
    options: { ...config.nlu, maxMessageLength: config.maxMessageLength, topics },
    hooks: [() => analyticsHook],
    handoffDesk: handoff.desk,
  });
  const adapter = createAdapter(config.botAuth, log);
  await handoff.connect(adapter);
  const server = createServer({
    adapter,
    bot,
    log,
    options: {
      port: config.port,
      host: config.host,
      maxBodyBytes: config.maxBodyBytes,
      messageLimits: config.messageLimits,
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
        store: analytics,
        abandonAfterMs: config.analytics.abandonAfterMs,
        routeLabels: routeLabelsOf(content),
        log,
      }),
      (restifyServer) => handoff.mountRoutes(restifyServer),
    ],
    onClose: [() => handoff.close()],
  });
  const { url } = await server.listen();
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
      await pubsub.close();
      await storage.close();
      await analytics.close();
      log.info({}, 'Stopped');
    })();
    return stopping;
  };
  return { url, server, storage, stop, log };
}

if (require.main === module) {
  start().then(
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

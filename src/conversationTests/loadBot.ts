/** The bot the conversation tests talk to: the real content, knowledge base, trained classifier and dialog options. */
import { loadConfig } from '../config/config';
import { loadLocalizedContent } from '../content/localizedContent';
import { knowledgeByLanguage, loadLocalizedReplyWords } from '../bots/languageResources';
import { loadKnowledgeIndex } from '../knowledge';
import { join } from 'node:path';
import { actModelPathFor, loadActClassifier, loadRecognizer } from '../nlu';
import { silentLog } from '../logging/log';
import type { BotUnderTest } from './runConversation';
import { loadReplyWords, replyPatterns } from '../content/loadReplies';

export interface BotPaths {
  contentDir: string;
  intentsDir: string;
  modelPath: string;
}

/**
 * Loads content, knowledge base and classifier as the server does (a model of other training data is retrained
 * first, never used stale) and the dialog options from the configuration (defaults unless the environment overrides
 * them). Each conversation then assembles the bot as src/index.ts does (src/bots/assembleBot.ts).
 */
export async function loadBotUnderTest(env: NodeJS.ProcessEnv = {}, paths?: Partial<BotPaths>): Promise<BotUnderTest> {
  const config = loadConfig(env);
  const contentDir = paths?.contentDir ?? config.contentDir;
  // Every language's content, as the server loads it (a missing translation is said in English; not reported here).
  const localized = loadLocalizedContent(contentDir);
  const { dialog: content, topics, privacy } = localized.english;
  const recognizer = await loadRecognizer({
    topics: topics.topics.map((t) => t.id),
    intentsDir: paths?.intentsDir ?? config.intentsDir,
    modelPath: paths?.modelPath ?? config.modelPath,
    causeOrder: content.causes.map((c) => c.id),
    whenStale: 'retrain',
    log: silentLog,
  });
  const knowledge = loadKnowledgeIndex(contentDir, content);
  return {
    content,
    localized,
    knowledgeFor: knowledgeByLanguage(knowledge),
    replyWords: loadLocalizedReplyWords(paths?.intentsDir ?? config.intentsDir, localized.languages),
    recognizer,
    acts: loadActClassifier({ actsDir: join(paths?.intentsDir ?? config.intentsDir, 'acts'), modelPath: actModelPathFor(paths?.modelPath ?? config.modelPath) }),
    knowledge,
    options: { ...config.nlu, maxMessageLength: config.maxMessageLength, topics },
    acceptTimeoutMs: config.handoff.acceptTimeoutSeconds * 1000,
    privacy: { prompts: privacy, replyPatterns: replyPatterns(loadReplyWords(paths?.intentsDir ?? config.intentsDir)) },
  };
}

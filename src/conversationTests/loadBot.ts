/** The bot the conversation tests talk to: the real content, knowledge base, trained classifier and dialog options. */
import { loadConfig } from '../config/config';
import { loadLocalizedContent } from '../content/localizedContent';
import { loadLocalizedReplyWords } from '../bots/languageResources';
import { loadKnowledgeBase, loadKnowledgeIndex } from '../knowledge';
import { languageChooserFor, loadAllLanguages, multilingualUnderstanding } from '../nlu/multilingual';
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
export async function loadBotUnderTest(env: NodeJS.ProcessEnv = {}, paths?: Partial<BotPaths>, warn: (message: string) => void = () => {}): Promise<BotUnderTest> {
  const config = loadConfig(env);
  const contentDir = paths?.contentDir ?? config.contentDir;
  const intentsDir = paths?.intentsDir ?? config.intentsDir;
  // Every language's content, as the server loads it (a missing translation is said in English; not reported here).
  const localized = loadLocalizedContent(contentDir);
  const { dialog: content, topics, privacy } = localized.english;
  // Every language's recognizer and act reader (intents/<lang>/, models/<lang>/) and the language chooser, as the server.
  const languages = await loadAllLanguages({
    topics: topics.topics.map((t) => t.id),
    intentsDir,
    modelPath: paths?.modelPath ?? config.modelPath,
    causeOrder: content.causes.map((c) => c.id),
    whenStale: 'retrain',
    log: silentLog,
  });
  const english = languages.get('en')!;
  const knowledge = loadKnowledgeIndex(contentDir, content);
  const grammars = new Map([...languages].map(([language, models]) => [language, models.grammar]));
  const knowledgeBase = loadKnowledgeBase(contentDir, new Set(content.solutions.map((s) => s.id)), knowledge, grammars);
  // As the server: a language whose knowledge base cannot be built answers from English's (and says why).
  await knowledgeBase.warmUp((language, err) => warn(`knowledge base (${language}) could not be built; answering from English: ${String(err)}`));
  return {
    content,
    localized,
    knowledgeFor: (language) => knowledgeBase.for(language),
    replyWords: loadLocalizedReplyWords(intentsDir, localized.languages),
    multilingual: multilingualUnderstanding(languages, await languageChooserFor(languages)),
    recognizer: english.recognizer,
    acts: english.acts,
    knowledge,
    options: { ...config.nlu, maxMessageLength: config.maxMessageLength, topics },
    acceptTimeoutMs: config.handoff.acceptTimeoutSeconds * 1000,
    privacy: { prompts: privacy, replyPatterns: replyPatterns(loadReplyWords(intentsDir)) },
  };
}

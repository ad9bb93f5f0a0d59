/** The bot the conversation tests talk to: the real content, trained classifier and dialog options. */
import { loadConfig } from '../config/config';
import { loadDialogContent } from '../content/loadContent';
import { isQuestion, loadRecognizer } from '../nlu';
import type { BotUnderTest } from './runConversation';

export interface BotPaths {
  contentDir: string;
  intentsDir: string;
  modelPath: string;
}

/**
 * Loads content and classifier as the server does (a model of other training data is retrained first, never used
 * stale) and the dialog options from the configuration (defaults unless the environment overrides them).
 */
export async function loadBotUnderTest(env: NodeJS.ProcessEnv = {}, paths?: Partial<BotPaths>): Promise<BotUnderTest> {
  const config = loadConfig(env);
  const contentDir = paths?.contentDir ?? config.contentDir;
  const content = loadDialogContent(contentDir);
  const recognizer = await loadRecognizer({
    intentsDir: paths?.intentsDir ?? config.intentsDir,
    modelPath: paths?.modelPath ?? config.modelPath,
    causeOrder: content.causes.map((c) => c.id),
    whenStale: 'retrain',
    log: () => undefined,
  });
  return { content, recognizer, isQuestion, options: { ...config.nlu, maxMessageLength: config.maxMessageLength } };
}

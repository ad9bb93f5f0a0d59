/**
 * Shared by the NLU command-line tools (src/cli/classify.ts, eval.ts, train.ts): where the content and the model are
 * (relative to the working directory; INTENTS_DIR / CONTENT_DIR / MODEL_PATH override, via the typed config), and a
 * logger that writes to stderr so that stdout stays machine-readable.
 */
import { join, resolve } from 'node:path';
import type { Language } from '../content/i18n/languages';
import { loadGrammar } from './grammarFile';
import { intentsDirFor, modelPathFor } from './multilingual';
import { loadConfig } from '../config/config';
import { ContentError } from '../content/contentError';
import { loadCauseOrder } from '../content/loadIntents';
import { loadTopics } from '../content/loadTopics';
import { actModelPathFor } from './dialogActs';
import { loadRecognizer, type NluLog } from './index';

export interface NluPaths {
  intentsDir: string;
  contentDir: string;
  modelPath: string;
  /** intents/acts: the dialog-act data (train/, test/). */
  actsDir: string;
  /** The dialog-act model, next to the intent model (models/act-model.json). */
  actModelPath: string;
}

export function nluPaths(env: NodeJS.ProcessEnv = process.env): NluPaths {
  const config = loadConfig(env);
  const intentsDir = resolve(process.cwd(), config.intentsDir);
  const modelPath = resolve(process.cwd(), config.modelPath);
  return {
    intentsDir,
    contentDir: resolve(process.cwd(), config.contentDir),
    modelPath,
    actsDir: join(intentsDir, 'acts'),
    actModelPath: actModelPathFor(modelPath),
  };
}

export const stderrLog: NluLog = {
  info: (_fields, message) => void process.stderr.write(`[nlu] ${message ?? ''}\n`),
  warn: (_fields, message) => void process.stderr.write(`[nlu] warning: ${message ?? ''}\n`),
};

/** Runs a CLI main; content errors and other failures go to stderr with exit code 2 / 1. */
export function runCli(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    if (err instanceof ContentError) {
      process.stderr.write(`Content error: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}

/** The recognizer the command-line tools classify with: the saved model, retrained first when the data changed. */
export function loadCliRecognizer(paths: NluPaths = nluPaths(), language: Language = 'en'): ReturnType<typeof loadRecognizer> {
  const intentsDir = intentsDirFor(paths.intentsDir, language);
  return loadRecognizer({
    intentsDir,
    modelPath: modelPathFor(paths.modelPath, language),
    grammar: loadGrammar(intentsDir, language),
    causeOrder: loadCauseOrder(paths.contentDir),
    topics: loadTopics(paths.contentDir).topics.map((t) => t.id),
    log: stderrLog,
    whenStale: 'retrain',
  });
}

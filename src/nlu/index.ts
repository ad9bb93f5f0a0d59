/**
 * Public entry point of the NLU: `loadRecognizer` gives a ready Recognizer without waiting for training in the
 * normal path (the model is trained ahead of time by `npm run train`).
 *   - saved model trained on the current data → used as is;
 *   - saved model trained on other data (stale) → used right away, retrained in the background, swapped in and
 *     saved when done (or, with whenStale: 'retrain', retrained before returning — the CLIs do this);
 *   - no usable saved model → trained synchronously (logged) and saved.
 */
import { silentLog, type Log } from '../logging/log';
import { ContentError } from '../content/contentError';
import { type IntentData, loadIntents, loadRuledOutRules, trainingHash } from '../content/loadIntents';
import type { IntentModel } from './intentModel';
import { loadModel, saveModel } from './modelStore';
import { englishVocabulary, LanguageDetector, loadFranc } from './language';
import { IntentRecognizer } from './recognizer';
import { RuledOutDetector } from './ruledOut';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig, trainModel, trainModelInBackground } from './trainer';
import type { NluResult, Recognizer, TurnLanguage } from './types';
import { ENGLISH_GRAMMAR } from './englishGrammar';
import type { Grammar } from './grammar';

export type { NluResult } from './types';
export { actModelPathFor, loadActClassifier, type ActReader } from './dialogActs';
export { IntentRecognizer } from './recognizer';

/** What the NLU logs through: the info and warn of the one Log type (pino fits; tests pass silentLog or a recorder). */
export type NluLog = Pick<Log, 'info' | 'warn'>;

export interface LoadRecognizerOptions {
  intentsDir: string;
  modelPath: string;
  /** Cause ids in the article's order (dialogs/causes.yaml). */
  causeOrder: readonly string[];
  /** Topic ids (dialogs/topics.yaml): when given, every intent's topic must be one of them. */
  topics?: readonly string[];
  /** Where model loading and training report (default: silent). */
  log?: NluLog;
  /** 'background' (default): use a stale model now and retrain in the background; 'retrain': retrain first. */
  whenStale?: 'background' | 'retrain';
  /** Save newly trained models to modelPath (default true). */
  save?: boolean;
  trainConfig?: TrainConfig;
  /**
   * The language's grammar (default English's): intentsDir then holds that language's data (intents/es/…) and the
   * model is trained with its stemmer and rules. Only English's recognizer checks for messages in other languages
   * (the turn's language is chosen before: languageChoice.ts).
   */
  grammar?: Grammar;
}

export type ModelStatus = 'loaded' | 'trained' | 'stale-retraining' | 'retrained';

/** The Recognizer loadRecognizer returns: its IntentRecognizer is swapped when a background retrain finishes. */
export class SwappableRecognizer implements Recognizer {
  private retraining: Promise<void> = Promise.resolve();

  constructor(
    private current: IntentRecognizer<IntentModel>,
    private state: ModelStatus,
  ) {}

  recognize(text: string, turn?: TurnLanguage): NluResult {
    return this.current.recognize(text, turn);
  }

  get model(): IntentModel {
    return this.current.model;
  }

  /** The recognizer in use (its ruled-out detector, for reports). */
  get intentRecognizer(): IntentRecognizer<IntentModel> {
    return this.current;
  }

  get status(): ModelStatus {
    return this.state;
  }

  /** Resolves when no background retrain is running (immediately in the normal path). */
  whenReady(): Promise<void> {
    return this.retraining;
  }

  /** @internal */
  startRetrain(job: () => Promise<IntentRecognizer<IntentModel>>, log: NluLog): void {
    this.state = 'stale-retraining';
    this.retraining = job().then(
      (next) => {
        this.current = next;
        this.state = 'retrained';
      },
      (err: unknown) => log.warn({}, `NLU background retraining failed; keeping the stale model: ${String(err)}`),
    );
  }
}


/**
 * Fast path: the saved model was trained (and its intent files validated) on exactly the current files, so only
 * ruled_out.yaml is read; parsing every intent file again would cost ~0.4 s of start-up. Undefined otherwise.
 */
async function savedRecognizer(saved: ReturnType<typeof loadModel>, options: LoadRecognizerOptions, languageOff: (err: unknown) => undefined): Promise<SwappableRecognizer | undefined> {
  const { intentsDir, modelPath, causeOrder } = options;
  const grammar = options.grammar ?? ENGLISH_GRAMMAR;
  const english = grammar.language === 'en';
  if (saved.status !== 'ok' || saved.model.meta.trainingHash !== trainingHash(intentsDir, grammar.language) || (english && !saved.model.meta.englishWords)) return undefined;
  const meta = saved.model.meta;
  for (const [intent, topic] of Object.entries(meta.topics ?? {})) {
    if (options.topics && !options.topics.includes(topic)) {
      throw new ContentError(`intents/train/${intent}.yaml`, 'topic', `"${topic}" is not a topic of dialogs/topics.yaml (known: ${options.topics.join(', ')})`);
    }
  }
  const rules = loadRuledOutRules(intentsDir, new Set(Object.values(meta.routes)), { causeOrder });
  const franc = english ? await loadFranc().catch(languageOff) : undefined;
  const language = franc ? new LanguageDetector(franc, meta.englishWords!) : undefined;
  (options.log ?? silentLog).info({}, `NLU model loaded from ${modelPath} (${meta.labels.length} intents, trained ${meta.trainedAt})`);
  return new SwappableRecognizer(new IntentRecognizer(saved.model, new RuledOutDetector(rules, causeOrder, grammar), causeOrder, language ? { language } : {}), 'loaded');
}

export async function loadRecognizer(options: LoadRecognizerOptions): Promise<SwappableRecognizer> {
  const { intentsDir, modelPath, causeOrder } = options;
  const log = options.log ?? silentLog;
  const config = options.trainConfig ?? DEFAULT_TRAIN_CONFIG;
  const languageOff = (err: unknown): undefined => {
    // franc-min is ESM-only; a runtime without dynamic import() (Jest without --experimental-vm-modules) classifies
    // every message as English rather than failing.
    log.warn({}, `NLU: language detection is off (franc-min could not be loaded: ${String(err)})`);
    return undefined;
  };

  const saved = loadModel(modelPath);
  const upToDate = await savedRecognizer(saved, options, languageOff);
  if (upToDate) return upToDate;

  const grammar = options.grammar ?? ENGLISH_GRAMMAR;
  const data = loadIntents(intentsDir, { causeOrder, ...(options.topics ? { topics: options.topics } : {}), language: grammar.language });
  for (const w of data.warnings) log.warn({}, `intents: ${w}`);
  const detector = new RuledOutDetector(data.ruledOut, causeOrder, grammar);
  const language = grammar.language === 'en' ? await loadLanguageDetector(data).catch(languageOff) : undefined;
  const wrap = (model: IntentModel): IntentRecognizer<IntentModel> => new IntentRecognizer(model, detector, causeOrder, language ? { language } : {});
  const save = (model: IntentModel): void => {
    if (options.save === false) return;
    try {
      const bytes = saveModel(model, modelPath);
      log.info({}, `NLU model saved to ${modelPath} (${Math.round(bytes / 1024)} KB)`);
    } catch (err) {
      log.warn({}, `NLU model could not be saved to ${modelPath}: ${String(err)}`);
    }
  };
  const trainNow = (why: string): IntentModel => {
    log.info({}, `NLU: ${why}; training now (run "npm run train" ahead of time to avoid this)`);
    const { model } = trainModel(data, causeOrder, config, grammar);
    log.info({}, `NLU model trained on ${model.meta.trainingExamples} utterances in ${model.meta.trainingMs} ms`);
    save(model);
    return model;
  };

  if (saved.status !== 'ok') {
    const why = saved.status === 'missing' ? `no saved model at ${modelPath}` : `saved model at ${modelPath} is unusable (${saved.reason})`;
    return new SwappableRecognizer(wrap(trainNow(why)), 'trained');
  }
  if (saved.model.meta.trainingHash === data.trainingHash && grammar.language === 'en') {
    // Same data, but saved by a version without the English vocabulary: retrain so the next start is fast.
    return new SwappableRecognizer(wrap(trainNow(`saved model at ${modelPath} has no English vocabulary`)), 'trained');
  }
  if (options.whenStale === 'retrain') {
    return new SwappableRecognizer(wrap(trainNow(`saved model at ${modelPath} was trained on other intent data`)), 'trained');
  }
  log.warn({}, `NLU model at ${modelPath} was trained on other intent data; using it while retraining in the background`);
  const recognizer = new SwappableRecognizer(wrap(saved.model), 'stale-retraining');
  recognizer.startRetrain(async () => {
    const { model } = await trainModelInBackground(data, causeOrder, config, grammar);
    log.info({}, `NLU model retrained in the background on ${model.meta.trainingExamples} utterances in ${model.meta.trainingMs} ms; now in use`);
    save(model);
    return wrap(model);
  }, log);
  return recognizer;
}

/**
 * The language check, with the English words of the training data (every intent but the plain `none`, which holds
 * phrasings in other languages on purpose; its real sources are English). franc-min is loaded once, here.
 */
export async function loadLanguageDetector(data: IntentData): Promise<LanguageDetector> {
  return new LanguageDetector(await loadFranc(), englishVocabulary(data));
}

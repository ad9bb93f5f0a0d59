/**
 * `npm run train`: trains the NLU models and saves them. English: intents/train/*.yaml (+ intents/ruled_out.yaml) →
 * MODEL_PATH (default models/nlu-model.json) and intents/acts/train → models/act-model.json. Every other language with
 * data in intents/<lang>/ (train/, ruled_out.yaml, grammar.yaml, acts/): models/<lang>/nlu-model.json and
 * models/<lang>/act-model.json, with its stemmer and grammar. A model already trained on the current data is kept,
 * unless --force is given. Summary on stderr; exit code 2 on content errors.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../content/i18n/languages';
import { loadCauseOrder, loadIntents } from '../content/loadIntents';
import { nluPaths, runCli, stderrLog } from '../nlu/cliSupport';
import { loadModel, saveModel } from '../nlu/modelStore';
import { trainModel } from '../nlu/trainer';
import { loadActs } from '../content/loadActs';
import { trainingHash } from '../content/loadIntents';
import { actModelPathFor, trainActModel } from '../nlu/dialogActs';
import type { Grammar } from '../nlu/grammar';
import { loadGrammar } from '../nlu/grammarFile';
import { intentsDirFor, languagesIn, modelPathFor } from '../nlu/multilingual';

/** The dialog-act model (intents[/<lang>]/acts/train → act-model.json), unless it is up to date. */
function trainActs(actsDir: string, modelPath: string, force: boolean, grammar: Grammar): void {
  const saved = loadModel(modelPath);
  if (!force && saved.status === 'ok' && saved.model.meta.trainingHash === trainingHash(actsDir)) {
    stderrLog.info({}, `dialog-act model at ${modelPath} is up to date with the act data (use --force to retrain)`);
    return;
  }
  const data = loadActs(actsDir);
  const replies = data.acts.reduce((a, act) => a + act.utterances.length, 0);
  stderrLog.info({}, `${grammar.language}: training the dialog-act model on ${replies} replies of ${data.acts.length} acts…`);
  const model = trainActModel(data, undefined, grammar);
  saveModel(model, modelPath);
  stderrLog.info({}, `dialog acts (${grammar.language}): cross-validated accuracy ${((model.meta.cvAccuracy ?? 0) * 100).toFixed(1)}%, temperature ${model.meta.temperature.toFixed(3)}; saved ${modelPath} (${Math.round(statSync(modelPath).size / 1024)} KB)`);
}

/** One language's intent model, unless it is up to date. */
function trainIntents(intentsDir: string, modelPath: string, causeOrder: readonly string[], force: boolean, grammar: Grammar): void {
  // The hash first: an up-to-date model needs no YAML parsed (npm start runs this before every start).
  const saved = force ? undefined : loadModel(modelPath);
  if (saved?.status === 'ok' && saved.model.meta.trainingHash === trainingHash(intentsDir, grammar.language)) {
    stderrLog.info({}, `model at ${modelPath} is up to date with the training data (use --force to retrain)`);
    return;
  }
  const data = loadIntents(intentsDir, { causeOrder, language: grammar.language });
  for (const w of data.warnings) stderrLog.warn({}, w);
  const utterances = data.intents.reduce((a, i) => a + i.utterances.length, 0);
  stderrLog.info({}, `${grammar.language}: training on ${utterances} utterances of ${data.intents.length} intents…`);
  const { model, floorCases } = trainModel(data, causeOrder, undefined, grammar);
  const bytes = saveModel(model, modelPath);
  const m = model.meta;
  stderrLog.info(
    {},
    [
      `trained in ${m.trainingMs} ms (5-fold cross-validation + final model)`,
      `cross-validated intent accuracy ${((m.cvAccuracy ?? 0) * 100).toFixed(1)}%`,
      `temperature ${m.temperature.toFixed(3)}, routing floor ${m.routingFloor} (tuned on ${floorCases} utterances with ruled-out causes)`,
      `${model.vectorizer.size} features; saved ${modelPath} (${Math.round(statSync(modelPath).size / 1024)} KB, ${bytes} bytes)`,
    ].join('\n[nlu] '),
  );
}

async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  const paths = nluPaths();
  const causeOrder = loadCauseOrder(paths.contentDir);
  const languages: Language[] = languagesIn(paths.intentsDir);
  for (const language of languages) {
    const intentsDir = intentsDirFor(paths.intentsDir, language);
    const modelPath = modelPathFor(paths.modelPath, language);
    const grammar = loadGrammar(intentsDir, language);
    trainActs(join(intentsDir, 'acts'), actModelPathFor(modelPath), force, grammar);
    trainIntents(intentsDir, modelPath, causeOrder, force, grammar);
  }
}

runCli(main);

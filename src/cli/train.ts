/**
 * `npm run train`: trains the NLU model on intents/train/*.yaml (+ intents/ruled_out.yaml) and saves it to
 * MODEL_PATH (default models/nlu-model.json). Skips training when the saved model already matches the training data,
 * unless --force is given. Also trains the dialog-act model (intents/acts/train → models/act-model.json). Summary on stderr; exit code 2 on content errors.
 */
import { statSync } from 'node:fs';
import { loadCauseOrder, loadIntents } from '../content/loadIntents';
import { nluPaths, runCli, stderrLog } from '../nlu/cliSupport';
import { loadModel, saveModel } from '../nlu/modelStore';
import { trainModel } from '../nlu/trainer';
import { loadActs } from '../content/loadActs';
import { trainingHash } from '../content/loadIntents';
import { trainActModel } from '../nlu/dialogActs';

/** The dialog-act model (intents/acts/train → models/act-model.json), unless it is up to date. */
function trainActs(actsDir: string, modelPath: string, force: boolean): void {
  const saved = loadModel(modelPath);
  if (!force && saved.status === 'ok' && saved.model.meta.trainingHash === trainingHash(actsDir)) {
    stderrLog.info({}, `dialog-act model at ${modelPath} is up to date with the act data (use --force to retrain)`);
    return;
  }
  const data = loadActs(actsDir);
  const replies = data.acts.reduce((a, act) => a + act.utterances.length, 0);
  stderrLog.info({}, `training the dialog-act model on ${replies} replies of ${data.acts.length} acts…`);
  const model = trainActModel(data);
  saveModel(model, modelPath);
  stderrLog.info({}, `dialog acts: cross-validated accuracy ${((model.meta.cvAccuracy ?? 0) * 100).toFixed(1)}%, temperature ${model.meta.temperature.toFixed(3)}; saved ${modelPath} (${Math.round(statSync(modelPath).size / 1024)} KB)`);
}

async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  const paths = nluPaths();
  trainActs(paths.actsDir, paths.actModelPath, force);
  const causeOrder = loadCauseOrder(paths.contentDir);
  const data = loadIntents(paths.intentsDir, { causeOrder });
  for (const w of data.warnings) stderrLog.warn({}, w);
  if (!force) {
    const saved = loadModel(paths.modelPath);
    if (saved.status === 'ok' && saved.model.meta.trainingHash === data.trainingHash) {
      stderrLog.info({}, `model at ${paths.modelPath} is up to date with the training data (use --force to retrain)`);
      return;
    }
  }
  const utterances = data.intents.reduce((a, i) => a + i.utterances.length, 0);
  stderrLog.info({}, `training on ${utterances} utterances of ${data.intents.length} intents…`);
  const { model, floorCases } = trainModel(data, causeOrder);
  const bytes = saveModel(model, paths.modelPath);
  const m = model.meta;
  stderrLog.info(
    {},
    [
      `trained in ${m.trainingMs} ms (5-fold cross-validation + final model)`,
      `cross-validated intent accuracy ${((m.cvAccuracy ?? 0) * 100).toFixed(1)}%`,
      `temperature ${m.temperature.toFixed(3)}, routing floor ${m.routingFloor} (tuned on ${floorCases} utterances with ruled-out causes)`,
      `${model.vectorizer.size} features; saved ${paths.modelPath} (${Math.round(statSync(paths.modelPath).size / 1024)} KB, ${bytes} bytes)`,
    ].join('\n[nlu] '),
  );
}

runCli(main);

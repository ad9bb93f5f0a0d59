/**
 * `npm run eval`: trains on intents/train (never on the held-out set), scores intents/test/*.yaml and prints intent
 * and route accuracy, macro-F1, per-route precision/recall/F1/support, a route confusion matrix, ruled-out
 * precision/recall, expected calibration error, the misclassified examples and timings.
 *   --compare                 also compare classifier options side by side (natural Bayes, with/without char n-grams…)
 *   --min-route-accuracy=X    exit 1 when route accuracy is below X (for CI)
 * Exit code 2 on content errors.
 */
import { performance } from 'node:perf_hooks';
import { type IntentData, loadCauseOrder, loadHeldOut, loadIntents, type HeldOutExample } from '../content/loadIntents';
import { BayesRanker } from '../nlu/baselines';
import { knowledgeReport } from './evalKnowledge';
import { expectedCalibrationError } from '../nlu/calibration';
import { nluPaths, runCli, stderrLog } from '../nlu/cliSupport';
import { evaluatePredictions, formatReport, predictAll } from '../nlu/evaluate';
import { DEFAULT_FEATURE_OPTIONS } from '../nlu/features';
import { type IntentRanker, IntentRecognizer } from '../nlu/recognizer';
import { RuledOutDetector } from '../nlu/ruledOut';
import { softmaxInPlace } from '../nlu/softmaxRegression';
import { argmax, DEFAULT_TRAIN_CONFIG, type TrainConfig, trainModel } from '../nlu/trainer';

interface Variant {
  name: string;
  build: () => IntentRanker;
}

function lrVariant(name: string, data: IntentData, causeOrder: readonly string[], config: TrainConfig): Variant {
  return { name, build: () => trainModel(data, causeOrder, config).model };
}

function compare(data: IntentData, causeOrder: readonly string[], detector: RuledOutDetector, examples: readonly HeldOutExample[]): string {
  const base = DEFAULT_TRAIN_CONFIG;
  const f = DEFAULT_FEATURE_OPTIONS;
  const variants: Variant[] = [
    { name: 'natural BayesClassifier (stock: stop words removed)', build: () => new BayesRanker(data, false) },
    { name: 'natural BayesClassifier (keepStops)', build: () => new BayesRanker(data, true) },
    lrVariant('softmax LR, word unigrams only', data, causeOrder, { ...base, features: { ...f, wordBigrams: false, charNgrams: null, spellCorrect: false } }),
    lrVariant('softmax LR, words 1-2', data, causeOrder, { ...base, features: { ...f, charNgrams: null, spellCorrect: false } }),
    lrVariant('softmax LR, words 1-2 + spelling', data, causeOrder, { ...base, features: { ...f, charNgrams: null } }),
    lrVariant('softmax LR, words 1-2 + chars 2-4', data, causeOrder, { ...base, features: { ...f, spellCorrect: false } }),
    lrVariant('softmax LR, words 1-2 + chars 3-5 + spelling', data, causeOrder, { ...base, features: { ...f, charNgrams: [3, 5] } }),
    lrVariant('softmax LR, words 1-2 + chars 2-4 + spelling (default)', data, causeOrder, base),
  ];
  const rows: string[][] = [['classifier', 'intent acc', 'route acc', 'macro-F1', 'ECE', 'train ms', 'µs/utt']];
  for (const v of variants) {
    const t0 = performance.now();
    const ranker = v.build();
    const trainMs = performance.now() - t0;
    const recognizer = new IntentRecognizer(ranker, detector, causeOrder);
    const t1 = performance.now();
    for (const ex of examples) recognizer.recognize(ex.text);
    const perUtt = ((performance.now() - t1) * 1000) / Math.max(1, examples.length);
    const report = evaluatePredictions(predictAll(recognizer, examples));
    rows.push([
      v.name,
      `${(report.intentAccuracy * 100).toFixed(1)}%`,
      `${(report.routeAccuracy * 100).toFixed(1)}%`,
      report.macroF1.toFixed(3),
      report.ece.toFixed(3),
      trainMs.toFixed(0),
      perUtt.toFixed(0),
    ]);
    stderrLog.info(`compared: ${v.name}`);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const minArg = args.find((a) => a.startsWith('--min-route-accuracy='));
  const minAccuracy = minArg ? Number(minArg.split('=')[1]) : undefined;
  const paths = nluPaths();
  const causeOrder = loadCauseOrder(paths.contentDir);
  const data = loadIntents(paths.intentsDir, { causeOrder });
  const heldOut = loadHeldOut(paths.intentsDir, data, { causeOrder });
  for (const w of [...data.warnings, ...heldOut.warnings]) stderrLog.warn(w);
  const detector = new RuledOutDetector(data.ruledOut, causeOrder);

  const t0 = performance.now();
  const trained = trainModel(data, causeOrder);
  const trainMs = performance.now() - t0;
  const model = trained.model;
  const recognizer = new IntentRecognizer(model, detector, causeOrder);
  const t1 = performance.now();
  const rounds = 5;
  for (let r = 0; r < rounds; r++) for (const ex of heldOut.examples) recognizer.recognize(ex.text);
  const perUtt = ((performance.now() - t1) * 1000) / (rounds * heldOut.examples.length);
  const report = evaluatePredictions(predictAll(recognizer, heldOut.examples));

  const out: string[] = [];
  const utterances = data.intents.reduce((a, i) => a + i.utterances.length, 0);
  out.push(`Training: ${utterances} utterances, ${data.intents.length} intents, ${model.vectorizer.size} features`);
  out.push(`Training time: ${trainMs.toFixed(0)} ms (5-fold cross-validation for calibration + final model)`);
  if (trained.outOfFold) {
    const oof = trained.outOfFold;
    const probs = oof.logits.map((z) => softmaxInPlace(Float64Array.from(z), model.meta.temperature));
    const cvEce = expectedCalibrationError(
      probs.map((p) => p[argmax(p)]!),
      probs.map((p, i) => argmax(p) === oof.labels[i]),
    ).ece;
    const rawEce = expectedCalibrationError(
      oof.logits.map((z) => {
        const p = softmaxInPlace(Float64Array.from(z));
        return p[argmax(p)]!;
      }),
      oof.logits.map((z, i) => argmax(z) === oof.labels[i]),
    ).ece;
    out.push(
      `Cross-validation (training data): intent accuracy ${((model.meta.cvAccuracy ?? 0) * 100).toFixed(1)}%, temperature ${model.meta.temperature.toFixed(3)}, ECE ${rawEce.toFixed(3)} → ${cvEce.toFixed(3)} after temperature scaling`,
    );
  }
  out.push(`Routing floor: ${model.meta.routingFloor} (tuned on ${trained.floorCases} training utterances with ruled-out causes)`);
  out.push(`Recognize: ${perUtt.toFixed(1)} µs per utterance (in-process mean over ${rounds}×${heldOut.examples.length})`);
  out.push('');
  out.push(formatReport(report));
  if (args.includes('--compare')) {
    out.push('');
    out.push('Classifier comparison on the held-out set (same ruled-out detection and routing rule for all):');
    out.push(compare(data, causeOrder, detector, heldOut.examples));
  }
  out.push('', knowledgeReport(paths.contentDir, paths.intentsDir));
  process.stdout.write(`${out.join('\n')}\n`);
  if (minAccuracy !== undefined && report.routeAccuracy < minAccuracy) {
    process.stderr.write(`Route accuracy ${report.routeAccuracy.toFixed(4)} is below ${minAccuracy}\n`);
    process.exitCode = 1;
  }
}

runCli(main);

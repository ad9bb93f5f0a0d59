/**
 * `npm run eval`: trains on intents/train (never on the held-out set), scores each intents/test/*.yaml file
 * (heldout.yaml, real_world.yaml) side by side — route accuracy, macro-F1, out-of-scope precision/recall, ECE, per-topic
 * results — and then, per file, intent and route accuracy, macro-F1, per-route precision/recall/F1/support, a route confusion matrix, ruled-out
 * precision/recall, expected calibration error, the misclassified examples and timings.
 *   --compare                 also compare classifier options side by side (natural Bayes, with/without char n-grams…)
 *   --min-route-accuracy=X    exit 1 when route accuracy is below X (for CI)
 *   --languages               only the per-language report (es, fr, de: evalLanguages.ts)
 * Exit code 2 on content errors.
 */
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadTopics } from '../content/loadTopics';
import { loadLanguageDetector } from '../nlu';
import { type IntentData, loadCauseOrder, loadHeldOut, loadIntents, type HeldOutExample } from '../content/loadIntents';
import { BayesRanker } from '../nlu/baselines';
import { knowledgeReport } from './evalKnowledge';
import { actReport, stepReader } from './evalActs';
import { loadRegressions, regressionReport } from './evalRegressions';
import { loadActs } from '../content/loadActs';
import { TurnUnderstander } from '../dialogs/turnUnderstanding';
import { ActClassifier, trainActModel } from '../nlu/dialogActs';
import { questionKind } from '../nlu/isQuestion';
import { loadConfig } from '../config/config';
import { loadDialogContent } from '../content/loadContent';
import { loadKnowledgeIndex } from '../knowledge';
import { expectedCalibrationError } from '../nlu/calibration';
import { nluPaths, runCli, stderrLog } from '../nlu/cliSupport';
import { evaluatePredictions, formatReport, formatSideBySide, predictAll } from '../nlu/evaluate';
import { DEFAULT_FEATURE_OPTIONS } from '../nlu/features';
import { type IntentRanker, IntentRecognizer } from '../nlu/recognizer';
import { RuledOutDetector } from '../nlu/ruledOut';
import { trainSubjectFirst } from '../nlu/subjectFirst';
import { softmaxInPlace } from '../nlu/softmaxRegression';
import { argmax, DEFAULT_TRAIN_CONFIG, type TrainConfig, trainModel } from '../nlu/trainer';
import { evaluateScreenshots } from './evalScreenshots';
import { languagesReport } from './evalLanguages';

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
    stderrLog.info({}, `compared: ${v.name}`);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

type HeldOutSet = { name: string; examples: HeldOutExample[]; report: ReturnType<typeof evaluatePredictions> };

/** "Cross-validation (training data): …": accuracy and calibration of the out-of-fold logits. */
function crossValidationLine(trained: ReturnType<typeof trainModel>): string | undefined {
  const { model, outOfFold: oof } = trained;
  if (!oof) return undefined;
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
  return `Cross-validation (training data): intent accuracy ${((model.meta.cvAccuracy ?? 0) * 100).toFixed(1)}%, temperature ${model.meta.temperature.toFixed(3)}, ECE ${rawEce.toFixed(3)} → ${cvEce.toFixed(3)} after temperature scaling`;
}

/** The intent report's header: training data, held-out files, timings, calibration, routing. */
function intentHeader(data: IntentData, trained: ReturnType<typeof trainModel>, sets: readonly HeldOutSet[], timing: { trainMs: number; perUtt: number; rounds: number; n: number }): string[] {
  const model = trained.model;
  const out: string[] = [];
  const utterances = data.intents.reduce((a, i) => a + i.utterances.length, 0);
  const real = data.intents.reduce((a, i) => a + i.sources.reduce((b, s) => b + s.utterances.length, 0), 0);
  out.push(`Training: ${utterances} utterances (${real} real, from ${data.sourceUrls.size} sources), ${data.intents.length} intents, ${model.vectorizer.size} features`);
  for (const set of sets) {
    const sources = new Set(set.examples.flatMap((e) => (e.source ? [e.source] : []))).size;
    out.push(`Held out: ${set.name}: ${set.examples.length} examples${sources ? ` from ${sources} sources` : ''}`);
  }
  out.push(`Training time: ${timing.trainMs.toFixed(0)} ms (5-fold cross-validation for calibration + final model)`);
  const cv = crossValidationLine(trained);
  if (cv) out.push(cv);
  out.push(`Routing floor: ${model.meta.routingFloor} (tuned on ${trained.floorCases} training utterances with ruled-out causes)`);
  out.push(`Off-topic factor: ${model.offTopicFactor} (tuned on ${trained.offTopicCases ?? 0} long training utterances without a backup word)`);
  out.push(`Recognize: ${timing.perUtt.toFixed(1)} µs per utterance (in-process mean over ${timing.rounds}×${timing.n})`);
  return out;
}

/** `--design` and `--compare`: other designs and classifiers side by side on each held-out file. */
function optionalComparisons(args: readonly string[], data: IntentData, causeOrder: readonly string[], detector: RuledOutDetector, language: Awaited<ReturnType<typeof loadLanguageDetector>>, model: ReturnType<typeof trainModel>['model'], sets: readonly HeldOutSet[]): string[] {
  const out: string[] = [];
  if (args.includes('--design')) {
    const t2 = performance.now();
    const subjectFirst = trainSubjectFirst(data, causeOrder, model);
    out.push('', `Design comparison (subject-first trained in ${(performance.now() - t2).toFixed(0)} ms):`);
    const rows = sets.flatMap((set) => {
      const other = evaluatePredictions(predictAll(new IntentRecognizer(subjectFirst, detector, causeOrder, { language }), set.examples));
      return [
        { name: `${set.name} single-stage`, report: set.report },
        { name: `${set.name} subject-first`, report: other },
      ];
    });
    out.push(formatSideBySide(rows));
  }
  if (args.includes('--compare')) {
    for (const set of sets) out.push('', `Classifier comparison on ${set.name} (same ruled-out detection and routing rule for all):`, compare(data, causeOrder, detector, set.examples));
  }
  return out;
}

/** Knowledge retrieval, dialog acts and the regression list (issue 23). */
function issue23Sections(paths: ReturnType<typeof nluPaths>, recognizer: IntentRecognizer): string[] {
  const content = loadDialogContent(paths.contentDir);
  const knowledge = loadKnowledgeIndex(paths.contentDir, content);
  const inputs = { actsDir: paths.actsDir, content, recognizer, knowledge, thresholds: dialogThresholds() };
  const acts = new ActClassifier(trainActModel(loadActs(paths.actsDir)));
  const readAtStep = stepReader(inputs)(new TurnUnderstander(recognizer, questionKind, acts, 10_000));
  const regressions = loadRegressions(paths.intentsDir, knowledge, new Set(content.solutions.map((s) => s.id)));
  return [
    '',
    knowledgeReport(paths.contentDir, paths.intentsDir),
    '',
    '===== dialog acts at a solution step =====',
    actReport(inputs),
    '',
    '===== regression list =====',
    regressionReport(regressions, readAtStep, knowledge),
  ];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const minArg = args.find((a) => a.startsWith('--min-route-accuracy='));
  const minAccuracy = minArg ? Number(minArg.split('=')[1]) : undefined;
  const paths = nluPaths();
  // --languages: only the other languages' figures (issue 26), without the English sections.
  if (args.includes('--languages')) return void process.stdout.write(`${await languagesReport(paths)}\n`);
  const causeOrder = loadCauseOrder(paths.contentDir);
  const topics = loadTopics(paths.contentDir).topics.map((t) => t.id);
  const data = loadIntents(paths.intentsDir, { causeOrder, topics });
  const heldOut = loadHeldOut(paths.intentsDir, data, { causeOrder, topics });
  for (const w of [...data.warnings, ...heldOut.warnings]) stderrLog.warn({}, w);
  const detector = new RuledOutDetector(data.ruledOut, causeOrder);
  const language = await loadLanguageDetector(data);

  const t0 = performance.now();
  const trained = trainModel(data, causeOrder);
  const trainMs = performance.now() - t0;
  const recognizer = new IntentRecognizer(trained.model, detector, causeOrder, { language });
  const t1 = performance.now();
  const rounds = 5;
  for (let r = 0; r < rounds; r++) for (const ex of heldOut.examples) recognizer.recognize(ex.text);
  const perUtt = ((performance.now() - t1) * 1000) / (rounds * heldOut.examples.length);
  const sets = heldOutSets(heldOut.examples).map((set) => ({ ...set, report: evaluatePredictions(predictAll(recognizer, set.examples)) }));

  const out = intentHeader(data, trained, sets, { trainMs, perUtt, rounds, n: heldOut.examples.length });
  out.push('', formatSideBySide(sets));
  for (const set of sets) out.push('', `===== ${set.name} =====`, formatReport(set.report));
  out.push(...optionalComparisons(args, data, causeOrder, detector, language, trained.model, sets));
  out.push(...issue23Sections(paths, recognizer));
  out.push('', '===== screenshots =====', await evaluateScreenshots());
  out.push('', await languagesReport(paths));
  process.stdout.write(`${out.join('\n')}\n`);
  for (const set of sets) {
    if (minAccuracy !== undefined && set.report.routeAccuracy < minAccuracy) {
      process.stderr.write(`${set.name}: route accuracy ${set.report.routeAccuracy.toFixed(4)} is below ${minAccuracy}\n`);
      process.exitCode = 1;
    }
  }
}

/** The thresholds the dialogs read replies with (createBot: config.nlu). */
function dialogThresholds(): { confidence: number; answer: number } {
  const { nlu } = loadConfig();
  return { confidence: nlu.noneThreshold, answer: nlu.confidenceThreshold };
}

/** The held-out examples per file (intents/test/heldout.yaml, intents/test/real_world.yaml, …), in file order. */
function heldOutSets(examples: readonly HeldOutExample[]): Array<{ name: string; examples: HeldOutExample[] }> {
  const byFile = new Map<string, HeldOutExample[]>();
  for (const ex of examples) byFile.set(ex.file, [...(byFile.get(ex.file) ?? []), ex]);
  return [...byFile].map(([file, list]) => ({ name: basename(file), examples: list }));
}

runCli(main);

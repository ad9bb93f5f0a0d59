/**
 * Classifier figures, in this process: training time, model load time (loadRecognizer on the saved model),
 * and per-utterance latency over the held-out file repeated to 10,000 classifications.
 */
import { performance } from 'node:perf_hooks';
import { loadCauseOrder, loadHeldOut, loadIntents } from '../src/content/loadIntents';
import { loadRecognizer } from '../src/nlu';
import { trainModel } from '../src/nlu/trainer';
import { mean, percentile, sortedCopy } from './stats';

export interface ClassifierFigures {
  trainingMs: number;
  trainingExamples: number;
  loadMs: number;
  heldOutUtterances: number;
  classifications: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

export interface ClassifierPaths {
  intentsDir: string;
  contentDir: string;
  modelPath: string;
}

export const CLASSIFICATIONS = 10_000;

export async function benchClassifier(paths: ClassifierPaths): Promise<ClassifierFigures> {
  const causeOrder = loadCauseOrder(paths.contentDir);
  // Make sure the saved model is trained on the current data (so the load below is the normal, fast path).
  await loadRecognizer({ ...paths, causeOrder, whenStale: 'retrain' });

  const data = loadIntents(paths.intentsDir, { causeOrder });
  const t0 = performance.now();
  const { model } = trainModel(data, causeOrder);
  const trainingMs = performance.now() - t0;

  const t1 = performance.now();
  const recognizer = await loadRecognizer({ ...paths, causeOrder, save: false });
  const loadMs = performance.now() - t1;
  if (recognizer.status !== 'loaded') throw new Error(`bench: expected the saved model to load, got status ${recognizer.status}`);

  const texts = loadHeldOut(paths.intentsDir, data, { causeOrder }).examples.map((e) => e.text);
  if (texts.length === 0) throw new Error('bench: the held-out file has no examples');
  for (const text of texts) recognizer.recognize(text); // warm-up pass (JIT)
  const samples = new Float64Array(CLASSIFICATIONS);
  for (let i = 0; i < CLASSIFICATIONS; i++) {
    const text = texts[i % texts.length]!;
    const start = process.hrtime.bigint();
    recognizer.recognize(text);
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  const sorted = sortedCopy(samples);
  return {
    trainingMs,
    trainingExamples: model.meta.trainingExamples,
    loadMs,
    heldOutUtterances: texts.length,
    classifications: CLASSIFICATIONS,
    meanUs: mean(samples),
    p50Us: percentile(sorted, 50),
    p99Us: percentile(sorted, 99),
    maxUs: sorted[sorted.length - 1]!,
  };
}

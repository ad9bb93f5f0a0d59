import { expectedCalibrationError, fitTemperature, negativeLogLikelihood } from '../../src/nlu/calibration';
import type { SparseVector } from '../../src/nlu/features';
import { computeLogits, objective, softmaxInPlace, trainSoftmax, DEFAULT_SOFTMAX_OPTIONS, type SoftmaxWeights } from '../../src/nlu/softmaxRegression';
import { loadIntents } from '../../src/content/loadIntents';
import { stratifiedFolds, trainModel, DEFAULT_TRAIN_CONFIG } from '../../src/nlu/trainer';
import { CAUSE_ORDER, FIXTURE_INTENTS } from './helpers';

const vec = (pairs: Array<[number, number]>): SparseVector => ({ idx: Int32Array.from(pairs.map((p) => p[0])), val: Float64Array.from(pairs.map((p) => p[1])) });

describe('softmax regression', () => {
  // Three classes, each marked by its own feature (0, 1, 2) plus a shared noise feature 3.
  const X = [vec([[0, 1]]), vec([[0, 1], [3, 0.5]]), vec([[1, 1]]), vec([[1, 1], [3, 0.5]]), vec([[2, 1]]), vec([[2, 1], [3, 0.5]])];
  const y = [0, 0, 1, 1, 2, 2];

  it('fits separable data and lowers the objective', () => {
    const untrained: SoftmaxWeights = { numFeatures: 4, numClasses: 3, weights: new Float64Array(12), bias: new Float64Array(3) };
    const model = trainSoftmax(X, y, 4, 3, { ...DEFAULT_SOFTMAX_OPTIONS, epochs: 50 });
    expect(objective(model, X, y, 1e-4)).toBeLessThan(objective(untrained, X, y, 1e-4) / 3);
    X.forEach((x, i) => {
      const p = softmaxInPlace(computeLogits(model, x, new Float64Array(3)));
      expect(p.indexOf(Math.max(...p))).toBe(y[i]);
    });
  });

  it('is deterministic for a seed', () => {
    const a = trainSoftmax(X, y, 4, 3, { ...DEFAULT_SOFTMAX_OPTIONS, epochs: 5, seed: 3 });
    const b = trainSoftmax(X, y, 4, 3, { ...DEFAULT_SOFTMAX_OPTIONS, epochs: 5, seed: 3 });
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  });

  it('shrinks weights more with a stronger L2 penalty', () => {
    const norm = (m: SoftmaxWeights): number => m.weights.reduce((s, w) => s + w * w, 0);
    const weak = trainSoftmax(X, y, 4, 3, { ...DEFAULT_SOFTMAX_OPTIONS, l2: 1e-5 });
    const strong = trainSoftmax(X, y, 4, 3, { ...DEFAULT_SOFTMAX_OPTIONS, l2: 1e-1 });
    expect(norm(strong)).toBeLessThan(norm(weak));
  });
});

describe('calibration', () => {
  it('fits T > 1 for over-confident logits and T < 1 for under-confident ones', () => {
    // Over-confident: huge margins but wrong a third of the time.
    const over = [0, 1, 2, 3, 4, 5].map((i) => Float64Array.from(i % 3 === 0 ? [0, 10] : [10, 0]));
    const overY = [0, 0, 0, 0, 0, 0];
    expect(fitTemperature(over, overY)).toBeGreaterThan(1);
    // Under-confident: tiny margins, always right.
    const under = [0, 1, 2, 3].map(() => Float64Array.from([0.2, 0]));
    expect(fitTemperature(under, [0, 0, 0, 0])).toBeLessThan(1);
  });
  it('the fitted temperature does not increase the NLL', () => {
    const logits = [Float64Array.from([2, 0, 0]), Float64Array.from([0, 3, 0]), Float64Array.from([1, 0, 2]), Float64Array.from([0, 0, 4])];
    const y = [0, 1, 0, 2];
    const t = fitTemperature(logits, y);
    expect(negativeLogLikelihood(logits, y, t)).toBeLessThanOrEqual(negativeLogLikelihood(logits, y, 1) + 1e-9);
  });
  it('computes expected calibration error over bins', () => {
    expect(expectedCalibrationError([0.9, 0.9], [true, true]).ece).toBeCloseTo(0.1, 6);
    expect(expectedCalibrationError([0.55, 0.55, 0.95, 0.95], [true, false, true, true]).ece).toBeCloseTo(0.05, 6);
  });
});

describe('trainModel on fixtures', () => {
  const data = loadIntents(FIXTURE_INTENTS, { causeOrder: CAUSE_ORDER });

  it('makes stratified folds with every class in every fold when possible', () => {
    const labels = [0, 0, 0, 1, 1, 1, 2, 2, 2];
    const folds = stratifiedFolds(labels, 3);
    for (let f = 0; f < 3; f++) expect(new Set(labels.filter((_, i) => folds[i] === f))).toEqual(new Set([0, 1, 2]));
  });

  it('learns the fixture intents and records calibration metadata', () => {
    const { model, outOfFold } = trainModel(data, CAUSE_ORDER, { ...DEFAULT_TRAIN_CONFIG, folds: 3 });
    expect(model.rank('my icloud storage is completely full')[0]!.intent).toBe('storage_full');
    expect(model.rank('the wifi keeps dropping out')[0]!.intent).toBe('network_unstable');
    expect(model.rank('hello')[0]!.intent).toBe('greeting');
    expect(model.meta.trainingHash).toBe(data.trainingHash);
    expect(model.meta.temperature).toBeGreaterThan(0);
    expect(outOfFold?.logits).toHaveLength(model.meta.trainingExamples);
    const p = model.probabilities('icloud backup failed');
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('treats text with no known feature as out of scope', () => {
    const { model } = trainModel(data, CAUSE_ORDER, { ...DEFAULT_TRAIN_CONFIG, folds: 0 });
    expect(model.rank('😀 ##')[0]).toEqual({ intent: 'none', confidence: 1 });
  });
});

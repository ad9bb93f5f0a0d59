/**
 * Multinomial logistic regression (softmax) with L2 regularisation, trained by plain SGD on sparse vectors.
 * Objective: mean cross-entropy + (l2 / 2)·‖W‖² (the bias is not regularised).
 * The L2 shrinkage is applied lazily through one global scale factor (W = scale · V), so an SGD step costs
 * O(non-zeros × classes) instead of O(features × classes). Training is a generator that yields after every epoch,
 * so it can run to completion synchronously or cooperatively in the background (see trainer.ts).
 */
import type { SparseVector } from './features';
import { prng } from '../util/prng';

export interface SoftmaxOptions {
  epochs: number;
  l2: number;
  /** Initial step size; decays as lr / (1 + lr · l2 · t). */
  learningRate: number;
  /** Seed of the shuffling PRNG (training is deterministic for a given seed). */
  seed: number;
}

/** Chosen by 5-fold cross-validation on the training data (docs/nlu.md). */
export const DEFAULT_SOFTMAX_OPTIONS: SoftmaxOptions = { epochs: 30, l2: 3e-5, learningRate: 0.5, seed: 1 };

export interface SoftmaxWeights {
  numFeatures: number;
  numClasses: number;
  /** Row-major by feature: weights[f * numClasses + k]. */
  weights: Float64Array;
  bias: Float64Array;
}



/** out[k] = bias[k] + Σ x_f · W[f,k] */
export function computeLogits(model: SoftmaxWeights, x: SparseVector, out: Float64Array, scale = 1): Float64Array {
  const K = model.numClasses;
  const W = model.weights;
  for (let k = 0; k < K; k++) out[k] = 0;
  for (let n = 0; n < x.idx.length; n++) {
    const base = x.idx[n] * K;
    const v = x.val[n] * scale;
    for (let k = 0; k < K; k++) out[k] += v * W[base + k];
  }
  for (let k = 0; k < K; k++) out[k] += model.bias[k];
  return out;
}

/** In-place softmax of z / temperature; returns the array. */
export function softmaxInPlace(z: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) if (z[k] > max) max = z[k];
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = Math.exp((z[k] - max) / temperature);
    sum += z[k];
  }
  for (let k = 0; k < z.length; k++) z[k] /= sum;
  return z;
}

export function* trainSoftmaxSteps(
  X: readonly SparseVector[],
  y: ArrayLike<number>,
  numFeatures: number,
  numClasses: number,
  options: SoftmaxOptions = DEFAULT_SOFTMAX_OPTIONS,
): Generator<number, SoftmaxWeights, void> {
  const K = numClasses;
  const W = new Float64Array(numFeatures * K);
  const bias = new Float64Array(K);
  const model: SoftmaxWeights = { numFeatures, numClasses, weights: W, bias };
  const z = new Float64Array(K);
  const order = Array.from({ length: X.length }, (_, i) => i);
  const random = prng(options.seed);
  const { l2, learningRate } = options;
  let scale = 1;
  let t = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const x = X[i]!;
      const eta = learningRate / (1 + learningRate * l2 * t++);
      computeLogits(model, x, z, scale);
      softmaxInPlace(z);
      z[y[i]] -= 1; // gradient of the cross-entropy w.r.t. the logits
      scale *= 1 - eta * l2;
      const step = eta / scale;
      for (let n = 0; n < x.idx.length; n++) {
        const base = x.idx[n] * K;
        const v = x.val[n] * step;
        for (let k = 0; k < K; k++) W[base + k] -= v * z[k];
      }
      for (let k = 0; k < K; k++) bias[k] -= eta * z[k];
      if (scale < 1e-6) {
        for (let f = 0; f < W.length; f++) W[f] *= scale;
        scale = 1;
      }
    }
    yield epoch;
  }
  for (let f = 0; f < W.length; f++) W[f] *= scale;
  return model;
}

/** Runs the training generator to completion. */
export function trainSoftmax(
  X: readonly SparseVector[],
  y: ArrayLike<number>,
  numFeatures: number,
  numClasses: number,
  options: SoftmaxOptions = DEFAULT_SOFTMAX_OPTIONS,
): SoftmaxWeights {
  const steps = trainSoftmaxSteps(X, y, numFeatures, numClasses, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Mean cross-entropy + L2 penalty (for tests and tuning). */
export function objective(model: SoftmaxWeights, X: readonly SparseVector[], y: ArrayLike<number>, l2: number): number {
  const z = new Float64Array(model.numClasses);
  let loss = 0;
  for (let i = 0; i < X.length; i++) {
    computeLogits(model, X[i]!, z);
    softmaxInPlace(z);
    loss -= Math.log(Math.max(z[y[i]], 1e-300));
  }
  let norm = 0;
  for (let f = 0; f < model.weights.length; f++) norm += model.weights[f] * model.weights[f];
  return loss / X.length + (l2 / 2) * norm;
}

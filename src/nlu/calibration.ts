/**
 * Confidence calibration: temperature scaling (one scalar T, probabilities = softmax(logits / T)) fitted by minimising
 * the negative log-likelihood of out-of-fold logits, and the expected calibration error (ECE) to report it.
 */
import { softmaxInPlace } from './softmaxRegression';

export function negativeLogLikelihood(logits: readonly Float64Array[], y: ArrayLike<number>, temperature: number): number {
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const p = softmaxInPlace(Float64Array.from(logits[i]!), temperature);
    total -= Math.log(Math.max(p[y[i]], 1e-300));
  }
  return total / Math.max(1, logits.length);
}

/** Golden-section search of log T in [ln 0.05, ln 20] (NLL is unimodal in T). */
export function fitTemperature(logits: readonly Float64Array[], y: ArrayLike<number>): number {
  if (logits.length === 0) return 1;
  const f = (logT: number): number => negativeLogLikelihood(logits, y, Math.exp(logT));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let iter = 0; iter < 60 && hi - lo > 1e-4; iter++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = f(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

/** Expected calibration error over equal-width confidence bins: Σ (n_b / N) · |accuracy_b − confidence_b|. */
export function expectedCalibrationError(
  confidences: readonly number[],
  correct: readonly boolean[],
  bins = 10,
): { ece: number; bins: CalibrationBin[] } {
  const table: CalibrationBin[] = Array.from({ length: bins }, (_, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: 0,
    meanConfidence: 0,
    accuracy: 0,
  }));
  confidences.forEach((c, i) => {
    const bin = table[Math.min(bins - 1, Math.floor(c * bins))]!;
    bin.count++;
    bin.meanConfidence += c;
    bin.accuracy += correct[i] ? 1 : 0;
  });
  let ece = 0;
  for (const bin of table) {
    if (bin.count === 0) continue;
    bin.meanConfidence /= bin.count;
    bin.accuracy /= bin.count;
    ece += (bin.count / Math.max(1, confidences.length)) * Math.abs(bin.accuracy - bin.meanConfidence);
  }
  return { ece, bins: table };
}

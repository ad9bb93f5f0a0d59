/**
 * Model persistence: one JSON file (default models/nlu-model.json, git-ignored) with the metadata (training hash,
 * labels, routes, temperature, …), the vocabulary with idf values, the weights (near-zero weights pruned, the rest
 * rounded) and the spelling dictionary. Written atomically (temp file + rename).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SUPPORTED_LANGUAGES } from '../content/i18n/languages';
import { Vectorizer } from './features';
import { IntentModel, MODEL_VERSION, type ModelMeta } from './intentModel';
import type { SoftmaxWeights } from './softmaxRegression';
import { lexiconFor, SpellCorrector } from './spell';

const MODEL_FORMAT = 'icloud-backup-bot/nlu-model';

/** Weights whose magnitude is below this fraction of the largest weight are dropped when saving. */
const DEFAULT_PRUNE_RATIO = 0.01;

const MetaSchema = z.object({
  version: z.number().refine((v): boolean => v === MODEL_VERSION, `must be ${MODEL_VERSION} (saved by another version of the code)`),
  trainingHash: z.string(),
  trainedAt: z.string(),
  labels: z.array(z.string()).min(1),
  routes: z.record(z.string(), z.string()),
  featureOptions: z.object({
    wordBigrams: z.boolean(),
    charNgrams: z.tuple([z.number().int(), z.number().int()]).nullable(),
    charWeight: z.number(),
    spellCorrect: z.boolean(),
  }),
  softmaxOptions: z.object({ epochs: z.number(), l2: z.number(), learningRate: z.number(), seed: z.number() }),
  temperature: z.number().positive(),
  routingFloor: z.number(),
  offTopicFactor: z.number().positive().optional(),
  trainingExamples: z.number(),
  trainingMs: z.number(),
  cvAccuracy: z.number().optional(),
  topics: z.record(z.string(), z.string()).optional(),
  englishWords: z.array(z.string()).optional(),
  // Kept when a saved model is read back: without it an es/fr/de model read text as English (no accent folding).
  language: z.enum(SUPPORTED_LANGUAGES).optional(),
});

const ModelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  meta: MetaSchema,
  bias: z.array(z.number()),
  /**
   * [feature name, idf, [class, weight, class, weight, …]]. Checked by `checkTuples` rather than zod: zod takes
   * ~0.4 s on 18,000 tuples, a quarter of the start-up budget.
   */
  features: z.array(z.unknown()),
  /** Spelling dictionary: [word, frequency]. */
  dictionary: z.array(z.unknown()),
});

type FeatureTuple = [string, number, number[]];
type ModelFile = Omit<z.infer<typeof ModelFileSchema>, 'features' | 'dictionary'> & { features: FeatureTuple[]; dictionary: Array<[string, number]> };

/** Checks the shape of every features / dictionary entry (same guarantees as the zod tuples, much faster). */
function checkTuples(file: z.infer<typeof ModelFileSchema>): ModelFile {
  file.features.forEach((f, i) => {
    const ok =
      Array.isArray(f) &&
      f.length === 3 &&
      typeof f[0] === 'string' &&
      typeof f[1] === 'number' &&
      Array.isArray(f[2]) &&
      (f[2] as unknown[]).every((x) => typeof x === 'number');
    if (!ok) throw new Error(`features[${i}] must be [name, idf, [class, weight, …]]`);
  });
  file.dictionary.forEach((d, i) => {
    if (!(Array.isArray(d) && d.length === 2 && typeof d[0] === 'string' && typeof d[1] === 'number')) throw new Error(`dictionary[${i}] must be [word, frequency]`);
  });
  return file as ModelFile;
}

function round(x: number, digits = 4): number {
  return Number(x.toPrecision(digits));
}

export function serializeModel(model: IntentModel, pruneRatio = DEFAULT_PRUNE_RATIO): ModelFile {
  const { weights, vectorizer } = model;
  const K = weights.numClasses;
  let max = 0;
  for (const w of weights.weights) max = Math.max(max, Math.abs(w));
  const threshold = max * pruneRatio;
  const names = vectorizer.names();
  const features: ModelFile['features'] = names.map((name, f) => {
    const sparse: number[] = [];
    for (let k = 0; k < K; k++) {
      const w = weights.weights[f * K + k];
      if (Math.abs(w) >= threshold && w !== 0) sparse.push(k, round(w));
    }
    return [name, round(vectorizer.idf[f], 5), sparse];
  });
  return {
    format: MODEL_FORMAT,
    meta: model.meta,
    bias: Array.from(weights.bias, (b) => round(b, 6)),
    features,
    dictionary: model.speller ? model.speller.words() : [],
  };
}

export function deserializeModel(json: unknown): IntentModel {
  const file = checkTuples(ModelFileSchema.parse(json));
  const meta: ModelMeta = file.meta;
  const K = meta.labels.length;
  if (file.bias.length !== K) throw new Error(`bias has ${file.bias.length} entries for ${K} labels`);
  const vectorizer = new Vectorizer(
    file.features.map((f) => f[0]),
    file.features.map((f) => f[1]),
    meta.featureOptions.charWeight,
  );
  const W = new Float64Array(file.features.length * K);
  file.features.forEach(([, , sparse], f) => {
    for (let n = 0; n + 1 < sparse.length; n += 2) {
      const k = sparse[n]!;
      if (k < 0 || k >= K) throw new Error(`feature ${f} has a weight for class ${k} of ${K}`);
      W[f * K + k] = sparse[n + 1]!;
    }
  });
  const weights: SoftmaxWeights = { numFeatures: file.features.length, numClasses: K, weights: W, bias: Float64Array.from(file.bias) };
  const speller = meta.featureOptions.spellCorrect ? new SpellCorrector(new Map(file.dictionary), lexiconFor(meta.language ?? 'en')) : undefined;
  return new IntentModel(meta, vectorizer, weights, speller);
}

export function saveModel(model: IntentModel, path: string, pruneRatio = DEFAULT_PRUNE_RATIO): number {
  mkdirSync(dirname(path), { recursive: true });
  const text = JSON.stringify(serializeModel(model, pruneRatio));
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  return Buffer.byteLength(text);
}

export type LoadedModelFile = { status: 'ok'; model: IntentModel } | { status: 'missing' } | { status: 'invalid'; reason: string };

/** Reads a saved model; a missing or unreadable file is reported, not thrown. */
export function loadModel(path: string): LoadedModelFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return { status: 'invalid', reason: String(err) };
  }
  try {
    return { status: 'ok', model: deserializeModel(JSON.parse(text)) };
  } catch (err) {
    const reason = err instanceof z.ZodError ? (err.issues[0] ? `${err.issues[0].path.join('.')}: ${err.issues[0].message}` : 'invalid') : String(err);
    return { status: 'invalid', reason };
  }
}

import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadIntents, trainingHash } from '../../src/content/loadIntents';
import { loadRecognizer, type NluLog } from '../../src/nlu';
import { deserializeModel, loadModel, saveModel, serializeModel } from '../../src/nlu/modelStore';
import { DEFAULT_TRAIN_CONFIG, trainModel } from '../../src/nlu/trainer';
import { CAUSE_ORDER, copyFixtures } from './helpers';

const FAST = { ...DEFAULT_TRAIN_CONFIG, folds: 2, softmax: { ...DEFAULT_TRAIN_CONFIG.softmax, epochs: 10 } };

function memoryLog(): NluLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (_fields, m) => void lines.push(`info ${m ?? ''}`), warn: (_fields, m) => void lines.push(`warn ${m ?? ''}`) };
}

describe('model persistence', () => {
  let fixture: ReturnType<typeof copyFixtures>;
  let modelPath: string;
  beforeEach(() => {
    fixture = copyFixtures();
    modelPath = join(fixture.dir, '..', 'models', 'nlu-model.json');
  });
  afterEach(() => fixture.cleanup());

  it('round-trips a model through JSON (no pruning → identical probabilities)', () => {
    const data = loadIntents(fixture.dir, { causeOrder: CAUSE_ORDER });
    const { model } = trainModel(data, CAUSE_ORDER, FAST);
    const restored = deserializeModel(JSON.parse(JSON.stringify(serializeModel(model, 0))));
    expect(restored.meta).toEqual(model.meta);
    for (const text of ['my iclod storage is full', 'wifi keeps dropping', 'hello']) {
      const a = model.rank(text);
      const b = restored.rank(text);
      expect(b.map((s) => s.intent)).toEqual(a.map((s) => s.intent));
      b.forEach((s, i) => expect(s.confidence).toBeCloseTo(a[i]!.confidence, 3));
    }
  });

  it('saves atomically, prunes near-zero weights, and reports missing or invalid files', () => {
    const data = loadIntents(fixture.dir, { causeOrder: CAUSE_ORDER });
    const { model } = trainModel(data, CAUSE_ORDER, FAST);
    const full = JSON.stringify(serializeModel(model, 0)).length;
    const bytes = saveModel(model, modelPath);
    expect(bytes).toBeLessThan(full);
    expect(loadModel(modelPath).status).toBe('ok');
    expect(loadModel(join(fixture.dir, 'nope.json'))).toEqual({ status: 'missing' });
    writeFileSync(modelPath, '{"format":"something else"}');
    expect(loadModel(modelPath).status).toBe('invalid');
  });

  it('trains synchronously and saves when no model exists', async () => {
    const log = memoryLog();
    const recognizer = await loadRecognizer({ intentsDir: fixture.dir, modelPath, causeOrder: CAUSE_ORDER, log, trainConfig: FAST });
    expect(recognizer.status).toBe('trained');
    expect(log.lines.some((l) => /training now/.test(l))).toBe(true);
    expect(existsSync(modelPath)).toBe(true);
    expect(recognizer.recognize('backup failed but I have space')).toMatchObject({ route: 'network_unstable', ruledOut: ['storage_full'] });
  });

  it('loads a model whose hash matches without training', async () => {
    await loadRecognizer({ intentsDir: fixture.dir, modelPath, causeOrder: CAUSE_ORDER, trainConfig: FAST });
    const saved = readFileSync(modelPath, 'utf8');
    const recognizer = await loadRecognizer({ intentsDir: fixture.dir, modelPath, causeOrder: CAUSE_ORDER, trainConfig: FAST });
    expect(recognizer.status).toBe('loaded');
    expect(readFileSync(modelPath, 'utf8')).toBe(saved);
  });

  it('loads a current model without re-reading the intent files, but still checks its topics', async () => {
    writeFileSync(
      join(fixture.dir, 'train', 'none_restore.yaml'),
      'intent: none_restore\nroute: none\ntopic: restore\nutterances: [how do i restore from icloud, restore stuck, restore failed on my new phone, get my backup onto the new phone, recover from an old backup]\n',
    );
    await loadRecognizer({ intentsDir: fixture.dir, modelPath, causeOrder: CAUSE_ORDER, topics: ['restore'], trainConfig: FAST });
    const recognizer = await loadRecognizer({ intentsDir: fixture.dir, modelPath, causeOrder: CAUSE_ORDER, topics: ['restore'], trainConfig: FAST });
    expect(recognizer.status).toBe('loaded');
    expect(recognizer.model.meta.englishWords).toContain('backup');
    expect(recognizer.recognize('backup failed but I have space')).toMatchObject({ route: 'network_unstable', ruledOut: ['storage_full'] });
    await expect(loadRecognizer({ intentsDir: fixture.dir, modelPath, causeOrder: CAUSE_ORDER, topics: ['sync'], trainConfig: FAST })).rejects.toThrow(
      /none_restore\.yaml: field "topic": "restore" is not a topic/,
    );
  });

  it('uses a stale model right away, retrains in the background, swaps and saves', async () => {
    await loadRecognizer({ intentsDir: fixture.dir, modelPath, causeOrder: CAUSE_ORDER, trainConfig: FAST });
    const oldHash = JSON.parse(readFileSync(modelPath, 'utf8')).meta.trainingHash as string;
    appendFileSync(join(fixture.dir, 'train', 'greeting.yaml'), '  - howdy partner\n');
    const newHash = trainingHash(fixture.dir);
    expect(newHash).not.toBe(oldHash);

    const recognizer = await loadRecognizer({ intentsDir: fixture.dir, modelPath, causeOrder: CAUSE_ORDER, trainConfig: FAST });
    expect(recognizer.status).toBe('stale-retraining');
    expect(recognizer.model.meta.trainingHash).toBe(oldHash);
    expect(recognizer.recognize('hello').intent).toBe('greeting'); // usable while retraining
    await recognizer.whenReady();
    expect(recognizer.status).toBe('retrained');
    expect(recognizer.model.meta.trainingHash).toBe(newHash);
    expect(JSON.parse(readFileSync(modelPath, 'utf8')).meta.trainingHash).toBe(newHash);
  });

  it('retrains before returning when asked to (the CLIs)', async () => {
    await loadRecognizer({ intentsDir: fixture.dir, modelPath, causeOrder: CAUSE_ORDER, trainConfig: FAST });
    appendFileSync(join(fixture.dir, 'train', 'greeting.yaml'), '  - howdy partner\n');
    const recognizer = await loadRecognizer({ intentsDir: fixture.dir, modelPath, causeOrder: CAUSE_ORDER, trainConfig: FAST, whenStale: 'retrain' });
    expect(recognizer.status).toBe('trained');
    expect(recognizer.model.meta.trainingHash).toBe(trainingHash(fixture.dir));
  });
});

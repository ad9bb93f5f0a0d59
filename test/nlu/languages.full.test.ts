/**
 * A language's model end to end on fixture data (test/nlu/fixtures/intents/es): trained with the Spanish stemmer and
 * grammar, saved next to the English model's path (models/es/…), loaded back, and scored on its held-out file the
 * way `npm run eval` scores each language (route accuracy and ruled-out negations).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHeldOut, loadIntents } from '../../src/content/loadIntents';
import { loadRecognizer } from '../../src/nlu';
import { evaluatePredictions, predictAll } from '../../src/nlu/evaluate';
import { loadGrammar } from '../../src/nlu/grammarFile';
import { modelPathFor } from '../../src/nlu/multilingual';
import { silentLog } from '../../src/logging/log';
import { CAUSE_ORDER, FIXTURE_INTENTS } from './helpers';

const ES = join(FIXTURE_INTENTS, 'es');
const FAST = { features: { wordBigrams: true, charNgrams: [2, 4] as [number, number], charWeight: 1.5, spellCorrect: true }, softmax: { epochs: 60, l2: 1e-4, learningRate: 0.5, seed: 1 }, folds: 0 };

describe('a Spanish model on fixture data', () => {
  const root = mkdtempSync(join(tmpdir(), 'nlu-es-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is saved under models/es/, loaded back, and routes its held-out file like eval does', async () => {
    const modelPath = modelPathFor(join(root, 'nlu-model.json'), 'es');
    expect(modelPath).toBe(join(root, 'es', 'nlu-model.json'));
    const grammar = loadGrammar(ES, 'es');
    const options = { intentsDir: ES, modelPath, causeOrder: CAUSE_ORDER, grammar, log: silentLog, trainConfig: FAST };
    const trained = await loadRecognizer(options);
    expect(trained.status).toBe('trained');
    expect(trained.model.meta.language).toBe('es');
    const loaded = await loadRecognizer(options);
    expect(loaded.status).toBe('loaded');

    const data = loadIntents(ES, { causeOrder: CAUSE_ORDER, language: 'es' });
    const examples = loadHeldOut(ES, data, { causeOrder: CAUSE_ORDER, language: 'es' }).examples;
    const report = evaluatePredictions(predictAll(loaded.intentRecognizer, examples));
    expect(report.misclassified.map((m) => `${m.text} → ${m.route} [${m.ruledOut.join(',')}]`)).toEqual([]);
    expect(loaded.recognize('La copia falla pero tengo espacio')).toMatchObject({ route: 'network_unstable', ruledOut: ['storage_full'] });
    expect(loaded.recognize('no tengo espacio y la copia falla')).toMatchObject({ route: 'storage_full', ruledOut: [] });
    // Accents and typos are read like the training data: "almacenamineto" is spelled right against the Spanish words.
    expect(loaded.recognize('mi almacenamineto está lleno').route).toBe('storage_full');
  });
});

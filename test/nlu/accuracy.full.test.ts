/**
 * Accuracy on the REAL content: trains on intents/train, scores the held-out set intents/test (never trained on).
 * Fails when route accuracy drops below 0.92 on heldout.yaml or 0.80 on real_world.yaml (out-of-scope recall below
 * 0.85), and checks phrasings the bot must get right.
 */
import { join } from 'node:path';
import { loadCauseOrder, loadHeldOut, loadIntents } from '../../src/content/loadIntents';
import { evaluatePredictions, predictAll } from '../../src/nlu/evaluate';
import { IntentRecognizer } from '../../src/nlu/recognizer';
import { RuledOutDetector } from '../../src/nlu/ruledOut';
import { trainModel } from '../../src/nlu/trainer';
import { REPO_ROOT } from './helpers';

const intentsDir = join(REPO_ROOT, 'intents');
const causeOrder = loadCauseOrder(join(REPO_ROOT, 'dialogs'));
const data = loadIntents(intentsDir, { causeOrder });
const { model } = trainModel(data, causeOrder);
const recognizer = new IntentRecognizer(model, new RuledOutDetector(data.ruledOut, causeOrder), causeOrder);

describe('held-out accuracy (real data)', () => {
  const { examples } = loadHeldOut(intentsDir, data, { causeOrder });
  const report = (file: string): ReturnType<typeof evaluatePredictions> =>
    evaluatePredictions(predictAll(recognizer, examples.filter((e) => e.file.endsWith(file))));
  const heldout = report('heldout.yaml');
  const realWorld = report('real_world.yaml');
  const misrouted = (r: typeof heldout): string =>
    r.misclassified.filter((p) => p.route !== p.expectedRoute).map((p) => `  ${p.text.slice(0, 120)} → ${p.route} (expected ${p.expectedRoute})`).join('\n');

  it('has held-out sets worth measuring, the real one from many sources', () => {
    expect(heldout.n).toBeGreaterThanOrEqual(300);
    expect(realWorld.n).toBeGreaterThanOrEqual(120);
    expect(new Set(examples.filter((e) => e.source).map((e) => e.source)).size).toBeGreaterThanOrEqual(60);
  });

  it('routes at least 92% of the hand-written held-out examples right', () => {
    if (heldout.routeAccuracy < 0.92) throw new Error(`heldout.yaml route accuracy ${heldout.routeAccuracy.toFixed(4)} < 0.92; misrouted:\n${misrouted(heldout)}`);
    expect(heldout.routeAccuracy).toBeGreaterThanOrEqual(0.92);
  });

  it('routes at least 80% of the real phrasings right and catches 85% of their out-of-scope ones', () => {
    if (realWorld.routeAccuracy < 0.8) throw new Error(`real_world.yaml route accuracy ${realWorld.routeAccuracy.toFixed(4)} < 0.8; misrouted:\n${misrouted(realWorld)}`);
    expect(realWorld.routeAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(realWorld.outOfScope.recall).toBeGreaterThanOrEqual(0.85);
  });

  it('detects the ruled-out causes the held-out set specifies', () => {
    expect(heldout.ruledOut.recall).toBeGreaterThanOrEqual(0.9);
    expect(heldout.ruledOut.precision).toBeGreaterThanOrEqual(0.9);
  });
});

describe('specific phrasings (real data)', () => {
  it.each([
    ['my iclod bakup failed', 'backup_failed'],
    ["what's the weather", 'none'],
    ['how do I back up WhatsApp to Google Drive', 'none'],
    ['why is my iCloud storage full?', 'storage_full'],
    ['can I back up without iCloud?', 'faq_without_icloud'],
    ['I want to talk to a human', 'human_agent'],
    ["I don't have enough space", 'storage_full'],
    ['my wifi keeps dropping', 'network_unstable'],
  ])('%s → %s', (text, route) => {
    expect(recognizer.recognize(text).route).toBe(route);
  });

  it('backup failed but I have space → network_unstable, storage_full ruled out', () => {
    expect(recognizer.recognize('backup failed but I have space')).toMatchObject({ route: 'network_unstable', ruledOut: ['storage_full'] });
  });

  it('backup failed, I have space and my wifi is fine → apple_id', () => {
    expect(recognizer.recognize('backup failed, I have space and my wifi is fine')).toMatchObject({
      route: 'apple_id',
      ruledOut: ['storage_full', 'network_unstable'],
    });
  });

  it('a named cause wins over the article order', () => {
    expect(recognizer.recognize('plenty of storage but it keeps asking for my password')).toMatchObject({ route: 'apple_id', ruledOut: ['storage_full'] });
  });

  it('gives calibrated probabilities and runner-ups', () => {
    const result = recognizer.recognize('my icloud storage is full');
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.confidence).toBeLessThanOrEqual(1);
    expect(result.alternatives.length).toBeLessThanOrEqual(3);
    const scores = result.alternatives.map((a) => a.confidence);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});

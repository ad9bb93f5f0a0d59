/**
 * Accuracy on the REAL content: trains on intents/train, scores the held-out set intents/test (never trained on).
 * Fails when held-out route accuracy drops below 0.92, and checks phrasings the bot must get right.
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
  const report = evaluatePredictions(predictAll(recognizer, examples));

  it('has a held-out set worth measuring', () => {
    expect(examples.length).toBeGreaterThanOrEqual(300);
  });

  it('routes at least 92% of the held-out examples right', () => {
    if (report.routeAccuracy < 0.92) {
      const misrouted = report.misclassified.filter((p) => p.route !== p.expectedRoute).map((p) => `  ${p.text} → ${p.route} (expected ${p.expectedRoute})`);
      throw new Error(`held-out route accuracy ${report.routeAccuracy.toFixed(4)} < 0.92; misrouted:\n${misrouted.join('\n')}`);
    }
    expect(report.routeAccuracy).toBeGreaterThanOrEqual(0.92);
  });

  it('detects the ruled-out causes the held-out set specifies', () => {
    expect(report.ruledOut.recall).toBeGreaterThanOrEqual(0.9);
    expect(report.ruledOut.precision).toBeGreaterThanOrEqual(0.9);
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

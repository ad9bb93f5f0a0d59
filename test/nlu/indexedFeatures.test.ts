/** The inference fast path (cached character n-gram indices) gives the same vector as the training path. */
import { loadIntents } from '../../src/content/loadIntents';
import { analyze, extractFeatures, IndexedFeatures, type SparseVector } from '../../src/nlu/features';
import { trainModel, DEFAULT_TRAIN_CONFIG } from '../../src/nlu/trainer';
import { CAUSE_ORDER, FIXTURE_INTENTS } from './helpers';

const dense = (x: SparseVector): Map<number, number> => new Map(Array.from(x.idx, (i, k) => [i, x.val[k]!]));

describe('IndexedFeatures', () => {
  const { model } = trainModel(loadIntents(FIXTURE_INTENTS, { causeOrder: CAUSE_ORDER }), CAUSE_ORDER, { ...DEFAULT_TRAIN_CONFIG, folds: 0 });
  const fast = new IndexedFeatures(model.vectorizer, model.meta.featureOptions);

  it.each([
    'my iclod bakup failed',
    'backup backup backup fails fails',
    'a b',
    'Whenever I try to back up my iPhone to iCloud it works for a while and then fails with "The last backup could not be completed".',
    'zzzz qqqq',
  ])('"%s"', (text) => {
    const analysis = analyze(text, model.speller);
    const slow = dense(model.vectorizer.transform(extractFeatures(analysis, model.meta.featureOptions)));
    const got = dense(fast.vectorize(analysis));
    // twice: the second time from the cache
    const again = dense(fast.vectorize(analysis));
    expect([...got.keys()].sort()).toEqual([...slow.keys()].sort());
    for (const [i, v] of slow) {
      expect(got.get(i)).toBeCloseTo(v, 12);
      expect(again.get(i)).toBeCloseTo(v, 12);
    }
  });
});

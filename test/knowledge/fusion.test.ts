/**
 * The knowledge base's semantic retrieval pieces: the fusion's probabilities and decision (answer / did you mean /
 * unknown), its fitting, the question types, the word-vectors file format and SIF embeddings, and the real index on
 * the behaviours issue 23 asked for (how big ≠ how to, typos, one clear winner answered).
 */
import { loadDialogContent } from '../../src/content/loadContent';
import { loadKnowledgeIndex } from '../../src/knowledge';
import { decide, DEFAULT_FUSION, FEATURE_NAMES, fitFusion, fuse, type FusionModel, type TrainingQuestion } from '../../src/knowledge/fusion';
import { questionTypeOf } from '../../src/knowledge/questionType';
import { AnswerField } from '../../src/knowledge/answerField';
import { chooseDecision, DEV_BUDGET, fusedOf, upperBound, type Fused } from '../../src/knowledge/chooseDecision';
import { fitGate, gateFeatures, gateProbability, GATE_FEATURES, type GateEvidence } from '../../src/knowledge/answerGate';
import { cosine, encodeWordVectors, loadWordVectors, WordVectors } from '../../src/knowledge/wordVectors';

const model = (over: Partial<FusionModel> = {}): FusionModel => ({ weights: [1], noneBias: 0, noneWeight: 0, answer: 0.6, suggest: 0.2, close: 0.8, ...over });

describe('fuse: a softmax over the entries and "none"', () => {
  test('probabilities sum to 1 and follow the scores', () => {
    const { entries, none } = fuse([[2], [1], [0]], model());
    expect(entries.reduce((a, b) => a + b, none)).toBeCloseTo(1, 10);
    expect(entries[0]).toBeGreaterThan(entries[1]!);
    expect(entries[1]).toBeGreaterThan(entries[2]!);
  });

  test('the none option grows with its bias and with the classifier\'s "none"', () => {
    const low = fuse([[1]], model({ noneBias: 0 })).none;
    const high = fuse([[1]], model({ noneBias: 3 })).none;
    expect(high).toBeGreaterThan(low);
    const withClassifier = fuse([[1]], model({ noneWeight: 5 }), 0.9).none;
    expect(withClassifier).toBeGreaterThan(low);
  });

  test('large scores do not overflow', () => {
    const { entries, none } = fuse([[1000], [999]], model());
    expect(Number.isFinite(entries[0])).toBe(true);
    expect(entries[0]! + entries[1]! + none).toBeCloseTo(1, 10);
  });
});

describe('decide: one clear winner is answered, two close ones are offered, nothing close is unknown', () => {
  const thresholds = { answer: 0.6, suggest: 0.2, close: 0.9 };
  test.each([
    { p: [0.9, 0.05, 0.01], kind: 'answer' },
    { p: [0.05, 0.61, 0.2], kind: 'answer' },
    { p: [0.4, 0.35, 0.1], kind: 'didYouMean' },
    { p: [0.5, 0.15, 0.1], kind: 'unknown' }, // the second is too weak to offer; the first too weak to answer
    { p: [0.3, 0.2, 0.1], kind: 'unknown' }, // together below the answer threshold, and "none" is likely (0.4)
    { p: [0.15, 0.15, 0.14, 0.14, 0.14, 0.14, 0.1], kind: 'didYouMean' }, // surely answerable, shared by many
    { p: [0.15, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], kind: 'unknown' }, // answerable, but the second is not close
    { p: [], kind: 'unknown' },
  ])('$p → $kind', ({ p, kind }) => {
    expect(decide(p, thresholds).kind).toBe(kind);
  });

  test('"did you mean" offers the two best, best first', () => {
    expect(decide([0.1, 0.3, 0.35], thresholds)).toEqual({ kind: 'didYouMean', first: 2, second: 1 });
  });
});

describe('decide with `clear`: one candidate that clearly wins is answered instead of "did you mean" or the fallback', () => {
  const thresholds = { answer: 0.6, suggest: 0.2, close: 0.9 };
  test.each([
    { clear: undefined, p: [0.45, 0.2, 0.05], kind: 'didYouMean' }, // without the rule: the two are offered
    { clear: { ratio: 2, floor: 0.4 }, p: [0.45, 0.2, 0.05], kind: 'answer' }, // 0.45 ≥ 2 × 0.2: the first clearly wins
    { clear: { ratio: 3, floor: 0.4 }, p: [0.45, 0.2, 0.05], kind: 'didYouMean' }, // not 3 times the second: still offered
    { clear: { ratio: 2, floor: 0.5 }, p: [0.45, 0.2, 0.05], kind: 'didYouMean' }, // below the floor: still offered
    { clear: undefined, p: [0.5, 0.08, 0.05], kind: 'unknown' }, // nothing to offer, too weak to answer
    { clear: { ratio: 5, floor: 0.5 }, p: [0.5, 0.08, 0.05], kind: 'answer' }, // … unless it clearly wins
    { clear: { ratio: 2, floor: 0.3 }, p: [0.35, 0.3, 0.1], kind: 'didYouMean' }, // close ones stay a question
    { clear: { ratio: 2, floor: 0.3 }, p: [0.2, 0.05], kind: 'unknown' }, // a clear but weak first is not an answer
  ])('clear $clear, $p → $kind', ({ clear, p, kind }) => {
    expect(decide(p, { ...thresholds, ...(clear ? { clear } : {}) }).kind).toBe(kind);
  });
});

describe('decide with `sure`: a surely answerable question whose best entry is well ahead is answered, not refused', () => {
  const thresholds = { answer: 0.85, suggest: 0.1, close: 0.5 };
  const p = [0.42, 0.12, 0.12, 0.12, 0.12, 0.1]; // P(none) ≈ 0: some entry answers, the first well ahead of the rest
  test('without it: the fallback; with it: the answer', () => {
    expect(decide(p, thresholds).kind).toBe('unknown');
    expect(decide(p, { ...thresholds, sure: true })).toEqual({ kind: 'answer', first: 0 });
  });
  test('a close runner-up is still offered, and a likely "none" still refused', () => {
    expect(decide([0.3, 0.25, 0.25, 0.2], { ...thresholds, sure: true }).kind).toBe('didYouMean');
    expect(decide([0.42, 0.12], { ...thresholds, sure: true }, 0.46).kind).toBe('unknown');
  });
});

describe('the answer gate: a logistic regression decides whether to answer the best entry', () => {
  // The best entry is right when it is well ahead of the runner-up and of "none", whatever its own probability.
  const evidence = (best: number, second: number, none: number, uncovered = 0): GateEvidence => ({ best, second, none, classifierNone: none, uncovered });
  const questions: Array<{ e: GateEvidence; right: boolean }> = [];
  for (let i = 0; i < 200; i++) {
    const best = 0.2 + (0.6 * ((i * 37) % 100)) / 100;
    const ahead = i % 2 === 0;
    questions.push({ e: evidence(best, ahead ? best / 8 : best * 0.8, ahead ? 0.05 : 0.5, ahead ? 0 : 0.6), right: ahead });
  }
  const weights = fitGate(questions.map((q) => gateFeatures(q.e)), questions.map((q) => q.right));

  test('fitted on raw features, it separates questions whose best entry is right from the others', () => {
    expect(weights).toHaveLength(GATE_FEATURES.length);
    const p = (e: GateEvidence): number => gateProbability({ weights }, e);
    expect(p(evidence(0.3, 0.03, 0.05))).toBeGreaterThan(0.8); // far ahead although only 0.3
    expect(p(evidence(0.7, 0.6, 0.5, 0.6))).toBeLessThan(0.2); // high, but neither ahead nor sure
    const accuracy = questions.filter((q) => (p(q.e) >= 0.5) === q.right).length / questions.length;
    expect(accuracy).toBeGreaterThan(0.95);
  });

  test('in decide, the gate alone answers: a clear winner below `answer` is answered, a high but shared one is not', () => {
    const m = model({ answer: 0.85, suggest: 0.2, close: 0.5, gate: { weights, threshold: 0.6 } });
    const winner = [0.3, 0.03, 0.02];
    expect(decide(winner, m, 0.05, { classifierNone: 0.05, uncovered: [0, 0, 0] })).toEqual({ kind: 'answer', first: 0 });
    // Without the gate's evidence the hand thresholds decide (0.3 is below `answer`).
    expect(decide(winner, m, 0.05).kind).not.toBe('answer');
    // Two close candidates (the runner-up ≥ `close` × the best) are offered even when the gate would answer the first.
    expect(gateProbability({ weights }, evidence(0.6, 0.3, 0.05))).toBeGreaterThan(0.6);
    expect(decide([0.6, 0.3], m, 0.05, { classifierNone: 0.05, uncovered: [0, 0] })).toEqual({ kind: 'didYouMean', first: 0, second: 1 });
    // A key word the best entry does not cover, and "none" likely: not answered; two close ones are offered.
    expect(decide([0.45, 0.4], m, 0.15, { classifierNone: 0.5, uncovered: [0.6, 0.6] }).kind).toBe('didYouMean');
    expect(decide([0.5, 0.1], m, 0.4, { classifierNone: 0.5, uncovered: [0.6, 0.6] }).kind).toBe('unknown');
  });
});

describe('chooseDecision: the gate threshold and the "did you mean" thresholds', () => {
  // 100 answerable questions whose right entry (0) has 0.42 (runner-up 0.3); 100 unanswerable ones, `near` of which look the same.
  const looksRight = (label: number): Fused => fusedOf([0.42, 0.3], 0.28, label, 0.2, [0, 0]);
  const clearlyNone = (): Fused => fusedOf([0.05, 0.045], 0.9, -1, 0.9, [0.8, 0.8]); // log margin 0.1: the gate's 0.53 < 0.58
  const questions = (near: number): Fused[] => [
    ...Array.from({ length: 100 }, () => looksRight(0)),
    ...Array.from({ length: 100 }, (_, i) => (i < near ? looksRight(-1) : clearlyNone())),
  ];
  const weights = [0, 0, 1, 0, 0, 0]; // the gate's probability grows with the log margin only
  const fitted = { ...model({ weights: [0] }), gate: { weights, threshold: 0.5 } };
  const answers = (m: FusionModel): boolean => decide([0.42, 0.3], m, 0.28, { classifierNone: 0.2, uncovered: [0, 0] }).kind === 'answer';

  test('out of fold only: refuses a rule that answers too many unanswerable questions (TUNING_BUDGET)', () => {
    expect(answers(chooseDecision(questions(12), [], fitted))).toBe(false);
    expect(answers(chooseDecision(questions(3), [], fitted))).toBe(true);
  });

  test('with development questions, their budget decides (≤ 2% wrong, ≥ 92% fallback), not the out-of-fold one', () => {
    expect(DEV_BUDGET).toEqual({ wrong: 0.02, fallback: 0.92 });
    // Out of fold the rule is over budget; on the development questions only 5 of 100 unanswerable ones look right.
    expect(answers(chooseDecision(questions(12), questions(5), fitted))).toBe(true);
    expect(answers(chooseDecision(questions(3), questions(12), fitted))).toBe(false);
  });
});

describe('upperBound: the budget holds with 95% confidence', () => {
  test('the Wilson upper bound is above the rate, and closer to it with more questions', () => {
    expect(upperBound(10, 100)).toBeGreaterThan(0.1);
    expect(upperBound(100, 1000)).toBeLessThan(upperBound(10, 100));
    expect(upperBound(100, 1000)).toBeGreaterThan(0.1);
    expect(upperBound(0, 100)).toBeGreaterThan(0);
    expect(upperBound(0, 0)).toBe(0);
  });
});

describe('AnswerField: the answer text as a weaker field', () => {
  const idf: Record<string, number> = { power: 3, lock: 3, iphone: 0.5 };
  const field = new AnswerField([['iphone', 'power', 'lock'], ['iphone', 'price']], (t) => idf[t] ?? 4);
  test('the share of the question\'s IDF-weighted terms the answer has', () => {
    expect(field.coverage(['power', 'iphone'], 0)).toBeCloseTo(1, 10);
    expect(field.coverage(['power', 'iphone'], 1)).toBeCloseTo(0.5 / 3.5, 10);
    expect(field.coverage(['lock', 'unknownword'], 0)).toBeCloseTo(3 / 7, 10); // a word no answer has weighs the most
    expect(field.coverage([], 0)).toBe(0);
    expect(field.coverage(['power'], 5)).toBe(0);
  });
});

describe('fitFusion', () => {
  test('learns to weight the feature that tells the right entry and to say "none" when nothing matches', () => {
    // Feature 0 is 1 for the right entry; questions with label -1 have no such entry.
    const data: TrainingQuestion[] = [];
    for (let i = 0; i < 20; i++) {
      const right = i % 3;
      data.push({ features: [0, 1, 2].map((k) => [k === right ? 1 : 0]), none: 0, label: right });
      data.push({ features: [[0], [0], [0]], none: 1, label: -1 });
    }
    const start = model({ weights: [0], noneBias: 0, noneWeight: 0 });
    const fitted = fitFusion(data, start, { iterations: 300, learningRate: 1, l2: 1e-4 });
    expect(fitted.weights[0]).toBeGreaterThan(2);
    expect(fuse([[1], [0], [0]], fitted, 0).entries[0]).toBeGreaterThan(0.6);
    expect(fuse([[0], [0], [0]], fitted, 1).none).toBeGreaterThan(0.6);
  });

  test('DEFAULT_FUSION has one weight per feature', () => {
    expect(DEFAULT_FUSION.weights).toHaveLength(FEATURE_NAMES.length);
    expect(DEFAULT_FUSION.suggest).toBeLessThan(DEFAULT_FUSION.answer);
  });
});

describe('questionTypeOf', () => {
  test.each([
    ['how big is my backup', 'size'],
    ['what size is the backup', 'size'],
    ['how many gb does it need', 'size'],
    ['how long does it take', 'duration'],
    ['the backup is taking forever', 'duration'],
    ['how much does icloud cost', 'cost'],
    ['how much r the plans', 'cost'],
    ['will it delete my photos', 'loss'],
    ['if i sign out will i lose anything', 'loss'],
    ['where is reset', 'location'],
    ['why does it fail', 'reason'],
    ['how come its full', 'reason'],
    ['how do i start a backup', 'method'],
    ['hw do i check it', 'method'],
    ['my backup failed', 'other'],
  ])('"%s" → %s', (text, type) => {
    expect(questionTypeOf(text)).toBe(type);
  });
});

describe('word vectors', () => {
  test('encode → decode keeps words, ranks and directions (int8 quantisation)', () => {
    const raw = { words: ['zebra', 'apple', 'mango'], ranks: [30, 10, 20], vectors: [[1, 0, 0], [0, 2, 0], [0.6, 0.8, 0]], dimensions: 3, source: 'test' };
    const v = new WordVectors(encodeWordVectors(raw));
    expect(v.size).toBe(3);
    expect(v.has('apple') && v.has('mango') && v.has('zebra')).toBe(true);
    expect(v.has('pear')).toBe(false);
    expect(cosine(v.embed(['mango']), [0.6, 0.8, 0])).toBeGreaterThan(0.999);
    // A frequent word weighs less than a rare one (SIF); an unknown word has no vector.
    expect(v.weight('apple')).toBeLessThan(v.weight('zebra'));
    expect(v.addTo(new Float64Array(3), 'pear', 1)).toBe(false);
  });

  test('a truncated or foreign file is rejected with its name', () => {
    const good = encodeWordVectors({ words: ['a'], ranks: [1], vectors: [[1, 0]], dimensions: 2, source: 'test' });
    expect(() => new WordVectors(good.subarray(0, good.length - 1), 'x.bin')).toThrow(/x\.bin: truncated/);
    expect(() => new WordVectors(Buffer.from('nope'), 'y.bin')).toThrow(/y\.bin: not a word-vectors file/);
  });

  test('the shipped vectors know paraphrases: size ~ big more than size ~ start', () => {
    const v = loadWordVectors();
    expect(v.size).toBeGreaterThan(50_000);
    const sim = (a: string, b: string): number => cosine(v.embed([a]), v.embed([b]));
    expect(sim('size', 'big')).toBeGreaterThan(sim('size', 'start'));
    expect(sim('erase', 'delete')).toBeGreaterThan(sim('erase', 'connect'));
    expect(loadWordVectors()).toBe(v); // read once per process
  });
});

describe('the real knowledge base', () => {
  const index = loadKnowledgeIndex('dialogs', loadDialogContent('dialogs'));
  const answer = (q: string, solutionId?: string): string => {
    const r = index.retrieve(q, { solutionId });
    return r.kind === 'answer' ? r.entry.id : r.kind;
  };

  test('"how big" / "how long" are not answered with "how to"', () => {
    expect(answer('how large will my backup be')).toBe('storage_backup_size');
    expect(answer('how long is a backup going to take')).toBe('backup_how_long');
    expect(answer('how do i start a backup right away')).toBe('backup_start_now');
  });

  test('typos are corrected against the knowledge base\'s words', () => {
    // (Not "pasword": the knowledge base now has that misspelling in a phrasing, so it is a known word there.)
    expect(index.correct('will it delte my passwrd')).toBe('will it delete my password');
    expect(answer('i forgot my icloud passwrd')).toBe('apple_id_forgot_password');
  });

  test('the answer text counts: a word only the answer has ("locked") favours its entry', () => {
    const { features } = index.scored('does my phone have to be locked');
    const of = (id: string): number => features[index.content.entries.findIndex((e) => e.id === id)]!.answerQuery;
    expect(of('backup_need_power')).toBeGreaterThan(of('storage_price'));
    expect(of('backup_need_power')).toBeGreaterThan(0.5);
  });

  test('one clear winner is answered; off-topic questions get the honest fallback', () => {
    expect(answer('where do i reset network settings')).toBe('network_reset_where');
    expect(answer('what is the capital of peru', 'check_internet')).toBe('unknown');
    expect(answer('???')).toBe('unknown');
  });
});

describe('decide without the gate\'s evidence (no learnt "none")', () => {
  const model = { answer: 0.6, suggest: 0.25, close: 0.5, handAnswer: 0.85 };
  test('the hand threshold handAnswer answers, not the tuned "did you mean" share `answer`', () => {
    expect(decide([0.7, 0.05], model, 0.25).kind).not.toBe('answer');
    expect(decide([0.9, 0.05], model, 0.05).kind).toBe('answer');
  });
  test('without handAnswer, `answer` decides as before', () => {
    expect(decide([0.7, 0.05], { ...model, handAnswer: undefined }, 0.25).kind).toBe('answer');
  });
});

/**
 * Questions several steps share ("will I lose anything?", "where is that?"), asked at each step (the table in
 * sharedStepQuestions.ts, written for this test): how often the step's own entry is answered, offered or missed.
 * The figures are the measured floor (docs/knowledge.md, "Questions shared by several steps"): a change to the
 * fusion, the gate or the knowledge base that loses some of them fails here. Also: a blind set's questions are never printed.
 */
import { loadDialogContent } from '../../src/content/loadContent';
import { loadKnowledgeIndex } from '../../src/knowledge';
import { formatKnowledgeReport, isBlindSet, type KnowledgeReport } from '../../src/knowledge/evaluateKnowledge';
import { SHARED_STEP_QUESTIONS } from './sharedStepQuestions';

describe('questions shared by several steps, asked at each step', () => {
  const index = loadKnowledgeIndex('dialogs', loadDialogContent('dialogs'));
  const asked = SHARED_STEP_QUESTIONS.flatMap((q) => Object.entries(q.at).map(([solutionId, entry]) => ({ text: q.text, solutionId, right: [entry, ...(q.alsoRight ? [q.alsoRight] : [])] })));
  const results = asked.map((q) => ({ q, r: index.retrieve(q.text, { solutionId: q.solutionId }) }));
  const share = (pred: (x: (typeof results)[number]) => boolean): number => results.filter(pred).length / results.length;

  test('the table names real steps and entries', () => {
    const steps = new Set(loadDialogContent('dialogs').solutions.map((s) => s.id));
    for (const q of asked) {
      expect(steps.has(q.solutionId)).toBe(true);
      for (const id of q.right) expect(index.content.entry(id)).toBeDefined();
    }
    expect(asked.length).toBeGreaterThanOrEqual(70);
  });

  test('the step\'s entry is answered or offered for most; the step\'s entry first at least as often as measured', () => {
    const answered = share(({ q, r }) => r.kind === 'answer' && q.right.includes(r.entry.id));
    const offered = share(({ q, r }) => r.kind === 'didYouMean' && r.options.some((o) => q.right.includes(o.id)));
    const rankedFirst = share(({ q, r }) => q.right.includes(r.candidates[0]?.entry.id ?? ''));
    const wrong = share(({ q, r }) => r.kind === 'answer' && !q.right.includes(r.entry.id));
    expect(answered).toBeGreaterThanOrEqual(0.63); // 46/72 measured after the stop-24 merges and refit (47 on branch kbdata alone; 45/72 at the start of stop 24)
    expect(answered + offered).toBeGreaterThanOrEqual(0.81); // 59/72 measured after the merges (61 on kbdata alone; 56/72 at the start of stop 24)
    expect(rankedFirst).toBeGreaterThanOrEqual(0.76); // 55/72 measured after the merges and the refit with kbrank's features and kbnone's unanswered questions (60 on kbdata alone; 55/72 at the start of stop 24)
    // The known gap (docs/knowledge.md): vague step questions whose step entry has no such phrasing are won by a
    // general entry ("how long does it take?" at the iOS update → how long a backup takes). No more than measured.
    expect(wrong).toBeLessThanOrEqual(4 / 72); // 3/72 measured after the merges; 13/72 before kbdata wrote the vague forms people use at a step
  });

  test('"where is that?" at a step is that step\'s setting, whichever step', () => {
    for (const { q, r } of results.filter((x) => x.q.text === 'where is that?')) {
      expect(r.kind === 'answer' ? r.entry.id : r.kind).toBe(q.right[0]);
    }
  });
});

describe('blind sets: figures only', () => {
  test('v4 and later sets are blind; the first sets (and v3, partly seen) are development sets', () => {
    expect(isBlindSet('paraphrases_v3')).toBe(false);
    expect(isBlindSet('paraphrases_v4')).toBe(true);
    expect(isBlindSet('paraphrases_v12')).toBe(true);
    expect(['heldout', 'paraphrases', 'paraphrases_v2'].some(isBlindSet)).toBe(false);
  });

  test('the report of a blind set prints no question', () => {
    const report: KnowledgeReport = {
      heldOut: 2, top1: 1, rankedFirst: 1, clarifiedWithRight: 0, clarifiedRightFirst: 0,
      wrongAnswers: [{ text: 'secret question one', expected: 'a', got: 'b', confidence: 0.9 }], missed: [],
      unanswerable: 1, fallbacks: 0, falseAnswers: [{ text: 'secret question two', got: 'c', confidence: 0.7 }], confusion: [{ expected: 'a', got: 'b', count: 1 }],
    };
    expect(formatKnowledgeReport(report, 3)).toContain('secret question one');
    const blind = formatKnowledgeReport(report, 3, { questions: false });
    expect(blind).toContain('top-1 accuracy');
    expect(blind).not.toMatch(/secret question|a → b/);
  });
});

/**
 * `npm run eval:kb`: scores the knowledge base (dialogs/knowledge.yaml) on held-out question phrasings and on
 * questions it must not answer (intents/test/knowledge/), and prints top-1 accuracy, the fallback rate and the
 * confusion between close entries. Exit code 2 on content errors.
 */
import { join } from 'node:path';
import { loadDialogContent } from '../content/loadContent';
import { KNOWLEDGE_FILE, KnowledgeIndex, loadKnowledge } from '../knowledge';
import { evaluateKnowledge, formatKnowledgeReport, isBlindSet, KNOWLEDGE_TEST_SETS, loadKnowledgeTestSet } from '../knowledge/evaluateKnowledge';
import { DEV_BUDGET } from '../knowledge/chooseDecision';
import { DEFAULT_FUSION } from '../knowledge/fusion';
import { tuneFusion, type DevQuestion } from '../knowledge/tuneFusion';
import { defaultVectorsFile, loadWordVectors } from '../knowledge/wordVectors';
import { nluPaths, runCli } from '../nlu/cliSupport';

/** The knowledge-base report, for this CLI and for `npm run eval`. */
export function knowledgeReport(contentDir: string, intentsDir: string): string {
  const content = loadDialogContent(contentDir);
  const solutionIds = new Set(content.solutions.map((s) => s.id));
  const index = new KnowledgeIndex(loadKnowledge(join(contentDir, KNOWLEDGE_FILE), solutionIds));
  return KNOWLEDGE_TEST_SETS.map((name) => {
    const report = evaluateKnowledge(index, loadKnowledgeTestSet(intentsDir, index, solutionIds, name));
    // A blind set's questions are never printed (only its figures): reading them would make it a development set.
    const text = formatKnowledgeReport(report, index.content.entries.length, { questions: !isBlindSet(name) });
    return `== intents/test/knowledge: ${name}${isBlindSet(name) ? ' (blind: figures only)' : ''}\n${text}`;
  }).join('\n\n');
}

/**
 * The development sets' questions for `--tune` (every set of KNOWLEDGE_TEST_SETS that is not blind): the decision's
 * thresholds are chosen on them (docs/knowledge.md). A blind set is never read here.
 */
function developmentQuestions(intentsDir: string, index: KnowledgeIndex, solutionIds: ReadonlySet<string>): DevQuestion[] {
  const entryIndex = (id: string): number => index.content.entries.findIndex((e) => e.id === id);
  return KNOWLEDGE_TEST_SETS.filter((name) => !isBlindSet(name)).flatMap((name) => {
    const set = loadKnowledgeTestSet(intentsDir, index, solutionIds, name);
    return [
      ...set.heldOut.map((ex) => ({ text: ex.text, label: entryIndex(ex.entry), ...(ex.solution ? { solutionId: ex.solution } : {}) })),
      ...set.unanswerable.map((q) => ({ text: q.text, label: -1, ...(q.solution ? { solutionId: q.solution } : {}) })),
    ];
  });
}

/**
 * `--tune`: refits the fusion and the answer gate by cross-validation on the knowledge base's own phrasings, then
 * chooses the decision's thresholds on the development sets (never a blind set).
 */
export function tuningReport(contentDir: string, intentsDir: string): string {
  const content = loadDialogContent(contentDir);
  const solutionIds = new Set(content.solutions.map((s) => s.id));
  const kb = loadKnowledge(join(contentDir, KNOWLEDGE_FILE), solutionIds);
  const vectors = loadWordVectors(defaultVectorsFile(contentDir));
  const dev = developmentQuestions(intentsDir, new KnowledgeIndex(kb, undefined, { vectors }), solutionIds);
  const r = tuneFusion(kb, vectors, DEFAULT_FUSION, dev);
  const pct = (n: number, d: number): string => `${((100 * n) / d).toFixed(1)}%`;
  const m = r.model;
  return [
    `Fusion and answer gate fitted by 5-fold cross-validation on ${r.questions} phrasing questions and ${r.unanswered} unanswered ones (dialogs/${KNOWLEDGE_FILE}):`,
    `  out of fold: answered right ${pct(r.right, r.questions)}, wrong ${pct(r.wrong, r.questions)}, did you mean with the right one ${pct(r.clarified, r.questions)}; unanswered questions answered: ${pct(r.falseAnswers, r.unanswered)}`,
    r.dev
      ? `  development sets (${r.dev.questions} + ${r.dev.unanswered}; they chose the thresholds: ≤ ${100 * DEV_BUDGET.wrong}% wrong, ≥ ${100 * DEV_BUDGET.fallback}% fallback): right ${pct(r.dev.right, r.dev.questions)}, wrong ${pct(r.dev.wrong, r.dev.questions)}, fallback ${pct(r.dev.unanswered - r.dev.falseAnswers, r.dev.unanswered)}`
      : '  no development sets: thresholds chosen out of fold',
    `  chosen: gate threshold ${m.gate?.threshold}, did you mean when the two best share ${m.answer} (the second ≥ ${m.suggest}) or many share a near-certain answer (close ${m.close})`,
    'DEFAULT_FUSION (src/knowledge/fusion.ts):',
    JSON.stringify(m),
  ].join('\n');
}

if (require.main === module) {
  runCli(async () => {
    const paths = nluPaths();
    const started = process.hrtime.bigint();
    const out = process.argv.includes('--tune') ? tuningReport(paths.contentDir, paths.intentsDir) : knowledgeReport(paths.contentDir, paths.intentsDir);
    process.stdout.write(`${out}\n`);
    process.stderr.write(`(${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms)\n`);
  });
}

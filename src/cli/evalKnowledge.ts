/**
 * `npm run eval:kb`: scores the knowledge base (dialogs/knowledge.yaml) on held-out question phrasings and on
 * questions it must not answer (intents/test/knowledge/), and prints top-1 accuracy, the fallback rate and the
 * confusion between close entries. Exit code 2 on content errors.
 */
import { join } from 'node:path';
import { loadDialogContent } from '../content/loadContent';
import { KNOWLEDGE_FILE, KnowledgeIndex, loadKnowledge } from '../knowledge';
import { evaluateKnowledge, formatKnowledgeReport, KNOWLEDGE_TEST_SETS, loadKnowledgeTestSet } from '../knowledge/evaluateKnowledge';
import { tuneFusion, TUNING_BUDGET } from '../knowledge/tuneFusion';
import { defaultVectorsFile, loadWordVectors } from '../knowledge/wordVectors';
import { nluPaths, runCli } from '../nlu/cliSupport';

/** The knowledge-base report, for this CLI and for `npm run eval`. */
export function knowledgeReport(contentDir: string, intentsDir: string): string {
  const content = loadDialogContent(contentDir);
  const solutionIds = new Set(content.solutions.map((s) => s.id));
  const index = new KnowledgeIndex(loadKnowledge(join(contentDir, KNOWLEDGE_FILE), solutionIds));
  return KNOWLEDGE_TEST_SETS.map((name) => {
    const report = evaluateKnowledge(index, loadKnowledgeTestSet(intentsDir, index, solutionIds, name));
    return `== intents/test/knowledge: ${name}\n${formatKnowledgeReport(report, index.content.entries.length)}`;
  }).join('\n\n');
}

/** `--tune`: refits the fusion by cross-validation on the knowledge base's own phrasings (never the held-out files). */
export function tuningReport(contentDir: string): string {
  const content = loadDialogContent(contentDir);
  const kb = loadKnowledge(join(contentDir, KNOWLEDGE_FILE), new Set(content.solutions.map((s) => s.id)));
  const r = tuneFusion(kb, loadWordVectors(defaultVectorsFile(contentDir)));
  const pct = (n: number, d: number): string => `${((100 * n) / d).toFixed(1)}%`;
  return [
    `Fusion tuned by 5-fold cross-validation on ${r.questions} phrasing questions and ${r.unanswered} unanswered ones (dialogs/${KNOWLEDGE_FILE}):`,
    `  answered right ${pct(r.right, r.questions)}, wrong ${pct(r.wrong, r.questions)}, did you mean with the right one ${pct(r.clarified, r.questions)}`,
    `  unanswered questions answered: ${pct(r.falseAnswers, r.unanswered)}`,
    `  thresholds chosen within the budget (≤ ${100 * TUNING_BUDGET.wrong}% wrong, ≤ ${100 * TUNING_BUDGET.falseAnswers}% unanswered answered): answer ${r.model.answer}, suggest ${r.model.suggest}, close ${r.closeAtShipped}, clear ${r.model.clear ? `at ${r.model.clear.floor}, ${r.model.clear.ratio}× the runner-up` : 'never'}, sure ${r.model.sure === true}`,
    'DEFAULT_FUSION (src/knowledge/fusion.ts):',
    JSON.stringify(r.model),
  ].join('\n');
}

if (require.main === module) {
  runCli(async () => {
    const paths = nluPaths();
    const started = process.hrtime.bigint();
    const out = process.argv.includes('--tune') ? tuningReport(paths.contentDir) : knowledgeReport(paths.contentDir, paths.intentsDir);
    process.stdout.write(`${out}\n`);
    process.stderr.write(`(${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms)\n`);
  });
}

/**
 * `npm run eval:kb`: scores the knowledge base (dialogs/knowledge.yaml) on held-out question phrasings and on
 * questions it must not answer (intents/test/knowledge/), and prints top-1 accuracy, the fallback rate and the
 * confusion between close entries. Exit code 2 on content errors.
 */
import { join } from 'node:path';
import { loadDialogContent } from '../content/loadContent';
import { KNOWLEDGE_FILE, KnowledgeIndex, loadKnowledge } from '../knowledge';
import { evaluateKnowledge, formatKnowledgeReport, KNOWLEDGE_TEST_SETS, loadKnowledgeTestSet } from '../knowledge/evaluateKnowledge';
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

if (require.main === module) {
  runCli(async () => {
    const paths = nluPaths();
    process.stdout.write(`${knowledgeReport(paths.contentDir, paths.intentsDir)}\n`);
  });
}

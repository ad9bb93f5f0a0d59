/**
 * The regression list of `npm run eval` (issue 23): the hidden-style errors found so far
 * (intents/test/regressions/regressions.yaml), each printed as right (✓) or still wrong (✗) with what the bot makes of
 * it now: replies at Solution 1 read as the dialogs read them, and knowledge questions answered, clarified or not.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { ContentError } from '../content/contentError';
import { DIALOG_ACTS, type DialogAct } from '../content/loadActs';
import { shown } from '../content/loadIntents';
import { readYamlFile } from '../content/readYaml';
import type { KnowledgeIndex } from '../knowledge';

const text = z.string().min(1);
const RegressionFileSchema = z.strictObject({
  acts: z.array(z.strictObject({ text, acts: z.array(z.enum(DIALOG_ACTS)).min(1), found: text })).default([]),
  knowledge: z.array(z.strictObject({ text, solution: text.optional(), expected: text, found: text })).default([]),
});
export type RegressionList = z.infer<typeof RegressionFileSchema>;

export const REGRESSION_FILE = join('test', 'regressions', 'regressions.yaml');

/** The regression list, its knowledge entries and solutions checked against the knowledge base. */
export function loadRegressions(intentsDir: string, knowledge: KnowledgeIndex, solutionIds: ReadonlySet<string>): RegressionList {
  const file = join(intentsDir, REGRESSION_FILE);
  const list = readYamlFile(file, RegressionFileSchema);
  list.knowledge.forEach((k, i) => {
    if (k.expected !== 'none' && !knowledge.content.entry(k.expected)) throw new ContentError(shown(file), `knowledge[${i}].expected`, `"${k.expected}" is not an entry of the knowledge base (or "none")`);
    if (k.solution && !solutionIds.has(k.solution)) throw new ContentError(shown(file), `knowledge[${i}].solution`, `"${k.solution}" is not a solution id`);
  });
  return list;
}

/** What retrieval makes of a question: an entry id, "none" (the fallback) or "did you mean a / b". */
export function knowledgeOutcome(knowledge: KnowledgeIndex, question: string, solutionId?: string): string {
  const r = knowledge.retrieve(question, { solutionId });
  if (r.kind === 'answer') return r.entry.id;
  if (r.kind === 'didYouMean') return `did you mean ${r.options.map((o) => o.id).join(' / ')}`;
  return 'none';
}

export function regressionReport(list: RegressionList, readAtStep: (text: string) => ReadonlyArray<DialogAct | 'unknown'>, knowledge: KnowledgeIndex): string {
  const out: string[] = [];
  const mark = (ok: boolean): string => (ok ? '✓' : '✗');
  let right = 0;
  for (const r of list.acts) {
    const read = readAtStep(r.text);
    const ok = read.length === r.acts.length && read.every((a, i) => a === r.acts[i]);
    if (ok) right++;
    out.push(`  ${mark(ok)} reply "${r.text}": expected ${r.acts.join(' + ')}, read ${read.length ? read.join(' + ') : 'unknown'}  (${r.found})`);
  }
  for (const k of list.knowledge) {
    const got = knowledgeOutcome(knowledge, k.text, k.solution);
    const ok = got === k.expected;
    if (ok) right++;
    const at = k.solution ? ` [at ${k.solution}]` : '';
    out.push(`  ${mark(ok)} question "${k.text}"${at}: expected ${k.expected}, got ${got}  (${k.found})`);
  }
  const n = list.acts.length + list.knowledge.length;
  return [`Regression list (intents/${REGRESSION_FILE}): ${right}/${n} right; ✗ = still wrong (open)`, ...out].join('\n');
}

/**
 * Scores the knowledge base on questions it has never seen: top-1 accuracy on held-out phrasings (answered with the
 * right entry), how often it answers wrongly, the fallback rate on questions it must not answer, and which entries
 * are confused with each other.
 */
import { join, relative } from 'node:path';
import { ContentError } from '../content/contentError';
import { readYamlFile } from '../content/readYaml';
import type { KnowledgeIndex } from './knowledgeIndex';
import { KnowledgeHeldOutFileSchema, KnowledgeUnanswerableFileSchema, type KnowledgeHeldOut, type KnowledgeUnanswerable } from './schema';

export interface KnowledgeTestSet {
  heldOut: KnowledgeHeldOut['examples'];
  unanswerable: KnowledgeUnanswerable['questions'];
}

/**
 * The held-out sets in intents/test/knowledge/: `heldout` (heldout.yaml, unanswerable.yaml: the first set, written
 * with the knowledge base) and `paraphrases` (paraphrases.yaml, paraphrases_unanswerable.yaml: issue 23's paraphrases
 * typed as people type, written before the semantic retrieval and never used for tuning), `paraphrases_v2` (branch kb2)
 * `paraphrases_v3` (branch kbv3: written blind, in five voices, while the retrieval was being changed elsewhere) and
 * `paraphrases_v4` (branch blind4: written blind in five other voices, for issue 23's before/after figures) and
 * `paraphrases_v5` (branch blind5: written blind in five more voices, the lead's end-of-day measure).
 */
export const KNOWLEDGE_TEST_SETS = ['heldout', 'paraphrases', 'paraphrases_v2', 'paraphrases_v3', 'paraphrases_v4', 'paraphrases_v5'] as const;
export type KnowledgeTestSetName = (typeof KNOWLEDGE_TEST_SETS)[number];

/** One held-out set of intents/test/knowledge/ (see KNOWLEDGE_TEST_SETS), checked against the knowledge base. */
export function loadKnowledgeTestSet(intentsDir: string, index: KnowledgeIndex, solutionIds: ReadonlySet<string>, name: KnowledgeTestSetName = 'heldout'): KnowledgeTestSet {
  const dir = join(intentsDir, 'test', 'knowledge');
  const heldOutFile = join(dir, `${name}.yaml`);
  const unanswerableFile = join(dir, name === 'heldout' ? 'unanswerable.yaml' : `${name}_unanswerable.yaml`);
  const heldOut = readYamlFile(heldOutFile, KnowledgeHeldOutFileSchema).examples;
  const unanswerable = readYamlFile(unanswerableFile, KnowledgeUnanswerableFileSchema).questions;
  const shown = (f: string): string => relative(process.cwd(), f) || f;
  const phrasings = new Set(index.content.entries.flatMap((e) => e.questions.map((q) => q.toLowerCase().replace(/[?.!\s]+$/, ''))));
  heldOut.forEach((ex, i) => {
    if (!index.content.entry(ex.entry)) throw new ContentError(shown(heldOutFile), `examples[${i}].entry`, `"${ex.entry}" is not an entry of the knowledge base`);
    if (ex.solution && !solutionIds.has(ex.solution)) throw new ContentError(shown(heldOutFile), `examples[${i}].solution`, `"${ex.solution}" is not a solution id`);
    if (phrasings.has(ex.text.toLowerCase().replace(/[?.!\s]+$/, ''))) {
      throw new ContentError(shown(heldOutFile), `examples[${i}].text`, 'is also a phrasing in the knowledge base: held-out questions must be new');
    }
  });
  unanswerable.forEach((q, i) => {
    if (q.solution && !solutionIds.has(q.solution)) throw new ContentError(shown(unanswerableFile), `questions[${i}].solution`, `"${q.solution}" is not a solution id`);
  });
  return { heldOut, unanswerable };
}

export interface KnowledgeReport {
  heldOut: number;
  /** Answered with the expected entry (no "did you mean"). */
  top1: number;
  /** The expected entry ranked first, whatever the decision (answer, did you mean, fallback). */
  rankedFirst: number;
  /** "Did you mean" offered with the expected entry among the two. */
  clarifiedWithRight: number;
  /** Of those, the expected entry was the first option: an answer would have been right (issue 23's "clearly wins"). */
  clarifiedRightFirst: number;
  /** Answered with another entry: the costly mistake. */
  wrongAnswers: Array<{ text: string; solution?: string; expected: string; got: string; confidence: number }>;
  /** Expected entry not answered (fallback or "did you mean" without it). */
  missed: Array<{ text: string; solution?: string; expected: string; decision: string; confidence: number }>;
  unanswerable: number;
  fallbacks: number;
  /** Unanswerable questions that got an answer or a "did you mean". */
  falseAnswers: Array<{ text: string; solution?: string; got: string; confidence: number }>;
  /** expected → got: how often, for pairs of entries confused (wrong answer or ranked above). */
  confusion: Array<{ expected: string; got: string; count: number }>;
}

export function evaluateKnowledge(index: KnowledgeIndex, set: KnowledgeTestSet): KnowledgeReport {
  const report: KnowledgeReport = {
    heldOut: set.heldOut.length, top1: 0, rankedFirst: 0, clarifiedWithRight: 0, clarifiedRightFirst: 0, wrongAnswers: [], missed: [],
    unanswerable: set.unanswerable.length, fallbacks: 0, falseAnswers: [], confusion: [],
  };
  const confusion = new Map<string, number>();
  for (const ex of set.heldOut) {
    const r = index.retrieve(ex.text, { solutionId: ex.solution });
    const first = r.candidates[0]?.entry.id;
    if (first === ex.entry) report.rankedFirst++;
    else if (first) confusion.set(`${ex.entry}\u0000${first}`, (confusion.get(`${ex.entry}\u0000${first}`) ?? 0) + 1);
    const where = ex.solution ? { solution: ex.solution } : {};
    if (r.kind === 'answer' && r.entry.id === ex.entry) report.top1++;
    else if (r.kind === 'answer') report.wrongAnswers.push({ text: ex.text, ...where, expected: ex.entry, got: r.entry.id, confidence: r.confidence });
    else if (r.kind === 'didYouMean' && r.options.some((o) => o.id === ex.entry)) {
      report.clarifiedWithRight++;
      if (r.options[0].id === ex.entry) report.clarifiedRightFirst++;
    }
    else report.missed.push({ text: ex.text, ...where, expected: ex.entry, decision: r.kind === 'didYouMean' ? `did you mean ${r.options.map((o) => o.id).join(' / ')}` : 'fallback', confidence: r.confidence });
  }
  for (const q of set.unanswerable) {
    const r = index.retrieve(q.text, { solutionId: q.solution });
    const where = q.solution ? { solution: q.solution } : {};
    if (r.kind === 'unknown') report.fallbacks++;
    else report.falseAnswers.push({ text: q.text, ...where, got: r.kind === 'answer' ? r.entry.id : `did you mean ${r.options.map((o) => o.id).join(' / ')}`, confidence: r.confidence });
  }
  report.confusion = [...confusion.entries()]
    .map(([key, count]) => {
      const [expected, got] = key.split('\u0000') as [string, string];
      return { expected, got, count };
    })
    .sort((a, b) => b.count - a.count);
  return report;
}

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

/**
 * Sets written blind (paraphrases_v4 and any later _v5…): their per-question results are never printed, so nobody
 * tunes on them by reading them; only their summary figures are. The older sets are development sets (v3 was written
 * blind but partly seen in stop 23, so it became one).
 */
export function isBlindSet(name: string): boolean {
  return /_v([4-9]|\d{2,})$/.test(name);
}

/** The report as text; `questions: false` prints the figures only (a blind set). */
export function formatKnowledgeReport(r: KnowledgeReport, entries: number, show: { questions: boolean } = { questions: true }): string {
  const out: string[] = [];
  out.push(`Knowledge base: ${entries} entries`);
  out.push(`Held-out questions: ${r.heldOut}`);
  out.push(`  top-1 accuracy (answered with the right entry): ${pct(r.top1, r.heldOut)} (${r.top1}/${r.heldOut})`);
  out.push(`  right entry ranked first:                       ${pct(r.rankedFirst, r.heldOut)}`);
  out.push(`  "did you mean" with the right entry:            ${pct(r.clarifiedWithRight, r.heldOut)} (${r.clarifiedWithRight}; ${r.clarifiedRightFirst} with it first)`);
  out.push(`  wrong answers:                                  ${pct(r.wrongAnswers.length, r.heldOut)} (${r.wrongAnswers.length})`);
  out.push(`  fallback / did you mean without it:             ${pct(r.missed.length, r.heldOut)} (${r.missed.length})`);
  out.push(`Questions it must not answer: ${r.unanswerable}`);
  out.push(`  fallback rate (higher is better):               ${pct(r.fallbacks, r.unanswerable)} (${r.fallbacks}/${r.unanswerable})`);
  if (!show.questions) return out.join('\n');
  const at = (s?: string): string => (s ? ` [at ${s}]` : '');
  if (r.wrongAnswers.length) {
    out.push('Wrong answers:');
    for (const w of r.wrongAnswers) out.push(`  "${w.text}"${at(w.solution)}: expected ${w.expected}, answered ${w.got} (${w.confidence.toFixed(2)})`);
  }
  if (r.missed.length) {
    out.push('Not answered:');
    for (const m of r.missed) out.push(`  "${m.text}"${at(m.solution)}: expected ${m.expected}, ${m.decision} (${m.confidence.toFixed(2)})`);
  }
  if (r.falseAnswers.length) {
    out.push('Answered although it should not be:');
    for (const f of r.falseAnswers) out.push(`  "${f.text}"${at(f.solution)}: ${f.got} (${f.confidence.toFixed(2)})`);
  }
  out.push('Confusion between entries (expected → ranked first instead):');
  if (r.confusion.length === 0) out.push('  none');
  for (const c of r.confusion) out.push(`  ${c.expected} → ${c.got}: ${c.count}`);
  return out.join('\n');
}

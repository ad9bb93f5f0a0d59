/**
 * The knowledge base: validation at load (errors name file and field), retrieval (context, explicit topic,
 * "did you mean", threshold), how questions are recognised, and the held-out quality of the real content.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadDialogContent } from '../../src/content/loadContent';
import { ContentError } from '../../src/content/contentError';
import { KnowledgeIndex, loadKnowledge, loadKnowledgeIndex } from '../../src/knowledge';
import { evaluateKnowledge, isBlindSet, KNOWLEDGE_TEST_SETS, loadKnowledgeTestSet } from '../../src/knowledge/evaluateKnowledge';
import { DEV_BUDGET } from '../../src/knowledge/chooseDecision';
import type { KnowledgeFile } from '../../src/knowledge/schema';
import { questionKind } from '../../src/nlu/isQuestion';
import { knowledgeOutcome, loadRegressions } from '../../src/cli/evalRegressions';

/** The held-out sets that are not blind: the decision's development sets. */
const DEVELOPMENT_SETS = KNOWLEDGE_TEST_SETS.filter((name) => !isBlindSet(name));

const content = loadDialogContent('dialogs');
const solutionIds = new Set(content.solutions.map((s) => s.id));
const real = (): KnowledgeFile => parse(readFileSync('dialogs/knowledge.yaml', 'utf8')) as KnowledgeFile;

function loadEdited(edit: (f: KnowledgeFile) => void): () => unknown {
  const file = real();
  edit(file);
  const path = join(mkdtempSync(join(tmpdir(), 'kb-')), 'knowledge.yaml');
  writeFileSync(path, stringify(file));
  return () => loadKnowledge(path, solutionIds);
}

describe('validation names the file and the field', () => {
  const cases: Array<{ name: string; edit: (f: KnowledgeFile) => void; field: RegExp; problem: RegExp }> = [
    { name: 'unknown solution id', edit: (f) => (f.entries[0]!.solutions = ['check_wifi']), field: /entries\[0\]\.solutions\[0\]/, problem: /"check_wifi" is not a solution id/ },
    { name: 'duplicate id', edit: (f) => (f.entries[1]!.id = f.entries[0]!.id), field: /entries\[1\]\.id/, problem: /duplicate entry id/ },
    { name: 'too few phrasings', edit: (f) => (f.entries[2]!.questions = ['how do I check']), field: /entries\[2\]\.questions/, problem: /at least 3/ },
    { name: 'bad source', edit: (f) => (f.entries[3]!.source = 'the internet'), field: /entries\[3\]\.source/, problem: /general/ },
    {
      name: 'a phrasing of a general entry claimed by another',
      edit: (f) => f.entries.find((e) => e.id === 'backup_how_long')!.questions.push('what does icloud backup failed mean'),
      field: /entries\[\d+\]\.questions\[\d+\]/,
      problem: /same as a phrasing of entry "faq_meaning"/,
    },
    { name: 'unknown topic solution', edit: (f) => (f.topics = { reset_router: ['router'] }), field: /topics\.reset_router/, problem: /not a solution id/ },
    { name: 'placeholder in an answer', edit: (f) => (f.entries[4]!.answer = 'Tap {name}'), field: /entries\[4\]\.answer/, problem: /placeholders/ },
    { name: 'unknown key', edit: (f) => ((f.entries[5] as unknown as Record<string, unknown>).colour = 'red'), field: /entries\[5\]/, problem: /colour/ },
  ];
  test.each(cases)('$name', ({ edit, field, problem }) => {
    const load = loadEdited(edit);
    expect(load).toThrow(ContentError);
    try {
      load();
    } catch (err) {
      const e = err as ContentError;
      expect(e.message).toMatch(/knowledge\.yaml/);
      expect(e.field).toMatch(field);
      expect(e.problem).toMatch(problem);
    }
  });

  test('the real knowledge base loads, with at least 60 entries, each solution covered', () => {
    const kb = loadKnowledge('dialogs/knowledge.yaml', solutionIds);
    expect(kb.entries.length).toBeGreaterThanOrEqual(60);
    for (const id of solutionIds) expect(kb.entries.filter((e) => e.solutions?.includes(id)).length).toBeGreaterThanOrEqual(3);
    for (const faq of ['faq 1', 'faq 2', 'faq 3', 'faq 4']) expect(kb.entries.some((e) => e.source === `article: ${faq}`)).toBe(true);
  });
});

describe('retrieval', () => {
  const index: KnowledgeIndex = loadKnowledgeIndex('dialogs', content);
  const answer = (q: string, solutionId?: string): string | undefined => {
    const r = index.retrieve(q, { solutionId });
    return r.kind === 'answer' ? r.entry.id : r.kind;
  };

  test('the solution in context decides a question that only makes sense there', () => {
    expect(answer('where is that?', 'reset_network_settings')).toBe('network_reset_where');
    expect(answer('where is that?', 'reset_all_settings')).toBe('reset_all_where');
    expect(answer('where is that?', 'toggle_icloud_backup')).toBe('toggle_where');
    expect(answer('where is that?', 'update_ios')).toBe('ios_how_to_update');
  });

  // The tuner once asked phrasings only from their own step, and "elsewhere" learnt to veto a word-for-word match.
  test('a clear question about another step is answered at any step; the step still decides a vague one', () => {
    for (const step of ['check_internet', 'check_storage', 'update_ios']) expect(answer('what is my Apple ID?', step)).toBe('apple_id_what_is');
    expect(answer('how do i reboot my phone', 'check_internet')).toBe('restart_iphone');
    expect(answer('where is that?', 'check_internet')).toBe('internet_wifi_where');
  });

  test('an explicit topic beats the context', () => {
    expect(index.topicOf('does reset all settings delete my photos?')).toBe('reset_all_settings');
    expect(answer('does reset all settings delete my photos?', 'toggle_icloud_backup')).toBe('reset_all_what_removes');
    expect(answer('will resetting network settings delete my photos?', 'check_storage')).toBe('network_reset_what_removes');
  });

  // A near-domain "unanswered" example about restarting once taught the model that restart questions have no answer.
  test('restarting the iPhone is answered, however it is said (synonyms fold "reboot" into restart)', () => {
    for (const q of ['how do I restart my iphone', 'how do i reboot my phone', 'how do I turn my iphone off and on again']) {
      expect(answer(q)).toBe('restart_iphone');
    }
  });

  test('the question\'s key word no phrasing nor the answer covers lowers the entry (the "uncovered" feature)', () => {
    const { features } = index.scored('can i transfer my apple id to my sister');
    const whatIs = index.content.entries.findIndex((e) => e.id === 'apple_id_what_is');
    expect(features[whatIs]!.uncovered).toBeGreaterThan(0.5);
    const covered = index.scored('what is an apple id').features[whatIs]!;
    expect(covered.uncovered).toBeLessThan(0.2);
  });

  test('two close answers without context: did you mean', () => {
    const r = index.retrieve('will this delete my photos?');
    expect(r.kind).toBe('didYouMean');
  });

  test('below the threshold: unknown', () => {
    expect(answer('how do I change my wallpaper?')).toBe('unknown');
    expect(answer('what is the capital of peru?', 'check_internet')).toBe('unknown');
    expect(answer('')).toBe('unknown');
  });

  test('held-out quality of the real knowledge base (intents/test/knowledge/)', () => {
    const report = evaluateKnowledge(index, loadKnowledgeTestSet('intents', index, solutionIds));
    expect(report.heldOut).toBeGreaterThanOrEqual(60);
    expect(report.top1 / report.heldOut).toBeGreaterThanOrEqual(0.75);
    expect(report.wrongAnswers.length / report.heldOut).toBeLessThanOrEqual(0.08);
    // 91.4 % (32/35) since the third class of near-domain `unanswered` questions and the refit (kb2).
    expect(report.fallbacks / report.unanswerable).toBeGreaterThanOrEqual(0.9);
  });

  // Issue 23's paraphrases (intents/test/knowledge/paraphrases*.yaml: typed as people type, written before the
  // semantic retrieval, never used for tuning). Targets: top-1 ≥ 90 %, wrong answers ≤ 3 %, fallback on unanswerable
  // questions ≥ 90 % (met since kb2: 46/50; its misses were seen while writing the third `unanswered` class, so the
  // clean measure is paraphrases_v2 below).
  test('issue 23 paraphrases: top-1 ≥ 90 %, wrong answers ≤ 3 %, fallback on unanswerable questions ≥ 90 %', () => {
    const report = evaluateKnowledge(index, loadKnowledgeTestSet('intents', index, solutionIds, 'paraphrases'));
    expect(report.heldOut).toBeGreaterThanOrEqual(150);
    expect(report.unanswerable).toBeGreaterThanOrEqual(40);
    expect(report.top1 / report.heldOut).toBeGreaterThanOrEqual(0.9);
    expect(report.wrongAnswers.length / report.heldOut).toBeLessThanOrEqual(0.03);
    expect(report.fallbacks / report.unanswerable).toBeGreaterThanOrEqual(0.9);
  });

  // The shipped decision was chosen on the development sets pooled (chooseDecision.ts, DEV_BUDGET): it must stay within
  // that budget with the shipped weights and knowledge base (rerun `npm run eval:kb -- --tune` after changing either).
  test('development sets pooled: the shipped decision is within its budget (≤ 2 % wrong, ≥ 92 % fallback)', () => {
    const reports = DEVELOPMENT_SETS.map((name) => evaluateKnowledge(index, loadKnowledgeTestSet('intents', index, solutionIds, name)));
    const sum = (f: (r: (typeof reports)[number]) => number): number => reports.reduce((s, r) => s + f(r), 0);
    expect(sum((r) => r.wrongAnswers.length) / sum((r) => r.heldOut)).toBeLessThanOrEqual(DEV_BUDGET.wrong);
    expect(sum((r) => r.fallbacks) / sum((r) => r.unanswerable)).toBeGreaterThanOrEqual(DEV_BUDGET.fallback);
    expect(sum((r) => r.top1) / sum((r) => r.heldOut)).toBeGreaterThanOrEqual(0.95); // 529/551 measured (v3 included since it became a development set)
  });

  // The regression list (intents/test/regressions): near-domain questions that an entry shares a word or an object
  // with must get the fallback; these two were answered before the third `unanswered` class (kb2).
  test('regression list: it loads, and the near-domain questions fixed in kb2 still get the fallback', () => {
    const list = loadRegressions('intents', index, solutionIds);
    expect(list.acts.length + list.knowledge.length).toBeGreaterThanOrEqual(10);
    expect(knowledgeOutcome(index, 'can i merge two apple ids')).toBe('none');
    expect(knowledgeOutcome(index, 'why is my iphone storage full of system data')).toBe('none');
    expect(knowledgeOutcome(index, 'how do i reboot my iphone')).toBe('restart_iphone');
  });

  // The second paraphrase set (paraphrases_v2*.yaml, branch kb2: written before the kb2 change, only its summary
  // figures looked at, in kb too). Its top-1 was below the target (86.7 %, 39/45) until branch kb (more phrasings,
  // the answer text as a field, thresholds by cross-validation): 95.6 % (43/45). All three targets now asserted.
  test('second paraphrase set: top-1 ≥ 90 %, wrong answers ≤ 3 %, fallback ≥ 90 %', () => {
    const report = evaluateKnowledge(index, loadKnowledgeTestSet('intents', index, solutionIds, 'paraphrases_v2'));
    expect(report.heldOut + report.unanswerable).toBeGreaterThanOrEqual(60);
    expect(report.top1 / report.heldOut).toBeGreaterThanOrEqual(0.9);
    expect(report.wrongAnswers.length / report.heldOut).toBeLessThanOrEqual(0.03);
    expect(report.fallbacks / report.unanswerable).toBeGreaterThanOrEqual(0.9);
  });
});

describe('questionKind: a question is never an answer', () => {
  test.each([
    ["how do I check the connection's speed", 'asks'],
    ['what if my wifi is just slow', 'asks'],
    ['can I use mobile data instead', 'asks'],
    ['is it safe', 'asks'],
    ['will it delete my photos', 'asks'],
    ['does it remove my wifi passwords', 'asks'],
    ["I don't see Reset", 'asks'],
    ['sign out is greyed out', 'asks'],
    ['not sure where that is', 'asks'],
    ['no, where is that?', 'tag'],
    ['it now says not enough storage?', 'rising'],
    ['it now says not enough storage', 'none'],
    ['still failing, what now?', 'none'],
    ["didn't work", 'none'],
    ["I can't back up", 'none'],
    ['yes', 'none'],
  ])('"%s" → %s', (text, kind) => {
    expect(questionKind(text)).toBe(kind);
  });
});

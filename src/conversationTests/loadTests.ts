/**
 * Reads dialogs/tests/*.yaml, validates them against the schema (and, given the content and knowledge base, checks
 * that the solutions, prompts and knowledge-base entries they name exist) and keeps the line of every test, turn and
 * expectation for error messages.
 */
import { existsSync, readdirSync } from 'node:fs';
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/levenshtein_distance';
import { basename, dirname, join, relative } from 'node:path';
import type { DialogContent } from '../content/loadContent';
import { isLanguage, type Language } from '../content/i18n/languages';
import type { KnowledgeBaseContent } from '../knowledge';
import { promptNames } from './expectations';
import { formatPath } from '../content/readYaml';
import { locateYaml } from '../content/sourceLines';
import { ConversationTestFileSchema, type ConversationTest, type Turn } from './schema';

interface LocatedTurn {
  turn: Turn;
  /** Line of the turn's first key. */
  line: number;
  /** Line of each expectation key of the turn. */
  lines: Partial<Record<keyof Turn, number>>;
}

export interface LocatedTest {
  test: ConversationTest;
  /** The language of the test: its folder's (dialogs/tests/es/ → es); dialogs/tests/*.yaml are English. */
  language: Language;
  file: string;
  line: number;
  turns: LocatedTurn[];
}

/** A problem in a test file, at FILE:LINE. */
export interface TestFileProblem {
  file: string;
  line: number;
  message: string;
}

export function formatProblem(p: TestFileProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

const YAML_FILE = /\.ya?ml$/;

/** The test files of a folder, sorted (README and other non-YAML files are ignored). */
function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => YAML_FILE.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Reads one test file. Problems (syntax, schema, unknown names) are returned, not thrown. */
export function loadTestFile(
  path: string,
  content?: DialogContent,
  knowledge?: KnowledgeBaseContent,
  language: Language = 'en',
): { tests: LocatedTest[]; problems: TestFileProblem[] } {
  const file = relative(process.cwd(), path) || path;
  const located = locateYaml(path);
  const problems: TestFileProblem[] = [];
  if (located.doc.errors.length > 0) {
    for (const err of located.doc.errors) {
      problems.push({ file, line: err.linePos?.[0]?.line ?? 1, message: `not valid YAML: ${err.message.split('\n')[0]}` });
    }
    return { tests: [], problems };
  }
  const parsed = ConversationTestFileSchema.safeParse(located.doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = formatPath(issue.path);
      // `answers:` named dialogs/answers.yaml, whose answers people no longer see: say what replaces it.
      const hint = issue.code === 'unrecognized_keys' && issue.keys.includes('answers') ? ' ("answers:" is now "answered: <entry id of dialogs/knowledge.yaml>")' : '';
      problems.push({ file, line: located.lineOf(issue.path), message: `${field ? `field "${field}": ` : ''}${issue.message}${hint}` });
    }
    return { tests: [], problems };
  }
  const tests = parsed.data.tests.map((test, t): LocatedTest => ({
    test,
    language,
    file,
    line: located.lineOf(['tests', t]),
    turns: test.turns.map((turn, i) => {
      const lines: LocatedTurn['lines'] = {};
      for (const key of Object.keys(turn) as (keyof Turn)[]) lines[key] = located.lineOf(['tests', t, 'turns', i, key]);
      return { turn, line: located.lineOf(['tests', t, 'turns', i]), lines };
    }),
  }));
  if (content) problems.push(...checkNames(tests, content, knowledge));
  return { tests, problems };
}

/** Every test file of a folder (its tests in `language`). */
function loadTests(
  dir: string,
  content?: DialogContent,
  knowledge?: KnowledgeBaseContent,
  language: Language = 'en',
): { tests: LocatedTest[]; problems: TestFileProblem[] } {
  const tests: LocatedTest[] = [];
  const problems: TestFileProblem[] = [];
  for (const path of testFiles(dir)) {
    const one = loadTestFile(path, content, knowledge, language);
    tests.push(...one.tests);
    problems.push(...one.problems);
  }
  return { tests, problems };
}

/** The language a test file is written in: its folder's (dialogs/tests/es/x.yaml → es), else English. */
export function languageOfTestFile(path: string): Language {
  const folder = basename(dirname(path));
  return isLanguage(folder) ? folder : 'en';
}

/**
 * The tests of every language: dialogs/tests/*.yaml (English) and dialogs/tests/<lang>/*.yaml for each folder named
 * after a language the bot speaks, each checked against that language's content and knowledge base.
 */
export function loadTestsInEveryLanguage(
  dir: string,
  contentIn?: (language: Language) => DialogContent,
  knowledgeIn?: (language: Language) => KnowledgeBaseContent | undefined,
): { tests: LocatedTest[]; problems: TestFileProblem[] } {
  const folders = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && isLanguage(d.name) && d.name !== 'en') : [];
  const languages: Language[] = ['en', ...folders.map((d) => d.name as Language).sort()];
  const all = languages.map((language) => loadTests(language === 'en' ? dir : join(dir, language), contentIn?.(language), knowledgeIn?.(language), language));
  return { tests: all.flatMap((one) => one.tests), problems: all.flatMap((one) => one.problems) };
}

/**
 * Solutions, prompts and knowledge-base entries named in the tests must exist in the content (entries are checked
 * when the knowledge base is given: when it does not load, that is the problem reported).
 */
function checkNames(tests: LocatedTest[], content: DialogContent, knowledge: KnowledgeBaseContent | undefined): TestFileProblem[] {
  const problems: TestFileProblem[] = [];
  const solutionIds = content.solutions.map((s) => s.id);
  const prompts = promptNames(content);
  for (const { file, turns } of tests) {
    for (const { turn, lines } of turns) {
      const at = (key: keyof Turn, message: string): void => void problems.push({ file, line: lines[key] ?? 1, message });
      if (typeof turn.solution === 'string' && turn.solution !== 'none' && !content.solution(turn.solution)) {
        at('solution', `"${turn.solution}" is not a solution id in dialogs/solutions.yaml (known: ${solutionIds.join(', ')})`);
      }
      if (typeof turn.solution === 'number' && !content.solutions.some((s) => s.number === turn.solution)) {
        at('solution', `there is no solution number ${turn.solution} in dialogs/solutions.yaml`);
      }
      if (turn.skipped && !content.solution(turn.skipped)) at('skipped', `"${turn.skipped}" is not a solution id in dialogs/solutions.yaml`);
      for (const id of Object.keys(turn.agentSees ?? {})) {
        if (!content.solution(id)) at('agentSees', `"${id}" is not a solution id in dialogs/solutions.yaml`);
      }
      for (const name of [turn.prompt ?? []].flat()) {
        if (!prompts.includes(name)) at('prompt', `"${name}" is not a prompt in dialogs/prompts.yaml (known: ${prompts.join(', ')})`);
      }
      if (typeof turn.answered === 'string' && knowledge) {
        if (!knowledge.entry(turn.answered)) at('answered', `"${turn.answered}" is not an entry id in dialogs/knowledge.yaml${closest(turn.answered, knowledge)}`);
      }
    }
  }
  return problems;
}

/** ' (did you mean "faq_without_icloud"?)' for a near miss, '' otherwise. */
function closest(id: string, knowledge: KnowledgeBaseContent): string {
  const ids = knowledge.entries.map((e) => e.id);
  const near = ids.find((known) => known.startsWith(id) || id.startsWith(known)) ?? ids.find((known) => DamerauLevenshteinDistance(known, id, { restricted: true }) <= 2);
  return near ? ` (did you mean "${near}"?)` : '';
}

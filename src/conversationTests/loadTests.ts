/**
 * Reads dialogs/tests/*.yaml, validates them against the schema (and, given the content, checks that the solutions,
 * prompts and answers they name exist) and keeps the line of every test, turn and expectation for error messages.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DialogContent } from '../content/loadContent';
import { formatPath } from '../content/readYaml';
import { locateYaml } from '../content/sourceLines';
import { ConversationTestFileSchema, type ConversationTest, type Turn } from './schema';

export interface LocatedTurn {
  turn: Turn;
  /** Line of the turn's first key. */
  line: number;
  /** Line of each expectation key of the turn. */
  lines: Partial<Record<keyof Turn, number>>;
}

export interface LocatedTest {
  test: ConversationTest;
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
export function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => YAML_FILE.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Reads one test file. Problems (syntax, schema, unknown names) are returned, not thrown. */
export function loadTestFile(path: string, content?: DialogContent): { tests: LocatedTest[]; problems: TestFileProblem[] } {
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
      problems.push({ file, line: located.lineOf(issue.path), message: `${field ? `field "${field}": ` : ''}${issue.message}` });
    }
    return { tests: [], problems };
  }
  const tests = parsed.data.tests.map((test, t): LocatedTest => ({
    test,
    file,
    line: located.lineOf(['tests', t]),
    turns: test.turns.map((turn, i) => {
      const lines: LocatedTurn['lines'] = {};
      for (const key of Object.keys(turn) as (keyof Turn)[]) lines[key] = located.lineOf(['tests', t, 'turns', i, key]);
      return { turn, line: located.lineOf(['tests', t, 'turns', i]), lines };
    }),
  }));
  if (content) problems.push(...checkNames(tests, content));
  return { tests, problems };
}

/** Every test file of a folder. */
export function loadTests(dir: string, content?: DialogContent): { tests: LocatedTest[]; problems: TestFileProblem[] } {
  const tests: LocatedTest[] = [];
  const problems: TestFileProblem[] = [];
  for (const path of testFiles(dir)) {
    const one = loadTestFile(path, content);
    tests.push(...one.tests);
    problems.push(...one.problems);
  }
  return { tests, problems };
}

/** Solutions, prompts and answers named in the tests must exist in the content. */
function checkNames(tests: LocatedTest[], content: DialogContent): TestFileProblem[] {
  const problems: TestFileProblem[] = [];
  const solutionIds = content.solutions.map((s) => s.id);
  const promptNames = Object.keys(content.prompts).filter((k) => k !== 'examples' && k !== 'buttons');
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
      for (const name of [turn.prompt ?? []].flat()) {
        if (!promptNames.includes(name)) at('prompt', `"${name}" is not a prompt in dialogs/prompts.yaml (known: ${promptNames.join(', ')})`);
      }
      if (turn.answers && !content.answerFor(turn.answers)) at('answers', `"${turn.answers}" has no answer in dialogs/answers.yaml`);
    }
  }
  return problems;
}

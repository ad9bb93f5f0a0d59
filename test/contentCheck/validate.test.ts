/**
 * `npm run validate` on copies of the real content, each broken on purpose: every problem is reported with the
 * file and line, and the exit code says whether there are errors.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runValidate } from '../../src/cli/validate';
import { formatProblemLine } from '../../src/contentCheck/problem';
import { validateContent } from '../../src/contentCheck/validateContent';

let root: string;
let dialogs: string;
let intents: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'validate-'));
  dialogs = join(root, 'dialogs');
  intents = join(root, 'intents');
  cpSync('dialogs', dialogs, { recursive: true });
  cpSync('intents', intents, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Replaces text in a copied file (the text must be there, so a change in the real content can't silently void a test). */
function edit(file: string, from: string | RegExp, to: string): void {
  const before = readFileSync(file, 'utf8');
  const after = before.replace(from, to);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
}

/** The 1-based line of the first line containing `text`. */
function lineOf(file: string, text: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

function problems(): string[] {
  return validateContent({ contentDir: dialogs, intentsDir: intents }).map(formatProblemLine);
}

test('the real content has no errors, and the command exits 0', () => {
  const out: string[] = [];
  expect(runValidate(['--dialogs', dialogs, '--intents', intents], {}, (l) => out.push(l))).toBe(0);
  expect(out.filter((l) => / error: /.test(l))).toEqual([]);
  expect(out[out.length - 1]).toMatch(/^Content OK: \d+ files checked in \d+ ms, 0 errors/);
});

test('a missing field is reported at its line, and the command exits 1', () => {
  const file = join(dialogs, 'solutions.yaml');
  edit(file, '    title: Check the Internet Connection\n', '');
  const line = lineOf(file, 'id: check_internet');
  const out: string[] = [];
  expect(runValidate(['--dialogs', dialogs, '--intents', intents], {}, (l) => out.push(l))).toBe(1);
  expect(out.join('\n')).toMatch(new RegExp(`solutions\\.yaml:${line}: error: field "solutions\\[1\\]\\.title": .*expected string`));
});

test('broken YAML is reported at its line', () => {
  const file = join(dialogs, 'prompts.yaml');
  edit(file, 'didItWork: Did that fix your backup?', 'didItWork: "Did that fix your backup?');
  expect(problems().join('\n')).toMatch(/prompts\.yaml:\d+: error: not valid YAML/);
  const line = Number(/prompts\.yaml:(\d+): error: not valid YAML/.exec(problems().join('\n'))![1]);
  expect(line).toBeGreaterThanOrEqual(lineOf(file, 'didItWork:'));
});

test('a cross-file error of the loaders (unknown solution id) is placed at the field', () => {
  const file = join(dialogs, 'causes.yaml');
  edit(file, 'solution: check_internet', 'solution: check_wifi');
  expect(problems()).toContainEqual(
    expect.stringMatching(new RegExp(`causes\\.yaml:${lineOf(file, 'solution: check_wifi')}: error: field "causes\\[1\\]\\.solution": "check_wifi" is not a solution id`)),
  );
});

test('an utterance in two intents is reported at the second one (files in alphabetical order), naming the first', () => {
  const first = join(intents, 'train', 'network_unstable.yaml');
  edit(first, /utterances:\n/, 'utterances:\n  - icloud storage is full and now the backup wont work\n');
  const firstLine = lineOf(first, 'icloud storage is full and now');
  expect(problems()).toContainEqual(
    expect.stringMatching(new RegExp(`storage_full\\.yaml:8: error: .*also an utterance of intent "network_unstable" \\(.*network_unstable\\.yaml:${firstLine}\\)`)),
  );
});

test('a held-out example that is also a training utterance is reported', () => {
  const file = join(intents, 'test', 'heldout.yaml');
  edit(file, /examples:\n/, 'examples:\n  - { text: "My iCloud is full!", route: storage_full }\n');
  expect(problems()).toContainEqual(
    expect.stringMatching(new RegExp(`heldout\\.yaml:${lineOf(file, 'My iCloud is full!')}: error: held-out example "My iCloud is full!" is also a training utterance of "storage_full"`)),
  );
});

test.each([
  ['TODO', 'TODO check this on iOS 18'],
  ['TBD', 'Path TBD'],
  ['lorem ipsum', 'Lorem ipsum dolor sit amet'],
  ['"xxx"', 'Call xxx for help'],
  ['an unresolved {{…}} placeholder', 'Call {{SUPPORT_PHONE}}'],
])('placeholder text (%s) is an error at its line', (what, text) => {
  const file = join(dialogs, 'answers.yaml');
  edit(file, 'question: Can I back up my iPhone without iCloud?', `question: ${text}`);
  expect(problems()).toContainEqual(expect.stringContaining(`answers.yaml:${lineOf(file, text)}: error: placeholder text (${what})`));
});

test('a cause without training data is reported at the cause', () => {
  const file = join(dialogs, 'causes.yaml');
  edit(file, /causes:\n/, 'causes:\n  - id: date_time_wrong\n    name: Wrong date\n    topic: the date\n    explanation: A wrong date breaks it.\n    solution: check_internet\n');
  expect(problems()).toContainEqual(expect.stringMatching(new RegExp(`causes\\.yaml:${lineOf(file, 'id: date_time_wrong')}: error: cause "date_time_wrong" has no training data`)));
});

test('a solution no walk reaches is reported', () => {
  // Without the generic "my backup failed" walk (which starts at Solution 1), and with the storage cause pointing
  // at Solution 2, nothing leads to Solution 1.
  rmSync(join(intents, 'train', 'backup_failed.yaml'));
  edit(join(intents, 'test', 'heldout.yaml'), /^.*route: backup_failed.*\n/gm, '');
  edit(join(dialogs, 'answers.yaml'), / {2}- intent: backup_failed\n[\s\S]*?\n\n/, '');
  edit(join(dialogs, 'causes.yaml'), 'solution: check_storage', 'solution: check_internet');
  const file = join(dialogs, 'solutions.yaml');
  expect(problems()).toContainEqual(expect.stringMatching(new RegExp(`solutions\\.yaml:${lineOf(file, 'id: check_storage')}: error: solution "check_storage" is never shown`)));
});

test('a conversation test naming an unknown solution is reported at its line', () => {
  const file = join(dialogs, 'tests', 'example.yaml');
  edit(file, 'solution: check_internet', 'solution: check_wifi');
  expect(problems()).toContainEqual(expect.stringMatching(new RegExp(`example\\.yaml:${lineOf(file, 'solution: check_wifi')}: error: "check_wifi" is not a solution id`)));
});

describe('the knowledge base (dialogs/knowledge.yaml) is checked with the loader the bot uses', () => {
  const kb = (): string => join(dialogs, 'knowledge.yaml');

  test('an entry bound to an unknown solution is reported at that line, and the command exits 1', () => {
    edit(kb(), '  - id: storage_what_uses\n    title: What is using my iCloud storage?\n    solutions: [check_storage]', '  - id: storage_what_uses\n    title: What is using my iCloud storage?\n    solutions: [check_wifi]');
    const line = lineOf(kb(), 'solutions: [check_wifi]');
    expect(problems()).toContainEqual(
      expect.stringMatching(new RegExp(`knowledge\\.yaml:${line}: error: field "entries\\[1\\]\\.solutions\\[0\\]": "check_wifi" is not a solution id`)),
    );
    const out: string[] = [];
    expect(runValidate(['--dialogs', dialogs, '--intents', intents], {}, (l) => out.push(l))).toBe(1);
  });

  test('a duplicate entry id is reported at the second one', () => {
    edit(kb(), '  - id: storage_what_uses\n', '  - id: storage_how_to_check\n');
    const line = readFileSync(kb(), 'utf8').split('\n').findIndex((l, i, all) => l.includes('- id: storage_how_to_check') && all.slice(0, i).some((x) => x.includes('- id: storage_how_to_check'))) + 1;
    expect(line).toBeGreaterThan(1);
    expect(problems()).toContainEqual(expect.stringMatching(new RegExp(`knowledge\\.yaml:${line}: error: field "entries\\[1\\]\\.id": duplicate entry id "storage_how_to_check"`)));
  });

  test('schema problems: every one at its line (an entry without its answer, one with too few phrasings)', () => {
    edit(kb(), /( {2}- id: storage_what_uses\n[\s\S]*?) {4}answer: >-\n( {6}.*\n)+/, '$1');
    edit(kb(), /( {2}- id: storage_free_up\n[\s\S]*? {4}questions:\n)(( {6}(?:- |# ).*\n)+)/, '$1      - how do I free up space\n');
    const found = problems();
    expect(found).toContainEqual(expect.stringMatching(new RegExp(`knowledge\\.yaml:${lineOf(kb(), '- id: storage_what_uses')}: error: field "entries\\[1\\]\\.answer"`)));
    expect(found).toContainEqual(expect.stringMatching(new RegExp(`knowledge\\.yaml:${lineOf(kb(), '- how do I free up space')}: error: field "entries\\[2\\]\\.questions": needs at least 3 question phrasings`)));
  });

  test('placeholders and broken YAML are reported at their line', () => {
    edit(kb(), 'title: What is using my iCloud storage?', 'title: TBD');
    expect(problems()).toContainEqual(expect.stringContaining(`knowledge.yaml:${lineOf(kb(), 'title: TBD')}: error: placeholder text (TBD)`));
    writeFileSync(kb(), 'entries:\n  - id: a\n    title: "unclosed\n');
    expect(problems()).toContainEqual(expect.stringMatching(/knowledge\.yaml:\d+: error: not valid YAML/));
  });

  test('a held-out question naming an entry the knowledge base does not have is reported at its line', () => {
    const file = join(intents, 'test', 'knowledge', 'heldout.yaml');
    edit(file, '{ text: "how do I look at how full my icloud is?", entry: storage_how_to_check }', '{ text: "how do I look at how full my icloud is?", entry: storage_how_to_chek }');
    expect(problems()).toContainEqual(expect.stringMatching(new RegExp(`heldout\\.yaml:${lineOf(file, 'storage_how_to_chek')}: error: field "examples\\[0\\]\\.entry": "storage_how_to_chek" is not an entry`)));
  });

  test('a conversation test naming an entry the knowledge base does not have is reported at its line', () => {
    const file = join(dialogs, 'tests', 'questions.yaml');
    edit(file, 'answered: faq_without_icloud', 'answered: faq_without_cloud');
    expect(problems()).toContainEqual(
      expect.stringContaining(`questions.yaml:${lineOf(file, 'answered: faq_without_cloud')}: error: "faq_without_cloud" is not an entry id in dialogs/knowledge.yaml (did you mean "faq_without_icloud"?)`),
    );
  });
});

test('a bad reply word in intents/replies.yaml is reported at its line', () => {
  const file = join(intents, 'replies.yaml');
  edit(file, 'starts: [no, nope,', 'starts: [No!, nope,');
  const line = lineOf(file, 'starts: [No!, nope,');
  expect(problems().join('\n')).toMatch(new RegExp(`replies\\.yaml:${line}: error: field "no\\.starts\\[0\\]": must be lower case words`));
});

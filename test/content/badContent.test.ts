/**
 * Table-driven bad-file cases: copy the real dialogs/ files into a temp dir, break one thing, and check that
 * loadDialogContent throws a ContentError naming the file and the field.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import type { z } from 'zod';
import { ContentError } from '../../src/content/contentError';
import { CONTENT_FILES, loadDialogContent } from '../../src/content/loadContent';
import type {
  AnswersFileSchema,
  CausesFileSchema,
  PromptsFileSchema,
  Solution,
  SolutionsFileSchema,
} from '../../src/content/schema';

const DIALOGS = join(__dirname, '..', '..', 'dialogs');
const FIXTURES = join(__dirname, 'fixtures');

interface Files {
  causes: z.infer<typeof CausesFileSchema>;
  solutions: z.infer<typeof SolutionsFileSchema>;
  answers: z.infer<typeof AnswersFileSchema>;
  prompts: z.infer<typeof PromptsFileSchema>;
}
type FileKey = keyof Files;

interface BadCase {
  name: string;
  /** Changes the parsed files; the changed files are written back as YAML. */
  mutate?: (files: Files) => void;
  /** Replaces a file with a fixture from test/content/fixtures/ (raw text, e.g. invalid YAML). */
  fixture?: { file: FileKey; name: string };
  /** Deletes a file. */
  remove?: FileKey;
  knownIntents?: ReadonlySet<string>;
  file: FileKey;
  field: string | ((files: Files) => string);
  problem: RegExp;
}

function sol(files: Files, id: string): Solution {
  const found = files.solutions.solutions.find((s) => s.id === id);
  if (!found) throw new Error(`no solution ${id}`);
  return found;
}

const INTENTS_WITHOUT = (...missing: string[]): ReadonlySet<string> => {
  const all = [
    'storage_full', 'network_unstable', 'apple_id', 'ios_outdated', 'network_settings', 'backup_corrupted', 'software_glitch',
    'backup_failed', 'faq_meaning', 'faq_without_icloud',
    'ask_data_loss', 'ask_where_settings', 'ask_cant_find', 'ask_apple_id', 'ask_passcode', 'ask_backup_now',
    'greeting', 'thanks', 'deny', 'affirm', 'repeat', 'where_was_i', 'go_back', 'skip', 'walk_through',
  ];
  return new Set(all.filter((i) => !missing.includes(i)));
};

const CASES: BadCase[] = [
  {
    name: 'invalid YAML',
    fixture: { file: 'prompts', name: 'invalid-yaml.yaml' },
    file: 'prompts',
    field: '',
    problem: /is not valid YAML at line 5, column 1/,
  },
  {
    name: 'a duplicated YAML key',
    fixture: { file: 'prompts', name: 'duplicate-key.yaml' },
    file: 'prompts',
    field: '',
    problem: /is not valid YAML at line 4.*unique/,
  },
  {
    name: 'a missing file',
    remove: 'answers',
    file: 'answers',
    field: '',
    problem: /cannot be read \(ENOENT\)/,
  },
  {
    name: 'a missing required field (solution title)',
    mutate: (f) => {
      delete (sol(f, 'update_ios') as Partial<Solution>).title;
    },
    file: 'solutions',
    field: 'solutions[3].title',
    problem: /expected string/,
  },
  {
    name: 'a missing prompt',
    mutate: (f) => {
      delete (f.prompts.prompts as Partial<Files['prompts']['prompts']>).didItWork;
    },
    file: 'prompts',
    field: 'prompts.didItWork',
    problem: /expected string/,
  },
  {
    name: 'an empty step text',
    mutate: (f) => {
      sol(f, 'check_internet').steps[1]!.text = '   ';
    },
    file: 'solutions',
    field: 'solutions[1].steps[1].text',
    problem: /must not be empty/,
  },
  {
    name: 'an unknown field',
    mutate: (f) => {
      Object.assign(sol(f, 'check_storage'), { colour: 'red' });
    },
    file: 'solutions',
    field: 'solutions[0]',
    problem: /colour/,
  },
  {
    name: 'an id that is not snake_case',
    mutate: (f) => {
      f.causes.causes[0]!.id = 'Storage-Full';
    },
    file: 'causes',
    field: 'causes[0].id',
    problem: /snake_case/,
  },
  {
    name: 'a cause pointing to an unknown solution',
    mutate: (f) => {
      f.causes.causes[1]!.solution = 'check_wifi';
    },
    file: 'causes',
    field: 'causes[1].solution',
    problem: /"check_wifi" is not a solution id in solutions\.yaml/,
  },
  {
    name: 'a duplicate cause id',
    mutate: (f) => {
      f.causes.causes[6]!.id = 'backup_corrupted';
    },
    file: 'causes',
    field: 'causes[6].id',
    problem: /duplicate cause id "backup_corrupted"/,
  },
  {
    name: 'a duplicate solution id',
    mutate: (f) => {
      sol(f, 'reset_all_settings').id = 'reset_network_settings';
    },
    file: 'solutions',
    field: 'solutions[6].id',
    problem: /duplicate solution id "reset_network_settings"/,
  },
  {
    name: 'solution numbers out of order',
    mutate: (f) => {
      sol(f, 'update_ios').number = 3;
    },
    file: 'solutions',
    field: 'solutions[3].number',
    problem: /greater than the previous solution's number \(3\)/,
  },
  {
    name: 'two final solutions',
    mutate: (f) => {
      sol(f, 'verify_apple_id').final = true;
    },
    file: 'solutions',
    field: 'solutions[7].final',
    problem: /exactly one solution may have "final: true" \(found 2: verify_apple_id, contact_apple_support\)/,
  },
  {
    name: 'no final solution',
    mutate: (f) => {
      delete sol(f, 'contact_apple_support').final;
    },
    file: 'solutions',
    field: 'solutions[7].final',
    problem: /exactly one solution must have "final: true" \(none has\)/,
  },
  {
    name: 'a final solution that is not the last',
    mutate: (f) => {
      delete sol(f, 'contact_apple_support').final;
      sol(f, 'reset_all_settings').final = true;
    },
    file: 'solutions',
    field: 'solutions[6].final',
    problem: /must be the last one/,
  },
  {
    name: 'a destructive solution without a warning',
    mutate: (f) => {
      delete sol(f, 'reset_network_settings').warning;
    },
    file: 'solutions',
    field: 'solutions[4].warning',
    problem: /required because the solution has "confirm"/,
  },
  {
    name: 'a placeholder in solution text',
    mutate: (f) => {
      sol(f, 'check_storage').steps[0]!.text = 'Go to Settings > {name} > iCloud.';
    },
    file: 'solutions',
    field: 'solutions[0].steps[0].text',
    problem: /contains \{name\}, but placeholders are only filled in prompts\.yaml/,
  },
  {
    name: 'an unknown placeholder',
    mutate: (f) => {
      f.prompts.prompts.didItWork = 'Did {solution} fix your backup?';
    },
    file: 'prompts',
    field: 'prompts.didItWork',
    problem: /unknown placeholder \{solution\} \(this text takes no placeholders\)/,
  },
  {
    name: 'a placeholder used in the wrong prompt',
    mutate: (f) => {
      f.prompts.prompts.nextSolution = 'Next up: {title}. {why}';
    },
    file: 'prompts',
    field: 'prompts.nextSolution',
    problem: /unknown placeholder \{title\} \(allowed here: \{why\}\)/,
  },
  {
    name: 'a mistyped placeholder',
    mutate: (f) => {
      f.prompts.prompts.solutionIntro = "Let's try Solution {number}: { title }.";
    },
    file: 'prompts',
    field: 'prompts.solutionIntro',
    problem: /unknown placeholder \{ title \}/,
  },
  {
    name: 'a placeholder in a button label',
    mutate: (f) => {
      f.prompts.prompts.buttons.yes = 'Yes, {name} worked';
    },
    file: 'prompts',
    field: 'prompts.buttons.yes',
    problem: /unknown placeholder \{name\}/,
  },
  {
    name: 'a placeholder in an example',
    mutate: (f) => {
      f.prompts.prompts.examples[2] = 'My {a} is full';
    },
    file: 'prompts',
    field: 'prompts.examples[2]',
    problem: /unknown placeholder \{a\}/,
  },
  {
    name: 'a prompt that lost its required placeholder',
    mutate: (f) => {
      f.prompts.prompts.stepOf = 'Step {index} of {total}.';
    },
    file: 'prompts',
    field: 'prompts.stepOf',
    problem: /must contain the placeholder \{text\}/,
  },
  {
    name: 'a duplicate answer intent',
    mutate: (f) => {
      f.answers.answers.push({ ...f.answers.answers[0]!, question: 'What is a failed backup?' });
    },
    file: 'answers',
    field: (f) => `answers[${f.answers.answers.length - 1}].intent`,
    problem: /duplicate answer for intent "faq_meaning"/,
  },
  {
    name: 'a perSolution key that is not a solution',
    mutate: (f) => {
      const answer = f.answers.answers.find((a) => a.intent === 'ask_passcode')!;
      answer.perSolution = { ...answer.perSolution, reset_router: 'Unplug it.' };
    },
    file: 'answers',
    field: (f) => `answers[${f.answers.answers.findIndex((a) => a.intent === 'ask_passcode')}].perSolution.reset_router`,
    problem: /"reset_router" is not a solution id/,
  },
  {
    name: 'an answer intent that is not a known intent',
    knownIntents: INTENTS_WITHOUT('ask_passcode'),
    file: 'answers',
    field: (f) => `answers[${f.answers.answers.findIndex((a) => a.intent === 'ask_passcode')}].intent`,
    problem: /"ask_passcode" is not an intent \(add intents\/train\/ask_passcode\.yaml\)/,
  },
  {
    name: 'a cause that is not a known intent',
    knownIntents: INTENTS_WITHOUT('ios_outdated'),
    file: 'causes',
    field: 'causes[3].id',
    problem: /"ios_outdated" is not an intent/,
  },
  {
    name: 'a small-talk intent that is not a known intent',
    knownIntents: INTENTS_WITHOUT('thanks'),
    file: 'prompts',
    field: 'smallTalk.thanks',
    problem: /"thanks" is not an intent/,
  },
  {
    name: 'a small-talk reply that is not a prompt',
    mutate: (f) => {
      f.prompts.smallTalk!['greeting'] = { reply: 'helo' };
    },
    file: 'prompts',
    field: 'smallTalk.greeting.reply',
    problem: /"helo" is not a prompt without placeholders/,
  },
  {
    name: 'a small-talk reply that takes placeholders',
    mutate: (f) => {
      f.prompts.smallTalk!['thanks'] = { reply: 'clarify' };
    },
    file: 'prompts',
    field: 'smallTalk.thanks.reply',
    problem: /"clarify" is not a prompt without placeholders/,
  },
];

describe('loadDialogContent rejects bad content', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dialogs-'));
    for (const name of Object.values(CONTENT_FILES)) copyFileSync(join(DIALOGS, name), join(dir, name));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function readFiles(): Files {
    const read = (key: FileKey): unknown => parse(readFileSync(join(dir, CONTENT_FILES[key]), 'utf8'));
    return {
      causes: read('causes') as Files['causes'],
      solutions: read('solutions') as Files['solutions'],
      answers: read('answers') as Files['answers'],
      prompts: read('prompts') as Files['prompts'],
    };
  }

  it('accepts the unchanged copy (so every failure below is caused by the one change)', () => {
    expect(() => loadDialogContent(dir, { knownIntents: INTENTS_WITHOUT() })).not.toThrow();
  });

  it('accepts the copy after a YAML round trip (so the mutations below only change what they mean to)', () => {
    const files = readFiles();
    for (const key of Object.keys(files) as FileKey[]) writeFileSync(join(dir, CONTENT_FILES[key]), stringify(files[key]));
    expect(() => loadDialogContent(dir)).not.toThrow();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, bad) => {
    const files = readFiles();
    if (bad.mutate) {
      bad.mutate(files);
      for (const key of Object.keys(files) as FileKey[]) writeFileSync(join(dir, CONTENT_FILES[key]), stringify(files[key]));
    }
    if (bad.fixture) copyFileSync(join(FIXTURES, bad.fixture.name), join(dir, CONTENT_FILES[bad.fixture.file]));
    if (bad.remove) unlinkSync(join(dir, CONTENT_FILES[bad.remove]));

    let error: unknown;
    try {
      loadDialogContent(dir, bad.knownIntents ? { knownIntents: bad.knownIntents } : {});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ContentError);
    const contentError = error as ContentError;
    const field = typeof bad.field === 'function' ? bad.field(files) : bad.field;
    expect(resolve(contentError.file)).toBe(join(dir, CONTENT_FILES[bad.file]));
    expect(contentError.field).toBe(field);
    expect(contentError.problem).toMatch(bad.problem);
    // The message people see names both the file and the field.
    expect(contentError.message).toContain(CONTENT_FILES[bad.file]);
    if (field) expect(contentError.message).toContain(`field "${field}"`);
  });
});

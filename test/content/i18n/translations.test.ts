import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { LANGUAGE_NAMES, languageOfLocale, SUPPORTED_LANGUAGES, TRANSLATED_LANGUAGES } from '../../../src/content/i18n/languages';
import { readLocalizedYamlFile } from '../../../src/content/i18n/localize';
import { syncTranslationFile } from '../../../src/content/i18n/syncTranslations';
import { translatableStrings } from '../../../src/content/i18n/translationKeys';
import { checkTranslations } from '../../../src/contentCheck/translations';

const ENGLISH = `# reference
solutions:
  - id: check_storage
    number: 1
    title: Ensure Sufficient iCloud Storage
    steps:
      - text: Go to Settings > [Your Name] > iCloud.
      - text: Review the available storage.
    solutions: [not_text]
prompts:
  solutionIntro: "Solution {number}: **{title}**"
  examples:
    - My backup says not enough storage
    - Backup failed but I have space
`;

const Schema = z.object({
  solutions: z.array(z.object({ id: z.string(), number: z.number(), title: z.string(), steps: z.array(z.object({ text: z.string() })), solutions: z.array(z.string()) })),
  prompts: z.object({ solutionIntro: z.string(), examples: z.array(z.string()) }),
});

let dir: string;
let english: string;
const translationPath = (): string => join(dir, 'i18n', 'es', 'content.yaml');
function writeSpanish(strings: string): void {
  mkdirSync(join(dir, 'i18n', 'es'), { recursive: true });
  writeFileSync(translationPath(), `language: es\nstrings:\n${strings}`);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'i18n-'));
  english = join(dir, 'content.yaml');
  writeFileSync(english, ENGLISH);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('translation keys', () => {
  it('keys objects by id, other arrays by position, lists of strings as one unit, and skips references', () => {
    const keys = translatableStrings(parse(ENGLISH)).map((s) => s.key);
    expect(keys).toEqual([
      'solutions[check_storage].title',
      'solutions[check_storage].steps[0].text',
      'solutions[check_storage].steps[1].text',
      'prompts.solutionIntro',
      'prompts.examples',
    ]);
  });

  it('has English as the reference and a name for every language', () => {
    expect(TRANSLATED_LANGUAGES).toEqual(SUPPORTED_LANGUAGES.filter((l) => l !== 'en'));
    expect(SUPPORTED_LANGUAGES.map((l) => LANGUAGE_NAMES[l])).toEqual(['English', 'Spanish', 'French', 'German']);
  });

  it('maps locales to supported languages', () => {
    expect(languageOfLocale('es-MX')).toBe('es');
    expect(languageOfLocale('DE_at')).toBe('de');
    expect(languageOfLocale('pt-BR')).toBeUndefined();
    expect(languageOfLocale(undefined)).toBeUndefined();
  });
});

describe('readLocalizedYamlFile', () => {
  it('applies translations, keeps English for missing or unusable ones and logs each gap once per file', () => {
    writeSpanish(`  solutions[check_storage].title:
    source: Ensure Sufficient iCloud Storage
    text: Asegúrate de tener suficiente almacenamiento en iCloud
  solutions[check_storage].steps[0].text:
    source: Go to Settings > [Your Name] > iCloud > Old.
    text: Ve a Ajustes > [tu nombre] > iCloud.
  prompts.solutionIntro:
    source: "Solution {number}: **{title}**"
    text: "Solución {numero}: **{title}**"
  prompts.examples:
    source: [My backup says not enough storage]
    text: [mi copia dice que no hay espacio, falla la copia pero tengo espacio, no se hace la copia]
`);
    const log: string[] = [];
    const es = readLocalizedYamlFile(english, Schema, 'es', (m) => log.push(m));
    expect(es.solutions[0]!.title).toBe('Asegúrate de tener suficiente almacenamiento en iCloud');
    expect(es.solutions[0]!.steps[0]!.text).toBe('Ve a Ajustes > [tu nombre] > iCloud.'); // stale but used
    expect(es.solutions[0]!.steps[1]!.text).toBe('Review the available storage.'); // missing → English
    expect(es.prompts.solutionIntro).toBe('Solution {number}: **{title}**'); // wrong placeholder → English
    expect(es.prompts.examples).toHaveLength(3); // a list of phrasings is the language's own: an English edit does not make it stale
    expect(log.join('\n')).not.toMatch(/prompts\.examples/);
    expect(es.solutions[0]!.solutions).toEqual(['not_text']);
    expect(log.join('\n')).toMatch(/1 missing string, said in English instead \(solutions\[check_storage\]\.steps\[1\]\.text\)/);
    expect(log.join('\n')).toMatch(/1 stale string \(solutions\[check_storage\]\.steps\[0\]\.text\)/);
    expect(log.join('\n')).toMatch(/1 placeholders string, said in English instead \(prompts\.solutionIntro\)/);
  });

  it('says the whole file in English when the translation file is missing or broken', () => {
    const log: string[] = [];
    expect(readLocalizedYamlFile(english, Schema, 'fr', (m) => log.push(m)).solutions[0]!.title).toBe('Ensure Sufficient iCloud Storage');
    expect(log[0]).toMatch(/i18n\/fr\/content\.yaml is missing/);
    writeSpanish('  broken: [\n');
    const log2: string[] = [];
    expect(readLocalizedYamlFile(english, Schema, 'es', (m) => log2.push(m)).prompts.solutionIntro).toContain('Solution');
    expect(log2[0]).toMatch(/not valid YAML/);
  });

  it('is the English file itself for English', () => {
    expect(readLocalizedYamlFile(english, Schema, 'en').solutions[0]!.title).toBe('Ensure Sufficient iCloud Storage');
  });
});

describe('checkTranslations (npm run validate)', () => {
  beforeEach(() => {
    writeFileSync(join(dir, 'prompts.yaml'), 'prompts:\n  didItWork: Did that fix your backup?\n  help: Tell me what happens.\n  stepOf: "Step {index} of {total}: {text}"\n');
    mkdirSync(join(dir, 'i18n', 'es'), { recursive: true });
    writeFileSync(
      join(dir, 'i18n', 'es', 'prompts.yaml'),
      [
        'language: es',
        'strings:',
        '  prompts.didItWork:',
        '    source: Did that fix your backup now?',
        '    text: ¿Se arregló la copia?',
        '  prompts.stepOf:',
        '    source: "Step {index} of {total}: {text}"',
        '    text: "Paso {index} de {total}"',
        '  prompts.gone:',
        '    source: Old',
        '    text: Viejo',
        '',
      ].join('\n'),
    );
  });

  it('reports stale, missing, obsolete and placeholder problems with file and line', () => {
    const es = checkTranslations(dir).filter((p) => p.message.startsWith('es:'));
    const line = (file: string, text: RegExp) => es.find((p) => p.file.endsWith(file) && text.test(p.message));
    expect(line('i18n/es/prompts.yaml', /stale.*prompts\.didItWork/)).toMatchObject({ line: 3, severity: 'warning' });
    expect(line('prompts.yaml', /not translated: "prompts\.help"/)).toMatchObject({ line: 3, severity: 'warning' });
    expect(line('i18n/es/prompts.yaml', /prompts\.stepOf.*placeholders/)).toMatchObject({ line: 6, severity: 'error' });
    expect(line('i18n/es/prompts.yaml', /obsolete.*prompts\.gone/)).toMatchObject({ line: 9, severity: 'warning' });
    // French has no file at all: one problem for the whole file.
    expect(checkTranslations(dir).filter((p) => p.message.startsWith('fr:'))).toEqual([
      expect.objectContaining({ line: 1, severity: 'warning', message: expect.stringMatching(/missing; every string/) }),
    ]);
  });

  it('makes gaps errors with strict (CI)', () => {
    const strict = checkTranslations(dir, { strict: true });
    expect(strict.every((p) => p.severity === 'error')).toBe(true);
  });
});

describe('syncTranslationFile (npm run i18n:sync)', () => {
  it('adds missing strings in English order with an empty text, keeps translations and comments, reports obsolete ones', () => {
    writeSpanish(`  # checked by Ana
  prompts.solutionIntro:
    source: "Solution {number}: **{title}**"
    text: "Solución {number}: **{title}**"
  old.key:
    source: Old
    text: Viejo
`);
    const result = syncTranslationFile(english, 'es', 'content.yaml');
    expect(result).toMatchObject({ added: 4, obsolete: ['old.key'], total: 5 });
    const text = readFileSync(translationPath(), 'utf8');
    expect(text).toContain('# checked by Ana');
    expect(text).toContain('Solución {number}: **{title}**');
    expect(text.indexOf('solutions[check_storage].title')).toBeLessThan(text.indexOf('prompts.solutionIntro'));
    expect(text).toContain('old.key');
    const again = syncTranslationFile(english, 'es', 'content.yaml', { prune: true });
    expect(again).toMatchObject({ added: 0, pruned: 1 });
    expect(readFileSync(translationPath(), 'utf8')).not.toContain('old.key');
    // What sync wrote reads back: the untranslated strings stay English.
    expect(readLocalizedYamlFile(english, Schema, 'es', () => {}).prompts.solutionIntro).toBe('Solución {number}: **{title}**');
  });
});

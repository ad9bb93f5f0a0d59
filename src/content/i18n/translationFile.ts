/**
 * A translation file: dialogs/i18n/<language>/<content file>.yaml, next to the English reference. Each entry keeps the
 * English it was translated from (`source`), so a later change of the English shows up as stale:
 *
 *   language: es
 *   strings:
 *     causes[storage_full].name:
 *       source: Insufficient iCloud Storage
 *       text: Almacenamiento de iCloud insuficiente
 *
 * An empty `text` ('' or []) means "not translated yet" (what `npm run i18n:sync` writes for a new string).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { isMap, isScalar, type Node } from 'yaml';
import { z } from 'zod';
import { locateYaml } from '../sourceLines';
import type { Language } from './languages';
import type { TranslatableValue } from './translationKeys';

/** The content files that are translated (in dialogs/). A new translatable file is one line here. */
export const TRANSLATABLE_FILES = [
  'causes.yaml',
  'solutions.yaml',
  'answers.yaml',
  'prompts.yaml',
  'topics.yaml',
  'privacy.yaml',
  'screenshots.yaml',
  'knowledge.yaml',
  'page.yaml',
] as const;

const ValueSchema = z.union([z.string(), z.array(z.string())]);

const EntrySchema = z.strictObject({
  source: ValueSchema,
  text: z.union([ValueSchema, z.null()]).optional(),
});

const TranslationFileSchema = z.strictObject({
  language: z.string(),
  strings: z.record(z.string(), EntrySchema).nullish(),
});

export interface TranslationEntry {
  source: TranslatableValue;
  /** undefined when not translated yet. */
  text?: TranslatableValue;
  /** 1-based line of the key in the translation file. */
  line: number;
}

export interface TranslationFile {
  /** As shown in messages (relative to the working directory). */
  file: string;
  language: string;
  /** 1-based line of the `language:` field. */
  languageLine: number;
  entries: Map<string, TranslationEntry>;
}

/** A translation file that cannot be used at all (bad YAML or shape), with the line of the problem. */
export class TranslationFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'TranslationFileError';
  }
}

/** dialogs/causes.yaml + es → dialogs/i18n/es/causes.yaml */
export function translationPathFor(englishPath: string, language: Language): string {
  return join(dirname(englishPath), 'i18n', language, basename(englishPath));
}

export function shownPath(file: string): string {
  return relative(process.cwd(), file) || file;
}

function isEmpty(text: TranslatableValue | null | undefined): boolean {
  return text === undefined || text === null || (typeof text === 'string' ? text.trim() === '' : text.length === 0);
}

/** Line of each key under `strings:`. */
function keyLines(contents: unknown, lineAt: (offset: number) => number): Map<string, number> {
  const lines = new Map<string, number>();
  if (!isMap(contents)) return lines;
  const strings = contents.get('strings', true) as Node | undefined;
  if (!isMap(strings)) return lines;
  for (const pair of strings.items) {
    const key = pair.key as Node | null;
    if (isScalar(key) && key.range) lines.set(String(key.value), lineAt(key.range[0]));
  }
  return lines;
}

/** Reads a translation file; undefined when it does not exist. Throws TranslationFileError when it is unusable. */
export function readTranslationFile(path: string): TranslationFile | undefined {
  if (!existsSync(path)) return undefined;
  const file = shownPath(path);
  const located = locateYaml(path, readFileSync(path, 'utf8'));
  const syntax = located.doc.errors[0];
  if (syntax) throw new TranslationFileError(file, syntax.linePos?.[0]?.line ?? 1, `is not valid YAML: ${syntax.message.split('\n')[0]}`);
  const parsed = TranslationFileSchema.safeParse(located.doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TranslationFileError(file, located.lineOf(issue.path), `${issue.path.join('.') || 'file'}: ${issue.message}`);
  }
  const lines = keyLines(located.doc.contents, located.lineAt);
  const entries = new Map<string, TranslationEntry>();
  for (const [key, entry] of Object.entries(parsed.data.strings ?? {})) {
    entries.set(key, { source: entry.source, ...(isEmpty(entry.text) ? {} : { text: entry.text! }), line: lines.get(key) ?? 1 });
  }
  return { file, language: parsed.data.language, languageLine: located.lineOf(['language']), entries };
}

/**
 * A content file in a language: the English YAML with the language's translations (dialogs/i18n/<language>/) applied,
 * then validated with the same schema as the English, so every loader gets the same shape in any language. A string
 * that is not translated (or cannot be used) stays English, and the gap is reported once per file through `log`.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { ContentError } from '../contentError';
import { readYamlFile } from '../readYaml';
import { compareTranslations, type TranslationFinding } from './compareTranslations';
import { REFERENCE_LANGUAGE, type Language } from './languages';
import { readTranslationFile, shownPath, TranslationFileError, translationPathFor } from './translationFile';
import { setAtPath, translatableStrings } from './translationKeys';

/** Where the gaps of a language's content are reported (e.g. the logger's warn). */
export type TranslationLog = (message: string) => void;

function listKeys(findings: readonly TranslationFinding[]): string {
  const keys = findings.map((f) => f.key);
  return keys.length > 5 ? `${keys.slice(0, 5).join(', ')} and ${keys.length - 5} more` : keys.join(', ');
}

/** One log line per kind of gap in a file. */
function reportGaps(file: string, language: Language, findings: readonly TranslationFinding[], log: TranslationLog): void {
  const byKind = new Map<string, TranslationFinding[]>();
  for (const f of findings) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
  for (const [kind, list] of byKind) {
    const fallsBack = kind === 'stale' || kind === 'obsolete' ? '' : ', said in English instead';
    log(`content ${language}: ${file}: ${list.length} ${kind} string${list.length === 1 ? '' : 's'}${fallsBack} (${listKeys(list)})`);
  }
}

export function readLocalizedYamlFile<S extends z.ZodType>(englishPath: string, schema: S, language: Language, log: TranslationLog = () => {}): z.infer<S> {
  if (language === REFERENCE_LANGUAGE) return readYamlFile(englishPath, schema);
  const english = readYamlFile(englishPath, schema); // validates the reference first: its errors name the English file
  const translationPath = translationPathFor(englishPath, language);
  let translation;
  try {
    translation = readTranslationFile(translationPath);
  } catch (err) {
    if (!(err instanceof TranslationFileError)) throw err;
    log(`content ${language}: ${err.message}; the whole file is said in English`);
  }
  if (!translation) {
    log(`content ${language}: ${shownPath(translationPath)} is missing; ${shownPath(englishPath)} is said in English`);
    return english;
  }
  const raw: unknown = parse(readFileSync(englishPath, 'utf8'));
  const strings = translatableStrings(raw);
  const { usable, findings } = compareTranslations(strings, translation);
  for (const string of strings) {
    const text = usable.get(string.key);
    if (text !== undefined) setAtPath(raw, string.path, text);
  }
  reportGaps(translation.file, language, findings, log);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ContentError(translation.file, issue.path.join('.'), `the translated content is not valid: ${issue.message}`);
  }
  return parsed.data;
}

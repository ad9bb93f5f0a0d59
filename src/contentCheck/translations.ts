/**
 * `npm run validate`'s translation check: for every translated language and translatable file, each missing,
 * untranslated, stale or obsolete string (warnings: the bot says those in English, or says a translation of an older
 * English) and each unusable one (errors: wrong placeholders or shape, a broken file) as FILE:LINE.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from './problem';
import { locateYaml } from '../content/sourceLines';
import { compareTranslations, type TranslationFinding } from '../content/i18n/compareTranslations';
import { TRANSLATED_LANGUAGES, type Language } from '../content/i18n/languages';
import { readTranslationFile, shownPath, TranslationFileError, translationPathFor, TRANSLATABLE_FILES } from '../content/i18n/translationFile';
import { translatableStrings } from '../content/i18n/translationKeys';

export interface TranslationCheckOptions {
  /** Report missing, untranslated, stale and obsolete strings as errors (CI keeps the shipped translations complete). */
  strict?: boolean;
}

const ERRORS = new Set(['placeholders', 'shape']);

function problemFor(finding: TranslationFinding, englishFile: string, englishLine: (f: TranslationFinding) => number, translationFile: string, language: Language, strict: boolean): Problem {
  const severity = ERRORS.has(finding.kind) || strict ? 'error' : 'warning';
  if (finding.kind === 'missing') {
    return { file: shownPath(englishFile), line: englishLine(finding), severity, message: `${language}: ${finding.message} in ${translationFile} (npm run i18n:sync -- --lang ${language} adds it)` };
  }
  return { file: translationFile, line: finding.entry?.line ?? 1, severity, message: `${language}: ${finding.message}` };
}

function checkFile(englishPath: string, language: Language, strict: boolean): Problem[] {
  const translationPath = translationPathFor(englishPath, language);
  const shown = shownPath(translationPath);
  if (!existsSync(translationPath)) {
    return [{ file: shown, line: 1, severity: strict ? 'error' : 'warning', message: `${language}: missing; every string of ${shownPath(englishPath)} is said in English (npm run i18n:sync -- --lang ${language} creates it)` }];
  }
  let translation;
  try {
    translation = readTranslationFile(translationPath)!;
  } catch (err) {
    if (err instanceof TranslationFileError) return [{ file: err.file, line: err.line, severity: 'error', message: `${language}: ${err.message.slice(err.file.length + String(err.line).length + 3)}` }];
    throw err;
  }
  const problems: Problem[] = [];
  if (translation.language !== language) {
    problems.push({ file: shown, line: translation.languageLine, severity: 'error', message: `language must be "${language}" (the folder's language), not "${translation.language}"` });
  }
  const located = locateYaml(englishPath, readFileSync(englishPath, 'utf8'));
  const strings = translatableStrings(located.doc.toJS());
  const englishLine = (f: TranslationFinding): number => (f.english ? located.lineOf(f.english.path) : 1);
  for (const finding of compareTranslations(strings, translation).findings) {
    problems.push(problemFor(finding, englishPath, englishLine, shown, language, strict));
  }
  return problems;
}

/** Every translation problem of the content in `contentDir` (only the English files that exist there). */
export function checkTranslations(contentDir: string, options: TranslationCheckOptions = {}): Problem[] {
  const problems: Problem[] = [];
  for (const name of TRANSLATABLE_FILES) {
    const englishPath = join(contentDir, name);
    if (!existsSync(englishPath)) continue;
    for (const language of TRANSLATED_LANGUAGES) problems.push(...checkFile(englishPath, language, options.strict === true));
  }
  return problems;
}

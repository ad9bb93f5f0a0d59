/**
 * `npm run i18n:sync -- [--lang es] [--prune]`: creates or completes the translation files of dialogs/i18n/<lang>/
 * from the English content (every language when --lang is not given). New strings get an empty text for the translator;
 * existing translations and comments are kept. Then run `npm run validate` for what is missing or stale.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig, readEnvironment } from '../config/config';
import { isLanguage, TRANSLATED_LANGUAGES, type Language } from '../content/i18n/languages';
import { syncTranslationFile } from '../content/i18n/syncTranslations';
import { TRANSLATABLE_FILES } from '../content/i18n/translationFile';

function languagesIn(argv: readonly string[]): Language[] {
  const asked = argv.flatMap((arg, i) => (argv[i - 1] === '--lang' ? [arg] : []));
  const unknown = asked.filter((l) => !isLanguage(l) || !TRANSLATED_LANGUAGES.includes(l));
  if (unknown.length > 0) throw new Error(`unknown language ${unknown.join(', ')} (translated languages: ${TRANSLATED_LANGUAGES.join(', ')})`);
  return asked.length > 0 ? (asked as Language[]) : [...TRANSLATED_LANGUAGES];
}

export function runI18nSync(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void = console.log): number {
  let languages: Language[];
  try {
    languages = languagesIn(argv);
  } catch (err) {
    out(`i18n:sync: ${(err as Error).message}`);
    return 2;
  }
  const contentDir = loadConfig(env).contentDir;
  for (const language of languages) {
    for (const name of TRANSLATABLE_FILES) {
      const englishPath = join(contentDir, name);
      if (!existsSync(englishPath)) continue;
      const result = syncTranslationFile(englishPath, language, name, { prune: argv.includes('--prune') });
      const obsolete = result.obsolete.length > 0 ? `, ${result.obsolete.length} obsolete${result.pruned ? ' (removed)' : ' (kept; --prune removes them)'}` : '';
      out(`${relative(process.cwd(), result.file)}: ${result.total} strings, ${result.added} added${obsolete}`);
    }
  }
  out('Fill in the empty texts, then run npm run validate (missing and stale translations are listed with their lines).');
  return 0;
}

if (require.main === module) process.exitCode = runI18nSync(process.argv.slice(2), readEnvironment());

/**
 * `npm run validate`: checks dialogs/, intents/, the knowledge base (if any) and the conversation tests without
 * starting the bot or training the model. Prints each problem as FILE:LINE: severity: message.
 * Exit code 1 when there is an error (warnings alone pass).
 *   --dialogs <dir> --intents <dir>   check other folders (default: CONTENT_DIR / INTENTS_DIR, i.e. dialogs / intents)
 *   --strict-translations             a missing, untranslated, stale or obsolete translation is an error (CI)
 */
import { performance } from 'node:perf_hooks';
import { loadConfig, readEnvironment } from '../config/config';
import { formatProblemLine, sortProblems } from '../contentCheck/problem';
import { countedFiles, validateContent } from '../contentCheck/validateContent';

export function runValidate(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void = console.log): number {
  const started = performance.now();
  const option = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const config = loadConfig(env);
  const options = {
    contentDir: option('--dialogs') ?? config.contentDir,
    intentsDir: option('--intents') ?? config.intentsDir,
    strictTranslations: argv.includes('--strict-translations'),
  };
  const problems = sortProblems(validateContent(options));
  for (const p of problems) out(formatProblemLine(p));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const ms = Math.round(performance.now() - started);
  out(
    `${errors === 0 ? 'Content OK' : 'Content has problems'}: ${countedFiles(options)} files checked in ${ms} ms, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
  );
  return errors > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = runValidate(process.argv.slice(2), readEnvironment());

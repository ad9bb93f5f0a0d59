/**
 * `npm run --silent classify`: classify utterances with the trained NLU model.
 *   - With arguments: the joined arguments are one utterance.
 *   - Otherwise: one utterance per stdin line.
 * stdout gets exactly one JSON object per utterance, in order, and nothing else (logs go to stderr):
 *   {"text","intent","confidence","route","ruledOut":[...],"alternatives":[{"intent","confidence"}...]}
 * plus "topic" (route none: what the message is about, when known) and "language" (another language), when present.
 * Confidences are rounded to 4 decimals. A blank line still produces an object (intent "none").
 * The model is loaded from MODEL_PATH (retrained first, and saved, when missing or trained on other data).
 * --lang=es (fr, de): that language's model (intents/es → models/es/nlu-model.json) instead of English's.
 */
import { classifyLines, toJsonLine } from '../nlu/classifyStream';
import { isLanguage } from '../content/i18n/languages';
import { ContentError } from '../content/contentError';
import { loadCliRecognizer, nluPaths, runCli } from '../nlu/cliSupport';

async function main(): Promise<void> {
  const paths = nluPaths();
  const langArg = process.argv.find((a) => a.startsWith('--lang='));
  const language = langArg?.slice('--lang='.length) ?? 'en';
  if (!isLanguage(language)) throw new ContentError('--lang', '', `"${language}" is not a supported language (en, es, fr, de)`);
  const recognizer = await loadCliRecognizer(paths, language);
  // `classify ... | head` closes stdout early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--lang='));
  if (args.length > 0) {
    process.stdout.write(`${toJsonLine(recognizer.recognize(args.join(' ')))}\n`);
    return;
  }
  await classifyLines(recognizer, process.stdin, process.stdout);
}

runCli(main);

/**
 * Start-up warm-up of the understanding, before the server listens: a fresh process's first classifications took
 * 1.4-2.8 s (English) and 0.4-3.6 s (each other language), then ~100 ms and ~300 ms for the next ones (V8 compiling
 * the ruled-out alternation and patterns, and the first calls of the features, model and act reader), so the first
 * people after a start-up or a deploy waited. Each language's ruled-out patterns are compiled, and a few texts are
 * read by its recognizer, act reader and question form, and by the language chooser. The recognizer is the uncached
 * one (no metrics, no cache entries); nothing is stored.
 */
import type { Language } from '../content/i18n/languages';
import type { LanguageChoice, LanguageChoiceInput } from './languageChoice';
import type { ActReader } from './dialogActs';
import type { LanguageModels } from './multilingual';
import type { RuledOutDetector } from './ruledOut';
import type { Recognizer } from './types';

/** A one-byte and a two-byte string (V8 compiles a pattern for each kind separately). */
const PATTERN_SAMPLES = ['backup failed but i have space', 'backup failed but i have space 👍'];

/**
 * Texts read in every language: the code paths, not the language, are what is warmed (each recognizer is told the
 * text is its own language, so it classifies instead of stopping at its foreign-language check).
 */
const WARM_UP_TEXTS = ['my icloud backup failed', 'no, still failing. what now?', "it's not the storage, i have 50 gb free 👍", 'ok'];

/** What is warmed in one language (LanguageModels). */
export interface WarmUpLanguage extends Pick<LanguageModels, 'questionKind'> {
  acts: ActReader;
  recognizer: Recognizer & { intentRecognizer: { detector: Pick<RuledOutDetector, 'warmUp'> } };
}

/** Warms every language's readers and the chooser; returns each language's time in ms (for the start-up log). */
export function warmUpUnderstanding(
  languages: ReadonlyMap<Language, WarmUpLanguage>,
  chooser?: { choose(input: LanguageChoiceInput): LanguageChoice },
): Record<string, number> {
  const took: Record<string, number> = {};
  for (const [language, models] of languages) {
    const started = process.hrtime.bigint();
    models.recognizer.intentRecognizer.detector.warmUp(PATTERN_SAMPLES);
    for (const text of WARM_UP_TEXTS) {
      models.recognizer.recognize(text, { ownLanguage: true });
      models.acts.read(text);
      models.questionKind(text);
    }
    took[language] = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  }
  for (const text of WARM_UP_TEXTS) chooser?.choose({ text });
  return took;
}

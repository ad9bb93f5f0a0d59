/**
 * Every language the bot understands, loaded at start-up (models trained ahead of time by `npm run train`):
 * English from intents/ (models/nlu-model.json, models/act-model.json — unchanged), and each other language whose data
 * is in intents/<lang>/ (train/, ruled_out.yaml, grammar.yaml, acts/) with its models in models/<lang>/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { words as englishStopwords } from 'natural/lib/natural/util/stopwords';
import { TRANSLATED_LANGUAGES, type Language } from '../content/i18n/languages';
import { type ActClassifier, actModelPathFor, loadActClassifier } from './dialogActs';
import type { Grammar } from './grammar';
import { loadGrammar } from './grammarFile';
import { loadRecognizer, type LoadRecognizerOptions, type SwappableRecognizer } from './index';
import { questionKind, type QuestionKind } from './isQuestion';
import { type Franc, loadFranc } from './language';
import { LanguageChooser, LanguageIdentifier } from './languageChoice';
import type { TurnLanguageChooser } from './languageChoiceCache';
import { languageOfIso3 } from '../text/languages';
import type { IntentModel } from './intentModel';

/** What the NLU needs in one language. */
export interface LanguageModels {
  language: Language;
  grammar: Grammar;
  recognizer: SwappableRecognizer;
  acts: ActClassifier;
  questionKind(text: string): QuestionKind;
}

/** The languages with data under `intentsDir`: English (intents/ itself) and every intents/<lang>/ with a train/ folder. */
export function languagesIn(intentsDir: string): Language[] {
  return ['en', ...TRANSLATED_LANGUAGES.filter((l) => existsSync(join(intentsDir, l, 'train')))];
}

/** A language's data folder: intents/ for English, intents/<lang>/ otherwise. */
export function intentsDirFor(intentsDir: string, language: Language): string {
  return language === 'en' ? intentsDir : join(intentsDir, language);
}

/** A language's intent model: models/nlu-model.json for English (unchanged), models/<lang>/nlu-model.json otherwise. */
export function modelPathFor(modelPath: string, language: Language): string {
  return language === 'en' ? modelPath : join(dirname(modelPath), language, 'nlu-model.json');
}

export type LoadLanguagesOptions = Omit<LoadRecognizerOptions, 'grammar'>;

/** Loads one language's grammar, intent recognizer and act reader. */
async function loadLanguageModels(language: Language, options: LoadLanguagesOptions): Promise<LanguageModels> {
  const intentsDir = intentsDirFor(options.intentsDir, language);
  const modelPath = modelPathFor(options.modelPath, language);
  const grammar = loadGrammar(intentsDir, language);
  const recognizer = await loadRecognizer({ ...options, intentsDir, modelPath, grammar });
  const acts = loadActClassifier({
    actsDir: join(intentsDir, 'acts'),
    modelPath: actModelPathFor(modelPath),
    grammar,
    ...(options.log ? { log: options.log } : {}),
    ...(options.save !== undefined ? { save: options.save } : {}),
  });
  return { language, grammar, recognizer, acts, questionKind: (text) => questionKind(text, grammar) };
}

/** Every language found under options.intentsDir (English first). */
export async function loadAllLanguages(options: LoadLanguagesOptions): Promise<Map<Language, LanguageModels>> {
  const out = new Map<Language, LanguageModels>();
  for (const language of languagesIn(options.intentsDir)) out.set(language, await loadLanguageModels(language, options));
  return out;
}

/** The words a model knows (its spelling dictionary: the training texts' words), plus the grammar's empty words. */
function vocabularyOf(model: IntentModel, grammar: Grammar): Set<string> {
  const words = new Set<string>([...(model.speller?.words() ?? []).map(([w]) => w), ...(grammar.emptyWords ?? [])]);
  if (grammar.language === 'en') for (const w of [...englishStopwords, ...(model.meta.englishWords ?? [])]) words.add(w);
  return words;
}

/**
 * The language chooser over the loaded languages. franc-min is ESM-only: where it cannot be loaded (Jest without
 * --experimental-vm-modules) `franc` may be passed in; without it the words alone decide (each language's vocabulary
 * coverage), and a message no understood language knows stays in the conversation's language.
 */
export async function languageChooserFor(languages: ReadonlyMap<Language, LanguageModels>, franc?: Franc): Promise<LanguageChooser> {
  const grammars = new Map([...languages].map(([l, m]) => [l, m.grammar]));
  const detect: Franc = franc ?? (await loadFranc().catch(() => undefined)) ?? wordsOnly;
  const vocabularies = new Map([...languages].map(([l, m]) => [l, vocabularyOf(m.recognizer.model, m.grammar)]));
  return new LanguageChooser(grammars, new LanguageIdentifier(detect, vocabularies));
}

/**
 * What the TurnUnderstander (dialogs/turnUnderstanding.ts, `Multilingual`) takes: the chooser, every language but
 * English with its readers, and franc's codes mapped to the understood languages.
 */
export function multilingualUnderstanding(languages: ReadonlyMap<Language, LanguageModels>, chooser: TurnLanguageChooser) {
  const others = new Map([...languages].filter(([l]) => l !== 'en'));
  return {
    chooser,
    languages: others as ReadonlyMap<Language, Pick<LanguageModels, 'recognizer' | 'acts' | 'questionKind'>>,
    languageOfCode: (code: string): Language | undefined => {
      const language = languageOfIso3(code);
      return language && languages.has(language) ? language : undefined;
    },
  };
}

/** Without franc-min: names no language ("und"), so the vocabularies' coverage alone decides. */
const wordsOnly: Franc = () => 'und';

/**
 * Everything the bot says, in each language it speaks: the dialog content (causes, solutions, answers, prompts with
 * the buttons, CSAT and hand-off texts), the topics, the privacy prompts and the screenshot prompts. Built ONCE at
 * start-up from the English reference in dialogs/ and each language's strings in dialogs/i18n/<lang>/
 * (readLocalizedYamlFile): a missing string stays English and is reported once (file, key, language) through
 * `onMissing`. Every language's copy is cross-validated like the English one (loadDialogContent's checks), and its
 * errors name the translation file.
 */
import { SUPPORTED_LANGUAGES, type Language } from './i18n/languages';
import { readLocalizedYamlFile, type TranslationLog } from './i18n/localize';
import { translationPathFor } from './i18n/translationFile';
import { loadDialogContent, type DialogContent, type YamlReader } from './loadContent';
import { loadPrivacyPrompts, type PrivacyPrompts } from './loadPrivacyPrompts';
import { loadScreenshotPrompts, type ScreenshotPrompts } from './loadScreenshotPrompts';
import { loadTopics, type TopicContent } from './loadTopics';

/** One language's copy of the content. */
export interface LanguageContent {
  language: Language;
  dialog: DialogContent;
  /** Near-domain topics and the other-language answer (absent in tests of other features). */
  topics?: TopicContent;
  privacy?: PrivacyPrompts;
  screenshots?: ScreenshotPrompts;
}

/** A language's copy with every part (as loadLocalizedContent reads it). */
export type FullLanguageContent = Required<LanguageContent>;

/** The content of every language the bot speaks; a language without a copy is spoken in English. */
export class LocalizedContent<C extends LanguageContent = LanguageContent> {
  private readonly byLanguage: ReadonlyMap<Language, C>;

  constructor(copies: readonly C[]) {
    this.byLanguage = new Map(copies.map((copy) => [copy.language, copy]));
    if (!this.byLanguage.has('en')) throw new Error('LocalizedContent needs the English content (the reference)');
  }

  /** English only (tests and tools that speak English). */
  static english(parts: Omit<LanguageContent, 'language'>): LocalizedContent {
    return new LocalizedContent([{ language: 'en', ...parts }]);
  }

  /** The reference. */
  get english(): C {
    return this.byLanguage.get('en')!;
  }

  /** The languages with a copy, English first. */
  get languages(): Language[] {
    return [...this.byLanguage.keys()];
  }

  /** The copy of `language`; English for a language without one. */
  in(language: Language | undefined): C {
    return (language && this.byLanguage.get(language)) || this.english;
  }

  /** Every copy, English first. */
  all(): C[] {
    return [...this.byLanguage.values()];
  }
}

export interface LoadLocalizedOptions {
  /** Default: every supported language. English is always loaded. */
  languages?: readonly Language[];
  /** The intents the model knows (see LoadContentOptions.knownIntents). */
  knownIntents?: ReadonlySet<string>;
  /**
   * Hears of the strings a language lacks (said in English): one line per file and kind of gap, naming the language,
   * the translation file and the keys (the caller logs it).
   */
  onMissing?: TranslationLog;
}

/** The file an error in a language's copy names: its translation file (dialogs/i18n/<lang>/<file>). */
function shownFor(language: Language): (file: string) => string {
  return (file) => (language === 'en' ? file : translationPathFor(file, language));
}

/** Reads every language's copy of the content in `dir` (dialogs/); throws ContentError naming the file at fault. */
export function loadLocalizedContent(dir: string, options: LoadLocalizedOptions = {}): LocalizedContent<FullLanguageContent> {
  const languages: Language[] = ['en', ...(options.languages ?? SUPPORTED_LANGUAGES).filter((l) => l !== 'en')];
  return new LocalizedContent(languages.map((language) => loadLanguageContent(dir, language, options)));
}

function loadLanguageContent(dir: string, language: Language, options: LoadLocalizedOptions): FullLanguageContent {
  const read: YamlReader = (file, schema) => readLocalizedYamlFile(file, schema, language, options.onMissing);
  return {
    language,
    dialog: loadDialogContent(dir, { knownIntents: options.knownIntents, read, shownAs: shownFor(language) }),
    topics: loadTopics(dir, read, shownFor(language)),
    privacy: loadPrivacyPrompts(dir, read),
    screenshots: loadScreenshotPrompts(dir, read),
  };
}

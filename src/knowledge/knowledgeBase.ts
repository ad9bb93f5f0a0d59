/**
 * The knowledge base in every language the bot understands: English's index (dialogs/knowledge.yaml, BM25 fused with
 * the English word vectors) and, per other language, an index of its translated copy
 * (dialogs/i18n/<lang>/knowledge.yaml through content/i18n readLocalizedYamlFile) with that language's stemmer and
 * stop words, retrieved lexically (lexicalRetrieval.ts). Built once at start-up.
 */
import { join } from 'node:path';
import { words as frenchStopwords } from 'natural/lib/natural/util/stopwords_fr';
import { words as spanishStopwords } from 'natural/lib/natural/util/stopwords_es';
import type { Language } from '../content/i18n/languages';
import { readLocalizedYamlFile, type TranslationLog } from '../content/i18n/localize';
import type { Grammar } from '../nlu/grammar';
import { foldAccents } from '../text/languages';
import { KnowledgeIndex, type KnowledgeIndexOptions } from './knowledgeIndex';
import { KNOWLEDGE_FILE, type KnowledgeReader, loadKnowledge } from './loadKnowledge';
import type { TermLanguage } from './terms';

export class KnowledgeBase {
  private readonly built = new Map<Language, KnowledgeIndex>();

  /**
   * @param english English's index
   * @param builders the other languages' indexes, built on first use or by warmUp (about 0.5-1 s each)
   */
  constructor(
    english: KnowledgeIndex,
    private readonly builders: ReadonlyMap<Language, () => KnowledgeIndex> = new Map(),
  ) {
    this.built.set('en', english);
  }

  /** The index to answer in `language`; English's when the language has none. */
  for(language: Language): KnowledgeIndex {
    const ready = this.built.get(language);
    if (ready) return ready;
    const build = this.builders.get(language);
    if (!build) return this.built.get('en')!;
    const index = build();
    this.built.set(language, index);
    return index;
  }

  get languages(): Language[] {
    return ['en', ...this.builders.keys()];
  }

  /**
   * Builds every language's index, one per event-loop turn (the app calls it before it listens, so no turn and no first
   * question in a language waits for one). A language whose content cannot be read is reported and left to English.
   */
  async warmUp(onError: (language: Language, err: unknown) => void = () => {}): Promise<void> {
    for (const language of this.builders.keys()) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        this.for(language);
      } catch (err) {
        onError(language, err);
        this.built.set(language, this.built.get('en')!);
      }
    }
  }
}

/** The words a language's knowledge search drops: its function words, not its question words ("donde", "combien"). */
function termLanguageOf(grammar: Grammar): TermLanguage {
  const natural = grammar.language === 'es' ? spanishStopwords : grammar.language === 'fr' ? frenchStopwords : [];
  const stop = new Set([...natural.map((w) => foldAccents(w.toLowerCase())), ...(grammar.stopWords ?? [])]);
  for (const w of grammar.questionWords ?? []) stop.delete(w);
  return { language: grammar.language, stop };
}

/**
 * Every language's index: English from `english` (the index the app already builds), the others from their grammar
 * (intents/<lang>/grammar.yaml) and their translated knowledge.yaml. `log` reports missing translations.
 */
export function loadKnowledgeBase(
  contentDir: string,
  solutionIds: ReadonlySet<string>,
  english: KnowledgeIndex,
  grammars: ReadonlyMap<Language, Grammar>,
  log?: TranslationLog,
  options: KnowledgeIndexOptions = {},
): KnowledgeBase {
  const builders = new Map<Language, () => KnowledgeIndex>();
  for (const [language, grammar] of grammars) {
    if (language === 'en') continue;
    const terms = termLanguageOf(grammar);
    const read: KnowledgeReader = (file, schema) => readLocalizedYamlFile(file, schema, language, log);
    // Read, checked and indexed on first use or by warmUp (npm run validate checks the translations ahead of time).
    const dropped = (field: string, problem: string): void => log?.(`knowledge ${language}: dialogs/i18n/${language}/${KNOWLEDGE_FILE} ${field} ${problem}; left out`);
    builders.set(language, () => new KnowledgeIndex(loadKnowledge(join(contentDir, KNOWLEDGE_FILE), solutionIds, terms, read, dropped), undefined, { ...options, terms }));
  }
  return new KnowledgeBase(english, builders);
}

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
  constructor(private readonly indexes: ReadonlyMap<Language, KnowledgeIndex>) {
    if (!indexes.has('en')) throw new Error('KnowledgeBase: the English index is required');
  }

  /** The index to answer in `language`; English's when the language has none. */
  for(language: Language): KnowledgeIndex {
    return this.indexes.get(language) ?? this.indexes.get('en')!;
  }

  get languages(): Language[] {
    return [...this.indexes.keys()];
  }
}

/** The words a language's knowledge search drops: its function words, not its question words ("donde", "combien"). */
export function termLanguageOf(grammar: Grammar): TermLanguage {
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
  const indexes = new Map<Language, KnowledgeIndex>([['en', english]]);
  for (const [language, grammar] of grammars) {
    if (language === 'en') continue;
    const terms = termLanguageOf(grammar);
    const read: KnowledgeReader = (file, schema) => readLocalizedYamlFile(file, schema, language, log);
    const content = loadKnowledge(join(contentDir, KNOWLEDGE_FILE), solutionIds, terms, read);
    indexes.set(language, new KnowledgeIndex(content, undefined, { ...options, terms }));
  }
  return new KnowledgeBase(indexes);
}

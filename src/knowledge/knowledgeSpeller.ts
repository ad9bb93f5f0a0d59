/**
 * The spelling corrector of knowledge retrieval. Its domain words are the curated content — every entry's title and
 * answer, and the synonyms — plus the words of the phrasings that are real words (English: in the lexicon, or used in
 * a title or answer). A misspelling written into a phrasing on purpose ("how lomg…", so the phrasing classifier learns
 * typos) is thus no dictionary word, and correction never depends on how phrasings are spelled. In English the
 * lexicon (SCOWL's common words) is known too, so a real word is never "corrected".
 */
import { lexiconFor, SpellCorrector } from '../nlu/spell';
import type { EnglishLexicon } from '../text/englishLexicon';
import { normalizeText } from '../text/normalize';
import { tokenize } from '../text/tokenize';
import type { KnowledgeBaseContent } from './loadKnowledge';
import { contentWordsOf, type TermLanguage } from './terms';

function count(into: Map<string, number>, words: readonly string[]): void {
  for (const w of words) into.set(w, (into.get(w) ?? 0) + 1);
}

/** Word → count over the curated content, then the phrasings' words that are real words. */
function knowledgeDictionary(content: KnowledgeBaseContent, terms: TermLanguage, lexicon: EnglishLexicon | undefined): Map<string, number> {
  const words = (text: string): string[] => tokenize(normalizeText(text, terms.language), terms.language);
  const counts = new Map<string, number>();
  for (const entry of content.entries) count(counts, [...words(entry.title), ...words(entry.answer)]);
  for (const [word, alternatives] of Object.entries(content.synonyms)) count(counts, [word, ...alternatives].flatMap(words));
  const curated = new Set(counts.keys());
  // Without a lexicon (another language) the phrasings' words are all kept, as before.
  const real = (w: string): boolean => !lexicon || curated.has(w) || lexicon.level(w) !== undefined;
  for (const entry of content.entries) for (const q of entry.questions) count(counts, contentWordsOf(q, terms).filter(real));
  return counts;
}

/** The corrector of a knowledge base (the English lexicon for English content). */
export function knowledgeSpeller(content: KnowledgeBaseContent, terms: TermLanguage): SpellCorrector {
  const lexicon = lexiconFor(terms.language);
  return new SpellCorrector(knowledgeDictionary(content, terms, lexicon), lexicon);
}

/**
 * What the dialogs use of each language besides its content (src/content/localizedContent.ts): the reply words and the
 * knowledge base. Wired by src/index.ts and the conversation tests alike.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../content/i18n/languages';
import { loadReplyWords, replyPatterns, type ReplyPatterns } from '../content/loadReplies';
import type { ReplyWordsFor } from '../dialogs/replyInterpreter';
import type { KnowledgeFor } from '../dialogs/questionAnswerer';
import type { KnowledgeIndex } from '../knowledge';

const REPLIES_FILE = 'replies.yaml';

/**
 * The yes / no / acknowledgement / success words of each language: intents/replies.yaml for English,
 * intents/<lang>/replies.yaml for the others (written without accents: replies are compared accent-folded). A language
 * without its file uses the English words (its buttons still work: they are content).
 */
export function loadLocalizedReplyWords(intentsDir: string, languages: readonly Language[]): ReplyWordsFor {
  const english = replyPatterns(loadReplyWords(intentsDir));
  const byLanguage = new Map<Language, ReplyPatterns>([['en', english]]);
  for (const language of languages) {
    const dir = join(intentsDir, language);
    if (language !== 'en' && existsSync(join(dir, REPLIES_FILE))) byLanguage.set(language, replyPatterns(loadReplyWords(dir)));
  }
  return (language) => byLanguage.get(language) ?? english;
}

/**
 * The knowledge base of each language. Today only English has one (dialogs/knowledge.yaml): another language gets
 * none, so its questions get the honest "I don't have a reliable answer" in that language rather than an English
 * answer matched on a few shared words. THE seam for the per-language search of src/knowledge (one index per language,
 * built from dialogs/i18n/<lang>/knowledge.yaml): give it here as `indexes`.
 */
export function knowledgeByLanguage(english: KnowledgeIndex, indexes: Partial<Record<Language, KnowledgeIndex>> = {}): KnowledgeFor {
  return (language) => (language === 'en' ? english : indexes[language]);
}

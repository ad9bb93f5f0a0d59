/**
 * What the dialogs use of each language besides its content (src/content/localizedContent.ts) and its knowledge base
 * (src/knowledge KnowledgeBase.for): the reply words. Wired by src/index.ts and the conversation tests alike.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../content/i18n/languages';
import { loadReplyWords, replyPatterns, type ReplyPatterns } from '../content/loadReplies';
import type { ReplyWordsFor } from '../dialogs/replyInterpreter';

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

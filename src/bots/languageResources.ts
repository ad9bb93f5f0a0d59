/**
 * What the bot uses of each language besides its content (src/content/localizedContent.ts): the reply words, and the
 * knowledge base (src/knowledge KnowledgeBase.for) as the dialogs and the agents' answers at hand ask it. Wired by
 * src/index.ts and the conversation tests alike.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../content/i18n/languages';
import { loadReplyWords, replyPatterns, type ReplyPatterns } from '../content/loadReplies';
import type { ReplyWordsFor } from '../dialogs/replyInterpreter';
import { knowledgeAnswers } from '../handoff';
import type { KnowledgeIndex } from '../knowledge';
import type { Log } from '../logging/log';

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
 * The knowledge base of a language (KnowledgeBase.for, built after start-up); one that cannot be built answers from
 * English's, as KnowledgeBase.warmUp does (a turn never fails on it).
 */
export function knowledgeOrEnglish(knowledgeBase: { for(language: Language): KnowledgeIndex }, english: KnowledgeIndex, log: Log) {
  const failed = new Set<Language>();
  return (language: Language): KnowledgeIndex => {
    if (failed.has(language)) return english;
    try {
      return knowledgeBase.for(language);
    } catch (err) {
      failed.add(language);
      log.error({ language }, `knowledge base (${language}) could not be built; answering from English: ${String(err)}`);
      return english;
    }
  };
}

/** The agents' answers at hand from the knowledge base of the person's language (none without one). */
export function knowledgeAnswersIn(knowledgeFor: (language: Language) => KnowledgeIndex | undefined) {
  return (language: Language) => {
    const index = knowledgeFor(language);
    return index ? [knowledgeAnswers(index.content)] : [];
  };
}

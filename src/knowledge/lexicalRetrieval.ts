/**
 * Retrieval for a knowledge base in another language than English. The fusion (fusion.ts) is fitted on English
 * features, word vectors included, and the vectors are English: another language decides on the lexical ranking
 * (KnowledgeIndex.rank: BM25 with the context boost, times how well question and phrasing cover each other) and the
 * phrasing classifier's probability that nothing answers. Thresholds: the index's (answer / suggest / closeRatio).
 */
import type { KnowledgeEntry } from './schema';

/** Above this probability of "no entry answers it", the question is not answered. */
const NONE_LIMIT = 0.6;

interface Ranked {
  entry: KnowledgeEntry;
  score: number;
  confidence: number;
}

export type LexicalDecision<C extends Ranked> =
  | { kind: 'answer'; entry: KnowledgeEntry; confidence: number; candidates: C[] }
  | { kind: 'didYouMean'; options: [KnowledgeEntry, KnowledgeEntry]; confidence: number; candidates: C[] }
  | { kind: 'unknown'; confidence: number; candidates: C[] };

/** `ranked`: the entries best first; `none`: the probability that no entry answers the question. */
export function decideLexically<C extends Ranked>(ranked: readonly C[], thresholds: { answer: number; suggest: number; closeRatio: number }, none: number): LexicalDecision<C> {
  const candidates = ranked.slice(0, 10);
  const [first, second] = candidates;
  if (!first || none > NONE_LIMIT) return { kind: 'unknown', confidence: first?.confidence ?? 0, candidates };
  const close = second !== undefined && second.score >= thresholds.closeRatio * first.score && second.confidence >= thresholds.suggest;
  if (first.confidence >= thresholds.answer && !close) return { kind: 'answer', entry: first.entry, confidence: first.confidence, candidates };
  if (close && first.confidence >= thresholds.suggest) return { kind: 'didYouMean', options: [first.entry, second.entry], confidence: first.confidence, candidates };
  return { kind: 'unknown', confidence: first.confidence, candidates };
}

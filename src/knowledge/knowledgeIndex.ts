/**
 * Retrieval over every phrasing of every knowledge-base entry (BM25 with wink-bm25-text-search), the way a
 * question-answering service ranks a knowledge base:
 *   - rank entries by their best phrasing's BM25 score;
 *   - prefer the entries of the solution in context (the one the person is on, or the one the question names:
 *     an explicit topic beats the context);
 *   - confidence = how much of the question the best phrasing covers, weighted by how rare each word is, so a
 *     question with words the knowledge base has never seen ("wallpaper") is not answered by a common word ("change");
 *   - above the answer threshold: the answer; two close candidates: "did you mean"; below: the honest fallback.
 */
import { foldText, termsOf } from './terms';
import type { KnowledgeBaseContent } from './loadKnowledge';
import type { KnowledgeEntry } from './schema';

const bm25 = require('wink-bm25-text-search') as () => Bm25Engine;

interface Bm25Engine {
  defineConfig(config: { fldWeights: Record<string, number>; bm25Params?: { k1?: number; b?: number; k?: number } }): boolean;
  definePrepTasks(tasks: Array<(input: string) => string[]>, field?: string): number;
  addDoc(doc: Record<string, string>, id: string): number;
  consolidate(fp?: number): boolean;
  search(text: string, limit?: number): Array<[string, number]>;
}

export interface RetrievalThresholds {
  /** Minimum confidence (0..1) to answer. */
  answer: number;
  /** Minimum confidence (0..1) for an entry to be offered in "did you mean". */
  suggest: number;
  /** The runner-up is "close" when its score is at least this share of the best one's. */
  closeRatio: number;
  /** Score multiplier for entries of the solution in context. */
  contextBoost: number;
}

export const DEFAULT_THRESHOLDS: RetrievalThresholds = { answer: 0.6, suggest: 0.5, closeRatio: 0.9, contextBoost: 1.6 };

export interface Candidate {
  entry: KnowledgeEntry;
  /** BM25 score of the best phrasing, with the context boost, times `confidence`. */
  score: number;
  /** Share of the question's (IDF-weighted) words the best phrasing covers. */
  confidence: number;
}

export type Retrieval =
  | { kind: 'answer'; entry: KnowledgeEntry; confidence: number; candidates: Candidate[] }
  | { kind: 'didYouMean'; options: [KnowledgeEntry, KnowledgeEntry]; confidence: number; candidates: Candidate[] }
  | { kind: 'unknown'; confidence: number; candidates: Candidate[] };

export interface RetrievalContext {
  /** The solution the person is on, if any. */
  solutionId?: string;
}

export class KnowledgeIndex {
  private readonly engine: Bm25Engine;
  /** Phrasing doc id → entry index and its distinct terms. */
  private readonly docs = new Map<string, { entry: number; terms: Set<string> }>();
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  private readonly topicRules: Array<{ solution: string; phrase: RegExp }>;

  constructor(
    readonly content: KnowledgeBaseContent,
    readonly thresholds: RetrievalThresholds = DEFAULT_THRESHOLDS,
  ) {
    const synonyms = content.synonyms;
    this.engine = bm25();
    this.engine.defineConfig({ fldWeights: { text: 1 }, bm25Params: { k1: 1.2, b: 0.5, k: 1 } });
    this.engine.definePrepTasks([(input: string) => termsOf(input, synonyms)]);
    const df = new Map<string, number>();
    content.entries.forEach((entry, e) => {
      [entry.title, ...entry.questions].forEach((q, k) => {
        const id = `${e}:${k}`;
        const terms = new Set(termsOf(q, synonyms));
        if (terms.size === 0) return;
        this.docs.set(id, { entry: e, terms });
        for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
        this.engine.addDoc({ text: q }, id);
      });
    });
    this.engine.consolidate();
    const n = this.docs.size;
    for (const [t, d] of df) this.idf.set(t, Math.log(1 + (n - d + 0.5) / (d + 0.5)));
    this.maxIdf = Math.log(1 + (n + 0.5) / 0.5);
    this.topicRules = Object.entries(content.topics).flatMap(([solution, phrases]) =>
      phrases.map((p) => ({ solution, phrase: new RegExp(`(?<![a-z0-9])${foldText(p, synonyms).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9])`) })),
    );
  }

  /** The solution a question names explicitly ("reset all settings"), if exactly one. */
  topicOf(question: string): string | undefined {
    const folded = foldText(question, this.content.synonyms);
    const named = new Set(this.topicRules.filter((r) => r.phrase.test(folded)).map((r) => r.solution));
    return named.size === 1 ? [...named][0] : undefined;
  }

  /** Ranks the entries for a question and decides: answer, did you mean, or unknown. */
  retrieve(question: string, context: RetrievalContext = {}): Retrieval {
    const candidates = this.rank(question, context);
    const best = candidates[0];
    if (!best) return { kind: 'unknown', confidence: 0, candidates };
    const second = candidates[1];
    const close = second !== undefined && second.score >= best.score * this.thresholds.closeRatio;
    if (close && second.confidence >= this.thresholds.suggest && best.confidence >= this.thresholds.suggest) {
      return { kind: 'didYouMean', options: [best.entry, second.entry], confidence: best.confidence, candidates };
    }
    if (best.confidence >= this.thresholds.answer) return { kind: 'answer', entry: best.entry, confidence: best.confidence, candidates };
    return { kind: 'unknown', confidence: best.confidence, candidates };
  }

  /** Entries ranked best first (one per entry), with context boost and confidence. */
  rank(question: string, context: RetrievalContext = {}): Candidate[] {
    const queryTerms = termsOf(question, this.content.synonyms);
    if (queryTerms.length === 0) return [];
    const named = this.topicOf(question);
    const inContext = named ?? context.solutionId;
    // A solution the question names outweighs one the person is merely on.
    const damp = named ? this.thresholds.contextBoost ** 2 : this.thresholds.contextBoost;
    const weight = (t: string): number => this.idf.get(t) ?? this.maxIdf;
    const distinct = [...new Set(queryTerms)];
    const total = distinct.reduce((sum, t) => sum + weight(t), 0);
    const byEntry = new Map<number, Candidate>();
    for (const [docId, raw] of this.engine.search(question, 60)) {
      const doc = this.docs.get(docId)!;
      const entry = this.content.entries[doc.entry]!;
      // In context: boosted. Bound to other solutions while a solution is in context: damped ("where is that?" at
      // Solution 5 is not about Solution 1's setting). Entries bound to no solution are neither.
      const ofContext = inContext !== undefined && entry.solutions?.includes(inContext) === true;
      const elsewhere = inContext !== undefined && !ofContext && (entry.solutions?.length ?? 0) > 0;
      const boosted = ofContext ? raw * this.thresholds.contextBoost : elsewhere ? raw / damp : raw;
      const covered = distinct.filter((t) => doc.terms.has(t)).reduce((sum, t) => sum + weight(t), 0);
      const docTotal = [...doc.terms].reduce((sum, t) => sum + weight(t), 0);
      const queryCoverage = total > 0 ? covered / total : 0;
      const phrasingCoverage = docTotal > 0 ? covered / docTotal : 0;
      // Both ways (geometric mean): most of the question is in this phrasing, and most of the phrasing is in the question.
      const confidence = Math.sqrt(queryCoverage * phrasingCoverage);
      const seen = byEntry.get(doc.entry);
      if (!seen || boosted > seen.score) byEntry.set(doc.entry, { entry, score: boosted, confidence: Math.max(confidence, seen?.confidence ?? 0) });
      else seen.confidence = Math.max(seen.confidence, confidence);
    }
    // Rank by BM25 (with context) weighted by how well the question and the phrasing cover each other, so a phrasing
    // that matches the whole question beats a partial match that only has the context on its side.
    for (const c of byEntry.values()) c.score *= c.confidence;
    return [...byEntry.values()].sort((a, b) => b.score - a.score);
  }
}

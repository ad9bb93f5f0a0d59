/**
 * Retrieval over every phrasing of every knowledge-base entry. `retrieve` fuses two signals (fusion.ts):
 *   - lexical: BM25 over the phrasings (wink-bm25-text-search), with how much of the question the best phrasing
 *     covers (below);
 *   - semantic: word vectors (semantic.ts): soft word coverage and SIF sentence similarity, so paraphrases that
 *     share no word with a phrasing still find their entry;
 * plus the solution in context or named, whether the entry's phrasings ask the same kind of thing (size,
 * duration, where, …: questionType.ts) and how much of the question its answer text has (answerField.ts). Typos are corrected first against the knowledge base's curated words and the
 * English lexicon (knowledgeSpeller.ts; a known word is never corrected). One clear winner: the answer; two close: "did you mean"; none close: unknown.
 *
 * `rank` is the lexical ranking alone (used to match typed words against the two "did you mean" options):
 *   - rank entries by their best phrasing's BM25 score, preferring the solution in context (or named: it wins);
 *   - confidence = how much of the question the best phrasing covers, weighted by how rare each word is;
 *   - above the answer threshold: the answer; two close candidates: "did you mean"; below: the honest fallback.
 */
import type { SpellCorrector } from '../nlu/spell';
import { normalizeText } from '../text/normalize';
import { tokenize } from '../text/tokenize';
import { DEFAULT_FUSION, decide, fuse, toArray, type FeatureVector, type FusionModel } from './fusion';
import type { KnowledgeBaseContent } from './loadKnowledge';
import { PhrasingClassifier } from './phrasingClassifier';
import { questionTypeOf, QUESTION_TYPES, type QuestionType } from './questionType';
import type { KnowledgeEntry } from './schema';
import { SemanticMatcher } from './semantic';
import { contentWordsOf, ENGLISH_TERMS, foldText, type TermLanguage, termsOf, wordCanon } from './terms';
import { decideLexically } from './lexicalRetrieval';
import { AnswerField } from './answerField';
import type { Language } from '../content/i18n/languages';
import { loadWordVectors, type WordVectors } from './wordVectors';
import { knowledgeSpeller } from './knowledgeSpeller';

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

const DEFAULT_THRESHOLDS: RetrievalThresholds = { answer: 0.6, suggest: 0.5, closeRatio: 0.9, contextBoost: 1.6 };

export interface Candidate {
  entry: KnowledgeEntry;
  /** `rank`: BM25 score of the best phrasing, with the context boost, times `confidence`. `retrieve`: the fused probability. */
  score: number;
  /** `rank`: share of the question's (IDF-weighted) words the best phrasing covers. `retrieve`: the fused probability. */
  confidence: number;
}

export interface KnowledgeIndexOptions {
  /** Word vectors (default: dialogs/knowledge-vectors.bin of this repository, read once per process). */
  vectors?: WordVectors;
  /** Fusion weights and thresholds (default: DEFAULT_FUSION). */
  fusion?: FusionModel;
  /**
   * Another language than English (a translated knowledge.yaml): its normalisation, stemmer and stop words. The word
   * vectors and the fusion are English's, so another language is retrieved lexically (BM25 with coverage, the
   * phrasing classifier's "none"): see retrieveLexically.
   */
  terms?: TermLanguage;
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
  private readonly answers: AnswerField;
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  private readonly topicRules: Array<{ solution: string; phrase: RegExp }>;
  private readonly semantic: SemanticMatcher | undefined;
  private readonly speller: SpellCorrector;
  private readonly classifier: PhrasingClassifier;
  private readonly vectors: WordVectors | undefined;
  private readonly terms: TermLanguage;
  /** Per entry: share of its phrasings (title included) of each question type. */
  private readonly typeShares: Array<Map<QuestionType, number>>;
  readonly fusion: FusionModel;

  constructor(
    readonly content: KnowledgeBaseContent,
    readonly thresholds: RetrievalThresholds = DEFAULT_THRESHOLDS,
    options: KnowledgeIndexOptions = {},
  ) {
    const synonyms = content.synonyms;
    this.terms = options.terms ?? ENGLISH_TERMS;
    this.engine = bm25();
    this.engine.defineConfig({ fldWeights: { text: 1 }, bm25Params: { k1: 1.2, b: 0.5, k: 1 } });
    this.engine.definePrepTasks([(input: string) => termsOf(input, synonyms, this.terms)]);
    const df = new Map<string, number>();
    content.entries.forEach((entry, e) => {
      [entry.title, ...entry.questions].forEach((q, k) => {
        const id = `${e}:${k}`;
        const terms = new Set(termsOf(q, synonyms, this.terms));
        if (terms.size === 0) return;
        this.docs.set(id, { entry: e, terms });
        for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
        this.engine.addDoc({ text: q }, id);
      });
    });
    this.engine.consolidate();
    this.answers = new AnswerField(content.entries.map((entry) => termsOf(entry.answer, synonyms, this.terms)), (t) => this.idf.get(t) ?? this.maxIdf);
    const n = this.docs.size;
    for (const [t, d] of df) this.idf.set(t, Math.log(1 + (n - d + 0.5) / (d + 0.5)));
    this.maxIdf = Math.log(1 + (n + 0.5) / 0.5);
    this.topicRules = Object.entries(content.topics).flatMap(([solution, phrases]) =>
      phrases.map((p) => ({ solution, phrase: new RegExp(`(?<![a-z0-9])${foldText(p, synonyms, this.terms).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9])`) })),
    );
    this.fusion = options.fusion ?? DEFAULT_FUSION;
    const english = this.language === 'en';
    this.vectors = english ? (options.vectors ?? loadWordVectors()) : undefined;
    const texts = content.entries.flatMap((entry, e) => [entry.title, ...entry.questions].map((text) => ({ entry: e, text })));
    this.semantic = this.vectors ? new SemanticMatcher(this.vectors, texts, content.entries.length, content.entries.map((e) => e.answer), wordCanon(synonyms)) : undefined;
    this.speller = knowledgeSpeller(content, this.terms);
    // The classifier sees synonyms folded ("reboot" is "restart"), as BM25 does.
    const fold = (t: string): string => foldText(t, synonyms, this.terms);
    this.classifier = new PhrasingClassifier(content.entries.map((e) => [e.title, ...e.questions].map(fold)), content.unanswered.map(fold), this.language, this.terms.stop);
    this.typeShares = content.entries.map((entry) => {
      const types = [entry.title, ...entry.questions].map((q) => (english ? questionTypeOf(q) : 'other'));
      return new Map(QUESTION_TYPES.map((t) => [t, types.filter((x) => x === t).length / types.length]));
    });
  }

  /**
   * The question with chat shorthand spelled out and misspelt words corrected ("hw lomg" → how long, "delte" →
   * delete): against the knowledge base's curated words and, in English, the English lexicon (knowledgeSpeller.ts).
   */
  correct(question: string): string {
    return tokenize(normalizeText(question, this.language), this.language)
      .map((w) => this.speller.correct(w))
      .join(' ');
  }

  /** The solution a question names explicitly ("reset all settings"), if exactly one. */
  topicOf(question: string): string | undefined {
    const folded = foldText(question, this.content.synonyms, this.terms);
    const named = new Set(this.topicRules.filter((r) => r.phrase.test(folded)).map((r) => r.solution));
    return named.size === 1 ? [...named][0] : undefined;
  }

  /** The language of the entries (English unless built from a translation). */
  get language(): Language {
    return this.terms.language;
  }

  /** Ranks the entries by the fused probability and decides (the gate only if the classifier learnt "none"; else thresholds). */
  retrieve(question: string, context: RetrievalContext = {}): Retrieval {
    if (!this.semantic) return decideLexically(this.rank(this.correct(question), context), this.thresholds, this.noneProbability(question));
    const { features, none } = this.scored(question, context);
    if (features.length === 0) return { kind: 'unknown', confidence: 0, candidates: [] };
    const { entries: p, none: pNone } = fuse(features.map(toArray), this.fusion, none);
    const candidates = p
      .map((probability, e) => ({ entry: this.content.entries[e]!, score: probability, confidence: probability }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    const decision = decide(p, this.fusion, pNone, this.classifier.learntNone ? { classifierNone: none, uncovered: features.map((f) => f.uncovered) } : undefined);
    const confidence = candidates[0]?.confidence ?? 0;
    if (decision.kind === 'answer') return { kind: 'answer', entry: this.content.entries[decision.first]!, confidence, candidates };
    if (decision.kind === 'didYouMean') {
      return { kind: 'didYouMean', options: [this.content.entries[decision.first]!, this.content.entries[decision.second]!], confidence, candidates };
    }
    return { kind: 'unknown', confidence, candidates };
  }

  /**
   * The fusion's features of every entry for a question (no entries when the question has no words to match), and
   * the classifier's probability that no entry answers it.
   */
  scored(question: string, context: RetrievalContext = {}): { features: FeatureVector[]; none: number } {
    const corrected = this.correct(question);
    const words = contentWordsOf(corrected, this.terms);
    const terms = termsOf(corrected, this.content.synonyms, this.terms);
    if (words.length === 0 && terms.length === 0) return { features: [], none: 1 };
    const classified = this.classifier.probabilities(foldText(corrected, this.content.synonyms, this.terms));
    const lexical = this.lexical(corrected);
    const bestRaw = Math.max(0, ...[...lexical.values()].map((l) => l.raw));
    const semantic = this.semantic!.scores(words);
    const bestSoft = Math.max(0, ...semantic.map((s) => s.soft));
    const bestSentence = Math.max(0, ...semantic.map((s) => s.sentence));
    const named = this.topicOf(corrected);
    const inContext = named ?? context.solutionId;
    const type = questionTypeOf(corrected);
    const vagueness = 1 / Math.max(1, words.length); // few words of its own: the step it is asked at says the rest
    const features = this.content.entries.map((entry, e) => {
      const lex = lexical.get(e);
      const sem = semantic[e]!;
      const bound = (entry.solutions?.length ?? 0) > 0;
      const of = (s: string | undefined): boolean => s !== undefined && entry.solutions?.includes(s) === true;
      const share = type === 'other' ? 0 : (this.typeShares[e]!.get(type) ?? 0);
      return {
        coverage: lex?.confidence ?? 0,
        bm25: lex && bestRaw > 0 ? lex.raw / bestRaw : 0,
        soft: sem.soft,
        sentence: sem.sentence,
        softGap: sem.soft - bestSoft,
        sentenceGap: sem.sentence - bestSentence,
        // A solution the question names is its context, whatever step the person is on.
        context: of(inContext) ? 1 : 0,
        elsewhere: inContext !== undefined && bound && !of(inContext) ? 1 : 0,
        named: of(named) ? 1 : 0,
        namedElsewhere: named !== undefined && bound && !of(named) ? 1 : 0,
        typeShare: share,
        typeMiss: type !== 'other' && share === 0 ? 1 : 0,
        lexicalQuery: lex?.queryCoverage ?? 0,
        softQuery: sem.softQuery,
        classifier: classified[e]!,
        uncovered: sem.uncovered,
        answerQuery: this.answers.coverage(terms, e),
        contained: sem.contained,
        classifierLog: Math.max(0, 1 + Math.log(classified[e]!) / Math.log(1e4)),
        contextVague: of(inContext) ? vagueness : 0,
      };
    });
    return { features, none: classified[this.classifier.none]! };
  }

  /** The phrasing classifier's probability that no entry answers the question. */
  private noneProbability(question: string): number {
    return this.classifier.probabilities(foldText(this.correct(question), this.content.synonyms, this.terms))[this.classifier.none]!;
  }

  /** Per entry (index): its best phrasing's raw BM25 score and that phrasing's two-way coverage of the question. */
  private lexical(question: string): Map<number, { raw: number; confidence: number; queryCoverage: number }> {
    const out = new Map<number, { raw: number; confidence: number; queryCoverage: number }>();
    const queryTerms = termsOf(question, this.content.synonyms, this.terms);
    if (queryTerms.length === 0) return out;
    const weight = (t: string): number => this.idf.get(t) ?? this.maxIdf;
    const distinct = [...new Set(queryTerms)];
    const total = distinct.reduce((sum, t) => sum + weight(t), 0);
    for (const [docId, raw] of this.engine.search(question, 60)) {
      const doc = this.docs.get(docId)!;
      const covered = distinct.filter((t) => doc.terms.has(t)).reduce((sum, t) => sum + weight(t), 0);
      const docTotal = [...doc.terms].reduce((sum, t) => sum + weight(t), 0);
      const queryCoverage = total > 0 ? covered / total : 0;
      const confidence = Math.sqrt(queryCoverage * (docTotal > 0 ? covered / docTotal : 0));
      const seen = out.get(doc.entry);
      out.set(doc.entry, {
        raw: Math.max(raw, seen?.raw ?? 0),
        confidence: Math.max(confidence, seen?.confidence ?? 0),
        queryCoverage: Math.max(queryCoverage, seen?.queryCoverage ?? 0),
      });
    }
    return out;
  }

  /** Entries ranked best first (one per entry), with context boost and confidence. */
  rank(question: string, context: RetrievalContext = {}): Candidate[] {
    const queryTerms = termsOf(question, this.content.synonyms, this.terms);
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

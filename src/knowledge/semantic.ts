/**
 * The semantic signal: how close a question is to each entry's phrasings in meaning, with word vectors, where BM25
 * only sees shared words ("how big" ~ "size", "hogging" ~ "using"). Two measures per entry, each the best over its
 * phrasings (title included):
 *   - `sentence`: cosine of SIF sentence embeddings, after removing the phrasings' common component;
 *   - `soft`: soft word coverage both ways — each question word counts by its best match in the phrasing (1 for the
 *     same stem, else the rescaled cosine of the two words' vectors), weighted by how rare the word is (SIF weight),
 *     and the same from the phrasing's side; the geometric mean of the two (a soft version of BM25's coverage).
 * Everything is precomputed at construction; a query embeds its words once (≈ 10 words × the knowledge base's
 * vocabulary of ~1,000 words).
 */
import { stem } from '../text/tokenize';
import { contentWordsOf } from './terms';
import { cosine, type WordVectors } from './wordVectors';

/** Cosines below this count as no similarity; above, they are rescaled to 0..1. */
const SIMILARITY_FLOOR = 0.35;

export interface SemanticScores {
  /** Best sentence-embedding cosine over the entry's phrasings. */
  sentence: number;
  /** Best soft two-way word coverage over the entry's phrasings (0..1). */
  soft: number;
  /** Best one-way soft coverage of the question's words by a phrasing (0..1): low when the question is about something else. */
  softQuery: number;
  /**
   * The question's key word the entry does not cover (0..1): over the question's words, the largest
   * (SIF weight relative to the question's heaviest word) × (1 − its best match in ANY of the entry's phrasings or
   * its answer). High when the question is about something the entry never mentions ("merge" two Apple IDs, update
   * my "apps"), however well its other words match.
   */
  uncovered: number;
  /**
   * Best one-way soft coverage of a phrasing by the question (0..1): how much of the phrasing the question says,
   * whatever else it says. A long rambling question ("my grandson set this phone up … what my Apple ID even is …")
   * covers a phrasing's words although the phrasing covers few of its own; the two-way measures fall with its length.
   */
  contained: number;
}

/** Words one synonym group folds together (knowledge.yaml `synonyms`, single words): variant → canonical. */
export type WordCanon = (word: string) => string;

interface Phrasing {
  entry: number;
  words: string[];
  stems: string[];
  weights: number[];
  /** Index of each word in the vocabulary matrix (-1: no vector). */
  vocab: number[];
  embedding: Float64Array;
}

export class SemanticMatcher {
  private readonly phrasings: Phrasing[] = [];
  private readonly vocabulary = new Map<string, number>();
  /** Unit vectors of the vocabulary, row-major. */
  private readonly unit: Float32Array;
  private readonly common: Float64Array;
  /** Per entry: the distinct words of its phrasings and answer (canonical stem, vocabulary index or -1). */
  private readonly entryWords: Array<Array<{ key: string; vocab: number }>>;

  /**
   * `texts`: every phrasing with its entry; `answers[e]`: entry e's answer (its words count for `uncovered`);
   * `canon`: synonyms folded to one word, so "reboot" matches "restart" as the same word.
   */
  constructor(
    private readonly vectors: WordVectors,
    texts: ReadonlyArray<{ entry: number; text: string }>,
    readonly entries: number,
    answers: readonly string[] = [],
    private readonly canon: WordCanon = (w) => w,
  ) {
    const dims = vectors.dimensions;
    const addToVocabulary = (w: string): void => {
      if (vectors.has(w) && !this.vocabulary.has(w)) this.vocabulary.set(w, this.vocabulary.size);
    };
    const entryWords = Array.from({ length: entries }, () => new Set<string>());
    for (const { entry, text } of texts) {
      const words = contentWordsOf(text);
      if (words.length === 0) continue;
      words.forEach(addToVocabulary);
      for (const w of words) entryWords[entry]?.add(w);
      this.phrasings.push({ entry, words, stems: words.map((w) => this.keyOf(w)), weights: words.map((w) => vectors.weight(w)), vocab: [], embedding: vectors.embed(words) });
    }
    answers.forEach((answer, e) => {
      for (const w of contentWordsOf(answer)) {
        addToVocabulary(w);
        entryWords[e]?.add(w);
      }
    });
    this.unit = new Float32Array(this.vocabulary.size * dims);
    const v = new Float64Array(dims);
    for (const [word, i] of this.vocabulary) {
      v.fill(0);
      vectors.addTo(v, word, 1);
      const norm = Math.hypot(...v) || 1;
      for (let d = 0; d < dims; d++) this.unit[i * dims + d] = v[d]! / norm;
    }
    for (const p of this.phrasings) p.vocab = p.words.map((w) => this.vocabulary.get(w) ?? -1);
    this.entryWords = entryWords.map((words) => [...words].map((w) => ({ key: this.keyOf(w), vocab: this.vocabulary.get(w) ?? -1 })));
    this.common = firstPrincipalComponent(this.phrasings.map((p) => p.embedding), dims);
    for (const p of this.phrasings) removeComponent(p.embedding, this.common);
  }

  /** A word's stem, synonyms folded: two words match exactly when their keys are equal. */
  private keyOf(word: string): string {
    return stem(this.canon(word));
  }

  /** Per entry: best sentence cosine and best soft coverage over its phrasings. `words`: the question's content words. */
  scores(words: readonly string[]): SemanticScores[] {
    const out: SemanticScores[] = Array.from({ length: this.entries }, () => ({ sentence: 0, soft: 0, softQuery: 0, uncovered: 0, contained: 0 }));
    if (words.length === 0) return out;
    const query: Query = { stems: words.map((w) => this.keyOf(w)), weights: words.map((w) => this.vectors.weight(w)), sim: this.similarities(words) };
    this.scorePhrasings(words, query, out);
    this.scoreUncovered(query, out);
    return out;
  }

  /** Similarity of each question word to each vocabulary word (rescaled cosine), row-major (word × vocabulary). */
  private similarities(words: readonly string[]): Float32Array {
    const dims = this.vectors.dimensions;
    const V = this.vocabulary.size;
    const sim = new Float32Array(words.length * V);
    const q = new Float64Array(dims);
    words.forEach((w, i) => {
      q.fill(0);
      if (!this.vectors.addTo(q, w, 1)) return;
      const norm = Math.hypot(...q) || 1;
      for (let j = 0; j < V; j++) {
        let dot = 0;
        const base = j * dims;
        for (let d = 0; d < dims; d++) dot += q[d]! * this.unit[base + d]!;
        sim[i * V + j] = Math.max(0, (dot / norm - SIMILARITY_FLOOR) / (1 - SIMILARITY_FLOOR));
      }
    });
    return sim;
  }

  /** `sentence`, `soft` and `softQuery` of every entry: the best over its phrasings. */
  private scorePhrasings(words: readonly string[], query: Query, out: SemanticScores[]): void {
    const { stems, weights, sim } = query;
    const V = this.vocabulary.size;
    const embedding = this.vectors.embed(words);
    removeComponent(embedding, this.common);
    const qTotal = weights.reduce((a, b) => a + b, 0);
    for (const p of this.phrasings) {
      const pair = (i: number, k: number): number => (stems[i] === p.stems[k] ? 1 : p.vocab[k]! >= 0 ? sim[i * V + p.vocab[k]!]! : 0);
      let qCovered = 0;
      for (let i = 0; i < words.length; i++) {
        let best = 0;
        for (let k = 0; k < p.words.length; k++) best = Math.max(best, pair(i, k));
        qCovered += weights[i]! * best;
      }
      let pCovered = 0;
      let pTotal = 0;
      for (let k = 0; k < p.words.length; k++) {
        let best = 0;
        for (let i = 0; i < words.length; i++) best = Math.max(best, pair(i, k));
        pCovered += p.weights[k]! * best;
        pTotal += p.weights[k]!;
      }
      const soft = qTotal > 0 && pTotal > 0 ? Math.sqrt((qCovered / qTotal) * (pCovered / pTotal)) : 0;
      const sentence = cosine(embedding, p.embedding);
      const s = out[p.entry]!;
      if (soft > s.soft) s.soft = soft;
      if (qTotal > 0 && qCovered / qTotal > s.softQuery) s.softQuery = qCovered / qTotal;
      if (sentence > s.sentence) s.sentence = sentence;
      if (pTotal > 0 && pCovered / pTotal > s.contained) s.contained = pCovered / pTotal;
    }
  }

  /** `uncovered` of every entry: the question's heaviest word none of the entry's words (phrasings, answer) matches. */
  private scoreUncovered(query: Query, out: SemanticScores[]): void {
    const { stems, weights, sim } = query;
    const V = this.vocabulary.size;
    const heaviest = Math.max(...weights);
    this.entryWords.forEach((list, e) => {
      let uncovered = 0;
      for (let i = 0; i < stems.length; i++) {
        let best = 0;
        for (const w of list) {
          best = Math.max(best, stems[i] === w.key ? 1 : w.vocab >= 0 ? sim[i * V + w.vocab]! : 0);
          if (best === 1) break;
        }
        uncovered = Math.max(uncovered, (weights[i]! / heaviest) * (1 - best));
      }
      out[e]!.uncovered = uncovered;
    });
  }
}

/** A question's content words as the scorers use them: keys, SIF weights and similarities to the vocabulary. */
interface Query {
  stems: string[];
  weights: number[];
  sim: Float32Array;
}

/** First principal component (uncentred, as in SIF) by power iteration. */
function firstPrincipalComponent(rows: readonly Float64Array[], dims: number): Float64Array {
  let u = new Float64Array(dims).fill(1 / Math.sqrt(dims));
  for (let iter = 0; iter < 30; iter++) {
    const next = new Float64Array(dims);
    for (const r of rows) {
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += r[d]! * u[d]!;
      for (let d = 0; d < dims; d++) next[d]! += dot * r[d]!;
    }
    const norm = Math.hypot(...next);
    if (norm === 0) return next;
    for (let d = 0; d < dims; d++) next[d]! /= norm;
    u = next;
  }
  return u;
}

function removeComponent(v: Float64Array, u: Float64Array): void {
  let dot = 0;
  for (let d = 0; d < v.length; d++) dot += v[d]! * u[d]!;
  for (let d = 0; d < v.length; d++) v[d]! -= dot * u[d]!;
}

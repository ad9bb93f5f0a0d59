/**
 * Conservative spelling correction ("iclod" → icloud, "bakup" → backup, "lomg" → long). A word is known — and never
 * corrected — when it is in the domain vocabulary (the words the caller gives: the training texts, the knowledge
 * base's content) or in the English lexicon (src/text/englishLexicon.ts: SCOWL's common English words). An unknown
 * alphabetic word of 4+ letters is corrected to a known word with the same first letter (or the first two swapped:
 * "tsorage") at Damerau–Levenshtein distance 1 (distance 2, domain words only, for words of 9+ letters); a 3-letter
 * word only to a 4-letter word it lacks a letter of ("wfi" → wifi) or to its two letters swapped ("teh" → the), a
 * domain word or a very common one. A
 * letter repeated for emphasis is first taken back ("pleeease" → please, "sooo" → so).
 *
 * Candidates come from a deletion index of the domain words (SymSpell style) and from the one-edit variants of the
 * word looked up in the lexicon; natural's Damerau-Levenshtein distance confirms them. Among candidates, in order:
 *   1. the smaller distance;
 *   2. a domain word over a word only the lexicon has ("psace": space, not peace);
 *   3. the commoner typo (spellTypos.ts): a letter dropped, doubled, swapped, or a neighbouring key hit ("lomg":
 *      long, a neighbouring key, beats log, a stray letter; "sace": space, not same);
 *   4. the more frequent word (domain count, then how often it is said: SUBTLEX-US: "wuld" is would, not wild).
 */
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/levenshtein_distance';
import { englishLexicon, type EnglishLexicon } from '../text/englishLexicon';
import type { TextLanguage } from '../text/languages';
import { isCommonTypo, oneEditVariants, withoutEmphasis } from './spellTypos';

const MIN_LENGTH = 4;
const LONG_WORD = 9;
/** SCOWL sizes of the very common words a 3-letter word may be swapped back to. */
const COMMON_LEVEL = 20;

/** The lexicon of a language's common words: English's (SCOWL); none for the others (their domain words only). */
export function lexiconFor(language: TextLanguage): EnglishLexicon | undefined {
  return language === 'en' ? englishLexicon() : undefined;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** How a candidate ranks (smaller is better, compared field by field). */
type Rank = [distance: number, notDomain: number, rareTypo: number, domainFrequency: number, saidFrequency: number];

function better(a: Rank, b: Rank): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

export class SpellCorrector {
  private readonly frequency: Map<string, number>;
  /** deletion variant → domain words producing it (including the word itself). */
  private readonly index = new Map<string, string[]>();
  private readonly cache = new Map<string, string>();
  /** No domain word is within reach of a word longer than this (bounds the work on hostile input). */
  private readonly longestReachable: number;

  /** `words`: word → frequency in the domain texts; `lexicon`: the language's common words (English only). */
  constructor(
    words: ReadonlyMap<string, number>,
    private readonly lexicon?: EnglishLexicon,
  ) {
    this.frequency = new Map(words);
    for (const word of this.frequency.keys()) {
      if (!/^[a-z]+$/.test(word) || word.length < MIN_LENGTH - 1) continue;
      for (const key of [word, ...deletions(word)]) {
        const list = this.index.get(key);
        if (list) {
          if (!list.includes(word)) list.push(word);
        } else this.index.set(key, [word]);
      }
    }
    const longest = Math.max(0, ...[...this.frequency.keys()].map((w) => w.length));
    this.longestReachable = Math.max(longest + 2, lexicon ? 32 : 0);
  }

  /** The domain dictionary as a sorted list (persisted with the model). */
  words(): Array<[string, number]> {
    return [...this.frequency.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** A known word: a domain word or a word of the lexicon. */
  has(word: string): boolean {
    return this.frequency.has(word) || this.lexicon?.level(word) !== undefined;
  }

  /** The corrected word, or the word itself when it is known or no safe correction exists. */
  correct(word: string): string {
    if (word.length < MIN_LENGTH - 1 || word.length > this.longestReachable || this.has(word) || !/^[a-z]+$/.test(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const plain = withoutEmphasis(word, (w) => this.has(w));
    if (plain !== undefined) return this.remember(word, plain);
    if (word.length < MIN_LENGTH) return this.remember(word, this.shortWord(word));
    const maxDistance = word.length >= LONG_WORD ? 2 : 1;
    let best = word;
    let bestRank: Rank | undefined;
    for (const candidate of this.candidates(word, maxDistance)) {
      const rank = this.rank(word, candidate, maxDistance);
      if (rank && (!bestRank || better(rank, bestRank))) {
        best = candidate;
        bestRank = rank;
      }
    }
    return this.remember(word, best);
  }

  /** Known words that may be what `word` meant: the domain index's and the lexicon's one-edit variants. */
  private candidates(word: string, maxDistance: number): Set<string> {
    const out = new Set<string>();
    const probes = [word, ...deletions(word)];
    if (maxDistance === 2) for (const d of deletions(word)) probes.push(...deletions(d));
    for (const probe of probes) for (const candidate of this.index.get(probe) ?? []) out.add(candidate);
    if (this.lexicon) for (const variant of oneEditVariants(word, true)) if (this.lexicon.level(variant) !== undefined) out.add(variant);
    return out;
  }

  /** The candidate's rank, or undefined when it is out of reach (another first letter, too far). */
  private rank(word: string, candidate: string, maxDistance: number): Rank | undefined {
    const swappedStart = candidate[0] === word[1] && candidate[1] === word[0];
    if (candidate[0] !== word[0] && !swappedStart) return undefined;
    const distance = DamerauLevenshteinDistance(word, candidate, { restricted: true });
    const domain = this.frequency.get(candidate);
    // Distance 2 only to a domain word: the lexicon's 60,000 words are too many to be that lenient with.
    if (distance > maxDistance || (distance > 1 && domain === undefined)) return undefined;
    return [distance, domain === undefined ? 1 : 0, distance === 1 && isCommonTypo(word, candidate) ? 0 : 1, -(domain ?? 0), -(this.lexicon?.frequency(candidate) ?? 0)];
  }

  /**
   * A 3-letter word: the most frequent 4-letter domain word with the same first letter it lacks a letter of ("wfi" →
   * wifi), or else such a very common English word (SCOWL size 10–20: "fnd" → find), else a domain word or a very
   * common word it is two swapped letters of ("teh" → the).
   */
  private shortWord(word: string): string {
    const common = (w: string): boolean => this.frequency.has(w) || (this.lexicon?.level(w) ?? 100) <= COMMON_LEVEL;
    const byFrequency = (a: string, b: string): number =>
      (this.frequency.get(b) ?? 0) - (this.frequency.get(a) ?? 0) || (this.lexicon?.frequency(b) ?? 0) - (this.lexicon?.frequency(a) ?? 0);
    const domain = (this.index.get(word) ?? []).filter((c) => c.length === word.length + 1 && c[0] === word[0]);
    const longer = domain.length > 0 || !this.lexicon ? domain : [...oneEditVariants(word, true)].filter((c) => c.length === word.length + 1 && c[0] === word[0] && common(c));
    if (longer.length > 0) return longer.sort(byFrequency)[0]!;
    const swaps = [word[1]! + word[0]! + word[2]!, word[0]! + word[2]! + word[1]!].filter((w) => w !== word && common(w));
    return swaps.sort(byFrequency)[0] ?? word;
  }

  private remember(word: string, corrected: string): string {
    if (this.cache.size < 10_000) this.cache.set(word, corrected);
    return corrected;
  }
}

/**
 * Conservative spelling correction against the training vocabulary ("iclod" → icloud, "bakup" → backup).
 * Candidates come from a deletion index (SymSpell style, so look-ups stay fast); natural's Damerau-Levenshtein
 * distance confirms them. Only unknown alphabetic words of 4+ letters are corrected, only to a known word with the
 * same first letter (or the first two letters swapped: "tsorage"), at distance 1 (distance 2 for words of 9+ letters);
 * a 3-letter word only to a 4-letter word it lacks one letter of ("wfi" → wifi, the most frequent of them). At the same distance a letter
 * dropped, doubled or swapped wins over a wrong letter ("sace" → space, not same): those are the commoner typos;
 * then the more frequent word.
 */
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/levenshtein_distance';

const MIN_LENGTH = 4;
const LONG_WORD = 9;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

export class SpellCorrector {
  private readonly frequency: Map<string, number>;
  /** deletion variant → dictionary words producing it (including the word itself). */
  private readonly index = new Map<string, string[]>();
  private readonly cache = new Map<string, string>();
  /** No dictionary word is within reach of a word longer than this (bounds the work on hostile input). */
  private readonly longestReachable: number;

  /** `words`: word → frequency in the training data. */
  constructor(words: ReadonlyMap<string, number>) {
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
    this.longestReachable = longest + 2;
  }

  /** The dictionary as a sorted list (persisted with the model). */
  words(): Array<[string, number]> {
    return [...this.frequency.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  has(word: string): boolean {
    return this.frequency.has(word);
  }

  /** The corrected word, or the word itself when it is known or no safe correction exists. */
  correct(word: string): string {
    if (word.length < MIN_LENGTH - 1 || word.length > this.longestReachable || this.frequency.has(word) || !/^[a-z]+$/.test(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    if (word.length < MIN_LENGTH) return this.remember(word, this.withOneMoreLetter(word));
    const maxDistance = word.length >= LONG_WORD ? 2 : 1;
    const seen = new Set<string>();
    let best = word;
    let bestDistance = Infinity;
    let bestFrequency = 0;
    let bestSubstitution = true;
    const probes = [word, ...deletions(word)];
    if (maxDistance === 2) for (const d of deletions(word)) probes.push(...deletions(d));
    for (const probe of probes) {
      for (const candidate of this.index.get(probe) ?? []) {
        const swappedStart = candidate[0] === word[1] && candidate[1] === word[0];
        if (seen.has(candidate) || (candidate[0] !== word[0] && !swappedStart)) continue;
        seen.add(candidate);
        const distance = DamerauLevenshteinDistance(word, candidate, { restricted: true });
        if (distance > maxDistance) continue;
        const frequency = this.frequency.get(candidate) ?? 0;
        const substitution = candidate.length === word.length && [...candidate].sort().join('') !== [...word].sort().join('');
        const better =
          distance < bestDistance ||
          (distance === bestDistance && (substitution < bestSubstitution || (substitution === bestSubstitution && frequency > bestFrequency)));
        if (better) {
          best = candidate;
          bestDistance = distance;
          bestFrequency = frequency;
          bestSubstitution = substitution;
        }
      }
    }
    return this.remember(word, best);
  }

  /** A 3-letter word: the most frequent known 4-letter word with the same first letter it lacks a letter of. */
  private withOneMoreLetter(word: string): string {
    const candidates = (this.index.get(word) ?? []).filter((c) => c.length === word.length + 1 && c[0] === word[0]);
    candidates.sort((a, b) => (this.frequency.get(b) ?? 0) - (this.frequency.get(a) ?? 0));
    return candidates[0] ?? word;
  }

  private remember(word: string, corrected: string): string {
    if (this.cache.size < 10_000) this.cache.set(word, corrected);
    return corrected;
  }
}

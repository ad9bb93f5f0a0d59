/**
 * Deterministic misspellings of a word, as people make them: a letter dropped, two neighbours swapped, a letter
 * doubled. The first letter is never dropped (people rarely do; "hw" for "how" is a drop of the second).
 */
export function misspellings(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) {
    if (word.length >= 3 && i > 0) out.add(word.slice(0, i) + word.slice(i + 1));
    if (i + 1 < word.length && word[i] !== word[i + 1]) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    out.add(word.slice(0, i + 1) + word[i] + word.slice(i + 1));
  }
  out.delete(word);
  return [...out];
}

/** A few of them, spread over the word (first, middle and last kinds of edit), deterministic. */
export function someMisspellings(word: string, count = 3): string[] {
  const all = misspellings(word);
  if (all.length <= count) return all;
  return Array.from({ length: count }, (_, k) => all[Math.floor((k * (all.length - 1)) / (count - 1))]!);
}

/** `text` with `word` (a whole word) replaced by each of its misspellings. */
export function withTypos(text: string, word: string, count = 3): string[] {
  const re = new RegExp(`\\b${word}\\b`, 'i');
  if (!re.test(text)) throw new Error(`"${word}" is not a word of "${text}"`);
  return someMisspellings(word.toLowerCase(), count).map((typo) => text.replace(re, typo));
}

const KEY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** The keys left and right of a letter on its QWERTY row (what a finger hits beside it). */
function sideKeys(letter: string): string[] {
  const row = KEY_ROWS.find((r) => r.includes(letter));
  if (!row) return [];
  const i = row.indexOf(letter);
  return [row[i - 1], row[i + 1]].filter((k): k is string => k !== undefined);
}

/**
 * Generated misspellings of a word of every common kind: a letter dropped, two neighbours swapped, a letter doubled
 * (misspellings above) and a letter hit for the key beside it ("lomg" for "long"); never at the first letter.
 */
export function typoVariants(word: string): string[] {
  const out = new Set(misspellings(word));
  for (let i = 1; i < word.length; i++) for (const key of sideKeys(word[i]!)) out.add(word.slice(0, i) + key + word.slice(i + 1));
  out.delete(word);
  return [...out];
}

/**
 * What typos look like, for spelling correction (spell.ts): the one-edit variants of a word, whether a variant is a
 * common typo (a letter dropped, doubled, two swapped, or a neighbouring key hit on a QWERTY keyboard) and letters
 * repeated for emphasis ("pleeease").
 */

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** Letter → the letters around it on a QWERTY keyboard (same row and the rows above and below). */
const NEIGHBOURS: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const position = new Map<string, [number, number]>();
  ROWS.forEach((row, r) => [...row].forEach((ch, c) => position.set(ch, [r, c + r * 0.5])));
  const out = new Map<string, Set<string>>();
  for (const [a, [ra, ca]] of position) {
    const near = new Set<string>();
    for (const [b, [rb, cb]] of position) if (a !== b && Math.abs(ra - rb) <= 1 && Math.abs(ca - cb) <= 1) near.add(b);
    out.set(a, near);
  }
  return out;
})();

/** Whether two letters are neighbouring keys. */
function nearKeys(a: string, b: string): boolean {
  return NEIGHBOURS.get(a)?.has(b) === true;
}

/**
 * Every string one deletion, transposition, substitution or insertion of a letter away from `word`; with
 * `keepFirst`, only those that keep its first letter or swap the first two (what spelling correction may reach).
 */
export function oneEditVariants(word: string, keepFirst = false): Set<string> {
  const out = new Set<string>();
  if (keepFirst && word.length > 1) out.add(word[1]! + word[0]! + word.slice(2));
  for (let i = keepFirst ? 1 : 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const ch of ALPHABET) {
      if (tail) out.add(head + ch + tail.slice(1));
      out.add(head + ch + tail);
    }
  }
  out.delete(word);
  return out;
}

/**
 * Whether `typed` is `meant` with a common typo: a letter dropped, two neighbouring letters swapped (after the first), a letter doubled
 * or a stray letter next to a key it neighbours, one letter hit for its neighbouring key. (One edit apart only.)
 */
export function isCommonTypo(typed: string, meant: string): boolean {
  if (typed.length + 1 === meant.length) return true;
  if (typed.length === meant.length + 1) {
    const i = [...meant].findIndex((ch, k) => ch !== typed[k]);
    const at = i < 0 ? meant.length : i;
    const extra = typed[at]!;
    return [typed[at - 1], typed[at + 1]].some((n) => n !== undefined && (n === extra || nearKeys(n, extra)));
  }
  if (typed.length !== meant.length) return false;
  const diff = [...typed].flatMap((ch, k) => (ch === meant[k] ? [] : [k]));
  // Two letters swapped (not the first two: people rarely get the first letter wrong).
  if (diff.length === 2) return diff[0]! > 0 && diff[1] === diff[0]! + 1 && typed[diff[0]!] === meant[diff[1]!] && typed[diff[1]!] === meant[diff[0]!];
  return diff.length === 1 && nearKeys(typed[diff[0]!]!, meant[diff[0]!]!);
}

/**
 * A word with letters repeated for emphasis ("pleeease", "sooo", "yesss"), spelled plainly when that is a known word:
 * each run of three or more letters shortened to two, then to one. Undefined when the word has no such run.
 */
export function withoutEmphasis(word: string, known: (w: string) => boolean): string | undefined {
  if (!/([a-z])\1\1/.test(word)) return undefined;
  const two = word.replace(/([a-z])\1{2,}/g, '$1$1');
  const one = word.replace(/([a-z])\1{2,}/g, '$1');
  return [two, one].find(known);
}

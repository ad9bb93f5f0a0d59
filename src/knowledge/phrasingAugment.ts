/**
 * Noisy copies of a knowledge-base phrasing, for training the phrasing classifier on text typed as people type it:
 * a letter dropped, doubled, swapped with its neighbour or replaced by a key next to it ("storgae", "lomg"), inner
 * vowels dropped as in texting ("hw", "plz"-like forms: "how" → "hw", "backup" → "bckp"), and function words
 * dropped ("how do i check my storage" → "check storage"). Generated, not listed: no word-specific rule. Deterministic
 * (seeded by the text), so the classifier and the cross-validation are reproducible.
 */
import type { Language } from '../content/i18n/languages';
import { normalizeText } from '../text/normalize';
import { tokenize } from '../text/tokenize';
import { prng } from '../util/prng';

/** Rows of a QWERTY keyboard: a typo replaces a letter by one next to it. */
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const VOWELS = /[aeiou]/;

/** The probabilities of each kind of noise, per word. */
const NOISE = { typo: 0.25, texting: 0.12, dropFunction: 0.35 };

/** `copies` noisy versions of `text` (normalised, lower case), each different from the text when it can be. */
export function noisyCopies(text: string, copies: number, language: Language, functionWords: ReadonlySet<string>): string[] {
  if (copies <= 0) return [];
  const words = tokenize(normalizeText(text, language), language);
  const random = prng(hashOf(text));
  const out: string[] = [];
  for (let c = 0; c < copies; c++) {
    const noisy = words.flatMap((w) => noisyWord(w, functionWords.has(w), random));
    if (noisy.length > 0) out.push(noisy.join(' '));
  }
  return out;
}

/** One word with noise: dropped (a function word), disemvowelled, mistyped, or unchanged. */
function noisyWord(word: string, functionWord: boolean, random: () => number): string[] {
  if (functionWord && random() < NOISE.dropFunction) return [];
  if (word.length >= 3 && random() < NOISE.texting) {
    const texted = word[0] + word.slice(1).replace(new RegExp(VOWELS.source, 'g'), '');
    if (texted.length >= 2) return [texted];
  }
  if (word.length >= 4 && random() < NOISE.typo) return [typo(word, random)];
  return [word];
}

/** One keyboard slip at a random inner position: drop, double, swap with the next letter, or a neighbouring key. */
function typo(word: string, random: () => number): string {
  const i = 1 + Math.floor(random() * (word.length - 1));
  const kind = Math.floor(random() * 4);
  const ch = word[i]!;
  if (kind === 0) return word.slice(0, i) + word.slice(i + 1);
  if (kind === 1) return word.slice(0, i) + ch + word.slice(i);
  if (kind === 2 && i + 1 < word.length) return word.slice(0, i) + word[i + 1] + ch + word.slice(i + 2);
  return word.slice(0, i) + neighbourKey(ch, random) + word.slice(i + 1);
}

function neighbourKey(ch: string, random: () => number): string {
  for (const row of ROWS) {
    const k = row.indexOf(ch);
    if (k < 0) continue;
    const options = [row[k - 1], row[k + 1]].filter((x): x is string => x !== undefined);
    return options[Math.floor(random() * options.length)] ?? ch;
  }
  return ch;
}

/** A stable 32-bit seed from a text (FNV-1a). */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

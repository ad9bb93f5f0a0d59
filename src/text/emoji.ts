/**
 * Emoji as words: every pictographic character becomes a word token ("worked 👍🏻" → "worked emoji1f44d "), skin
 * tones, variation selectors and joiners dropped, so a classifier learns 👍 / 👎 / 🙏 / ✅ from its data like any word
 * (the tokenizer keeps only letters and digits).
 */
const PICTOGRAPH = /\p{Extended_Pictographic}/gu;
const MODIFIERS = /\p{Emoji_Modifier}|\uFE0F|\u200D/gu;

export function emojiAsWords(text: string): string {
  return text.replace(MODIFIERS, '').replace(PICTOGRAPH, (e) => ` emoji${e.codePointAt(0)!.toString(16)} `);
}

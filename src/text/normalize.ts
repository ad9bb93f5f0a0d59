/**
 * Text normalisation shared by the classifier features and the ruled-out patterns.
 * Ruled-out regexes in intents/ruled_out.yaml are matched against the output of `normalizeText`.
 * Other languages (intents/<lang>/ruled_out.yaml …) are matched against `normalizeText(text, lang)`: the same, with
 * accents folded (é → e, ñ → n, ü → u, ç → c, ß → ss, œ → oe) and no English contractions or English-only variants.
 */
import { foldAccents, type TextLanguage as Language } from './languages';
import { expandShorthand } from './shorthand';

/** Apostrophe-less contractions people type, mapped to their spelled form. Keys are whole words. */
const CONTRACTIONS: Readonly<Record<string, string>> = {
  dont: "don't",
  doesnt: "doesn't",
  didnt: "didn't",
  isnt: "isn't",
  arent: "aren't",
  wasnt: "wasn't",
  werent: "weren't",
  cant: "can't",
  cannot: "can't",
  couldnt: "couldn't",
  wouldnt: "wouldn't",
  shouldnt: "shouldn't",
  wont: "won't",
  havent: "haven't",
  hasnt: "hasn't",
  hadnt: "hadn't",
  aint: "ain't",
  im: "i'm",
  ive: "i've",
  youre: "you're",
  thats: "that's",
  whats: "what's",
  theres: "there's",
  wheres: "where's",
  hows: "how's",
  whos: "who's",
  lets: "let's",
};

/** Multi-word and spelling variants folded to one form (applied after lower-casing). */
const VARIANTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bwi[\s-]?fi\b/g, 'wifi'],
  [/\bwify\b/g, 'wifi'],
  [/\bi[\s-]cloud\b/g, 'icloud'],
  [/\bi[\s-]phone\b/g, 'iphone'],
  [/\bi[\s-]pad\b/g, 'ipad'],
  [/\bi[\s-]os\b/g, 'ios'],
  [/\bapple[\s-]?id'?s\b/g, 'apple id'],
  [/\bappleid\b/g, 'apple id'],
  [/\be[\s-]mail\b/g, 'email'],
  // "50gb" → "50 gb", "2tb" → "2 tb", "5 gigs" → "5 gb"
  [/(\d)\s*(gb|tb|mb|gigs?|gigabytes?|terabytes?|megabytes?)\b/g, '$1 $2'],
  [/\b(gigs?|gigabytes?)\b/g, 'gb'],
  [/\bterabytes?\b/g, 'tb'],
  [/\bmegabytes?\b/g, 'mb'],
];

const QUOTES: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
  [/[\u00A0\u2000-\u200B\u202F\u205F\u3000]/g, ' '],
];


const CONTRACTION_RE = new RegExp(`\\b(${Object.keys(CONTRACTIONS).join('|')})\\b`, 'g');

/**
 * Lower-cases, straightens curly quotes and dashes, spells out chat shorthand ("b4" → "before", "thx" → "thanks":
 * intents/shorthand.yaml) and apostrophe-less contractions ("dont" → "don't",
 * "im" → "i'm"), folds variants ("wi-fi" → "wifi", "i cloud" → "icloud", "50GB" → "50 gb") and collapses white space.
 */
export function normalizeText(text: string, language: Language = 'en'): string {
  if (language !== 'en') return normalizeOther(text);
  let out = text.normalize('NFKC');
  for (const [re, to] of QUOTES) out = out.replace(re, to);
  out = out.toLowerCase();
  // "don 't", "don' t" → "don't"
  out = out.replace(/([a-z])\s?'\s?(t|s|m|re|ve|ll|d)\b/g, "$1'$2");
  // Chat shorthand (intents/shorthand.yaml): "hw long b4" → "how long before".
  out = expandShorthand(out);
  out = out.replace(CONTRACTION_RE, (word: string) => CONTRACTIONS[word] ?? word);
  for (const [re, to] of VARIANTS) out = out.replace(re, to);
  return out.replace(/\s+/g, ' ').trim();
}

/** normalizeText for a language other than English: quotes, lower case, accents folded, variants (no shorthand). */
function normalizeOther(text: string): string {
  let out = text.normalize('NFKC');
  for (const [re, to] of QUOTES) out = out.replace(re, to);
  out = foldAccents(out.toLowerCase());
  // The variants are product names and units (no English words): folded in every language. Shorthand is English only.
  for (const [re, to] of VARIANTS) out = out.replace(re, to);
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * How a short reply is compared with a button title or a reply word ("Yes!" = "yes", "I’m done" = "i'm done"): lower
 * case, straight apostrophes, other punctuation and emoji as spaces, single spaces. Unlike normalizeText it keeps the
 * words as typed (no contractions spelled out, no variants folded). Outside English, accents are folded.
 */
export function normalizeReply(text: string, language: Language = 'en'): string {
  const lower = text.toLowerCase();
  // Other languages' reply words (intents/<lang>/replies.yaml) are written without accents: "sí" is read as "si".
  return (language === 'en' ? lower : foldAccents(lower))
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

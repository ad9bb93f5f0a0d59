/**
 * Chat shorthand as data (intents/shorthand.yaml): "hw long do i wait b4" → "how long do i wait before". Expanded by
 * normalizeText, once, for every English text the bot understands (models, question and ruled-out detection,
 * knowledge retrieval), so training and recognition read the same words. The file is read once per process, at
 * first use, and validated: an error names the file, the line and the problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

const SHORTHAND_FILE = 'shorthand.yaml';

const KEY = /^[a-z0-9]+(?:[/&][a-z0-9]*)?$|^&$/;
const MEANING = /^[a-z]+(?:'[a-z]+)?(?: [a-z]+(?:'[a-z]+)?)*$/;

export interface Shorthand {
  /** short form → what it stands for (both lower case). */
  readonly entries: ReadonlyMap<string, string>;
}

/**
 * A token as a short form is looked up: a run of letters, digits, apostrophes, hyphens, slashes and ampersands, so
 * "u" matches in "can u help" but not in "up", "u-turn" or "u'd", and "w/o" is one token. One pass and one map
 * look-up per token (an alternation of every key costs ~5× more per message).
 */
const TOKEN = /[\p{L}\p{N}'’/&-]+/gu;

/** intents/shorthand.yaml of this repository (walks up from src/text or dist/src/text). */
export function defaultShorthandFile(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'intents', SHORTHAND_FILE);
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return path.resolve('intents', SHORTHAND_FILE);
}

/** The problems of one entry (empty when it is valid). */
function entryProblems(key: string, meaning: unknown, seen: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  if (!KEY.test(key)) problems.push(`"${key}": a key is one lower-case token (letters, digits, at most one / or &)`);
  if (seen.has(key)) problems.push(`"${key}": given twice`);
  if (typeof meaning !== 'string' || !MEANING.test(meaning)) problems.push(`"${key}": its meaning must be lower-case words (got ${JSON.stringify(meaning)})`);
  else if (meaning === key) problems.push(`"${key}": means itself`);
  return problems;
}

/** Parses and validates the shorthand file's text (`file` names it in errors). */
export function parseShorthand(text: string, file: string): Shorthand {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(`${file}:${lines.linePos(doc.errors[0]!.pos[0]).line}: ${doc.errors[0]!.message.split('\n')[0]}`);
  if (!isMap(doc.contents)) throw new Error(`${file}: must be a mapping of short form → meaning`);
  const entries = new Map<string, string>();
  const errors: string[] = [];
  for (const item of doc.contents.items) {
    const line = isScalar(item.key) && item.key.range ? lines.linePos(item.key.range[0]).line : 0;
    const key = isScalar(item.key) ? String(item.key.value) : '';
    const meaning = isScalar(item.value) ? item.value.value : item.value;
    const problems = entryProblems(key, meaning, entries);
    if (problems.length > 0) errors.push(...problems.map((p) => `${file}:${line}: ${p}`));
    else entries.set(key, meaning as string);
  }
  for (const [key, meaning] of entries) {
    const chained = meaning.split(' ').find((w) => entries.has(w));
    if (chained) errors.push(`${file}: "${key}": its meaning has the short form "${chained}" (expansion happens once)`);
  }
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return { entries };
}

const loaded = new Map<string, Shorthand>();

/** Reads a shorthand file once per process. */
export function loadShorthand(file = defaultShorthandFile()): Shorthand {
  let shorthand = loaded.get(file);
  if (!shorthand) {
    if (!existsSync(file)) throw new Error(`${file}: chat shorthand file missing`);
    shorthand = parseShorthand(readFileSync(file, 'utf8'), file);
    loaded.set(file, shorthand);
  }
  return shorthand;
}

let repository: Shorthand | undefined;

/** Lower-case text with every short form spelled out ("thx hw do i" → "thanks how do i"). */
export function expandShorthand(lower: string, shorthand: Shorthand = (repository ??= loadShorthand())): string {
  return lower.replace(TOKEN, (token) => shorthand.entries.get(token) ?? token);
}

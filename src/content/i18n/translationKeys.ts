/**
 * The translatable strings of an English content document, each under a stable key: a path into the document where
 * arrays of objects are indexed by their `id` (or `intent`) and other arrays by position
 * (`solutions[check_storage].steps[0].text`). A list of strings is ONE unit (`knowledge[x].questions`): a language
 * needs its own number of phrasings, not a line-by-line copy. Identifiers and references are never translated.
 */

/** A translatable value: a sentence, or a list of phrasings. */
export type TranslatableValue = string | string[];

/** Field names that hold identifiers or references, never text shown to people. */
const NOT_TRANSLATED = new Set(['id', 'intent', 'solution', 'solutions', 'source', 'reply']);

type Path = ReadonlyArray<string | number>;

export interface TranslatableString {
  key: string;
  /** The path of the value in the English document (for line numbers and for applying the translation). */
  path: Path;
  value: TranslatableValue;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The id an array of objects is keyed by ('id' or 'intent'), when every item has a distinct string one. */
function idFieldOf(items: readonly unknown[]): 'id' | 'intent' | undefined {
  for (const field of ['id', 'intent'] as const) {
    const ids = items.map((item) => (isRecord(item) ? item[field] : undefined));
    if (ids.every((id) => typeof id === 'string') && new Set(ids).size === ids.length) return field;
  }
  return undefined;
}

function joinKey(key: string, part: string): string {
  return key === '' ? part : `${key}.${part}`;
}

/** Every translatable string of a document, in document order. */
export function translatableStrings(doc: unknown): TranslatableString[] {
  const out: TranslatableString[] = [];
  const visit = (value: unknown, key: string, path: Path): void => {
    if (typeof value === 'string' || (isStringList(value) && value.length > 0)) {
      if (key !== '') out.push({ key, path, value: value as TranslatableValue });
      return;
    }
    if (Array.isArray(value)) {
      const idField = idFieldOf(value);
      value.forEach((item, i) => {
        const label = idField ? String((item as Record<string, unknown>)[idField]) : String(i);
        visit(item, `${key}[${label}]`, [...path, i]);
      });
      return;
    }
    if (!isRecord(value)) return;
    for (const [field, child] of Object.entries(value)) {
      // A file's top-level fields are its sections (solutions.yaml's `solutions:`), never references.
      if (path.length === 0 || !NOT_TRANSLATED.has(field)) visit(child, joinKey(key, field), [...path, field]);
    }
  };
  visit(doc, '', []);
  return out;
}

/** Sets the value at `path` in a (cloned) document. */
export function setAtPath(doc: unknown, path: Path, value: TranslatableValue): void {
  let node = doc as Record<string | number, unknown>;
  path.forEach((part, i) => {
    if (i === path.length - 1) node[part] = value;
    else node = node[part] as Record<string | number, unknown>;
  });
}

/** Same text, or the same list in the same order. */
export function sameValue(a: TranslatableValue, b: TranslatableValue): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

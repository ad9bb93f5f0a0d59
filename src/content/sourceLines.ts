/**
 * Line numbers for content problems: parses a YAML file keeping node positions (the `yaml` package's LineCounter),
 * so a problem found at a field path ("causes[1].solution") can be reported as FILE:LINE.
 */
import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export interface LocatedYaml {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** The 1-based line of the value at `path`, or of its nearest ancestor that exists (1 when nothing does). */
  lineOf(path: ReadonlyArray<PropertyKey>): number;
  /** The 1-based line of a character offset in the file. */
  lineAt(offset: number): number;
}

/** Parses YAML text keeping positions. Syntax errors are in `doc.errors` (each with its line). */
export function locateYaml(file: string, source: string = readFileSync(file, 'utf8')): LocatedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const lineAt = (offset: number): number => lines.linePos(offset).line;
  const lineOf = (path: ReadonlyArray<PropertyKey>): number => {
    let node: unknown = doc.contents;
    let line = node && (node as Node).range ? lineAt((node as Node).range![0]) : 1;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === String(part));
        if (!pair) break;
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        // A missing or empty value is reported at its key.
        line = value?.range ? lineAt(value.range[0]) : key?.range ? lineAt(key.range[0]) : line;
        node = value;
      } else if (isSeq(node)) {
        const item = node.items[Number(part)] as Node | undefined;
        if (!item) break;
        if (item.range) line = lineAt(item.range[0]);
        node = item;
      } else {
        break;
      }
    }
    return line;
  };
  return { file, doc, lines, lineOf, lineAt };
}

/** "causes[1].solution" / "ruledOut.storage_full[0].pattern" → ['causes', 1, 'solution'] … (ContentError's field). */
export function parseFieldPath(field: string): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (const match of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) path.push(Number(match[2]));
    else path.push(match[1]!);
  }
  return path;
}

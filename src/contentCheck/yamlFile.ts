/**
 * A content file read for checking: parsed with positions, validated against its schema with every issue reported
 * at its line (the loaders stop at the first one; an operator fixing a file wants them all).
 */
import { relative } from 'node:path';
import { isScalar, visit, type Scalar } from 'yaml';
import type { z } from 'zod';
import { formatPath } from '../content/readYaml';
import { locateYaml, type LocatedYaml } from '../content/sourceLines';
import type { Problem } from './problem';

export interface CheckedFile<T> {
  /** As shown in messages (relative to the working directory). */
  file: string;
  located?: LocatedYaml;
  /** The parsed, valid data; undefined when the file is unreadable, not YAML or fails its schema. */
  data?: T;
  problems: Problem[];
}

export function shownPath(path: string): string {
  return relative(process.cwd(), path) || path;
}

/** Reads, parses and validates one file. */
export function checkYamlFile<S extends z.ZodType>(path: string, schema?: S): CheckedFile<z.infer<S>> {
  const file = shownPath(path);
  let located: LocatedYaml;
  try {
    located = locateYaml(path);
  } catch (err) {
    return { file, problems: [{ file, line: 1, severity: 'error', message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` }] };
  }
  if (located.doc.errors.length > 0) {
    return {
      file,
      located,
      problems: located.doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line ?? 1,
        severity: 'error' as const,
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  if (!schema) return { file, located, data: located.doc.toJS() as z.infer<S>, problems: [] };
  const parsed = schema.safeParse(located.doc.toJS());
  if (!parsed.success) {
    return {
      file,
      located,
      problems: parsed.error.issues.map((issue) => {
        const field = formatPath(issue.path);
        return { file, line: located.lineOf(issue.path), severity: 'error' as const, message: `${field ? `field "${field}": ` : ''}${issue.message}` };
      }),
    };
  }
  return { file, located, data: parsed.data, problems: [] };
}

/** Every string value in the file with its line. */
export function stringsWithLines(located: LocatedYaml): { text: string; line: number }[] {
  const found: { text: string; line: number }[] = [];
  visit(located.doc, {
    Scalar(_key, node: Scalar) {
      if (isScalar(node) && typeof node.value === 'string' && node.range) found.push({ text: node.value, line: located.lineAt(node.range[0]) });
    },
  });
  return found;
}

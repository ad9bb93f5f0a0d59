/** One problem found by the content check, at FILE:LINE. Errors fail `npm run validate`; warnings are shown only. */
export interface Problem {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export function formatProblemLine(p: Problem): string {
  return `${p.file}:${p.line}: ${p.severity}: ${p.message}`;
}

/** Sorted by file, then line, for reading top to bottom. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

/**
 * Tesseract's sparse-text mode finds every label on a screen but returns lines, not paragraphs. An alert's message or a
 * settings footer wraps over several lines; this puts them back together from the layout alone: a line continues the
 * one above when it starts right below it (a gap under one line height), its left edge or its centre is aligned with
 * it (left-aligned footers, centred alerts), and its text height is about the same (within 20%: an alert's title is larger than its message).
 */
import type { OcrLine } from './ocrEngine';

/** Paragraphs a new line may still continue. */
const OPEN_PARAGRAPHS = 4;
const height = (l: OcrLine): number => l.box.y1 - l.box.y0;
const centre = (l: OcrLine): number => (l.box.x0 + l.box.x1) / 2;

/** True when `next` is the next line of the same paragraph as `previous`. */
function continuesLine(previous: OcrLine, next: OcrLine): boolean {
  const h = Math.max(height(previous), 1);
  const gap = next.box.y0 - previous.box.y1;
  if (gap < -h / 2 || gap > h) return false;
  if (Math.abs(height(next) - h) > h * 0.2) return false;
  const tolerance = h * 1.2;
  return Math.abs(next.box.x0 - previous.box.x0) <= tolerance || Math.abs(centre(next) - centre(previous)) <= tolerance;
}

/** The lines grouped into paragraphs (their texts joined by spaces), top to bottom. */
export function paragraphsOf(lines: readonly OcrLine[]): string[] {
  const sorted = [...lines].sort((a, b) => a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0);
  const paragraphs: OcrLine[][] = [];
  for (const line of sorted) {
    // Columns interleave (a row half hidden behind an alert sits between its title and its message): the line may
    // continue any of the last few paragraphs, not only the one just above.
    const open = paragraphs.slice(-OPEN_PARAGRAPHS).reverse().find((p) => continuesLine(p.at(-1)!, line));
    if (open) open.push(line);
    else paragraphs.push([line]);
  }
  return paragraphs.map((group) => group.map((l) => l.text).join(' '));
}

/**
 * The `npm run classify` line protocol, separated from the CLI so it can be tested: every input line (blank ones
 * included) gives exactly one JSON object on its own output line, in order, with confidences rounded to 4 decimals:
 *   {"text","intent","confidence","route","ruledOut":[...],"alternatives":[{"intent","confidence"}...]}
 * plus "topic" (route none, when known) and "language" (a message in another language), only when present.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { NluResult, Recognizer } from './types';

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

export function toJsonLine(result: NluResult): string {
  return JSON.stringify({
    text: result.text,
    intent: result.intent,
    confidence: round4(result.confidence),
    route: result.route,
    ruledOut: result.ruledOut,
    alternatives: result.alternatives.map((a) => ({ intent: a.intent, confidence: round4(a.confidence) })),
    ...(result.topic !== undefined ? { topic: result.topic } : {}),
    ...(result.language !== undefined ? { language: result.language } : {}),
  });
}

/** Classifies `input` line by line onto `output`; resolves with the number of lines when the input ends. */
export async function classifyLines(recognizer: Recognizer, input: Readable, output: Writable): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let count = 0;
  for await (const line of lines) {
    output.write(`${toJsonLine(recognizer.recognize(line))}\n`);
    count++;
  }
  return count;
}

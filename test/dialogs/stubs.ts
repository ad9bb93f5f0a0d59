/**
 * Scripted readers for engine tests on fixture content (test/dialogs/fixtures/): the engine is tested apart from the
 * trained models, as Microsoft's core-bot sample tests its dialogs with a mock recognizer.
 */
import type { DialogAct } from '../../src/content/loadActs';
import type { ActReader, ActReading } from '../../src/nlu/dialogActs';
import type { NluResult, Recognizer } from '../../src/nlu/types';

/** Scripted understanding: text → intent (and route, ruled-out causes); anything else is route none. */
export class StubRecognizer implements Recognizer {
  readonly seen: string[] = [];
  constructor(private readonly script: Record<string, Partial<NluResult> & { intent: string }>) {}

  recognize(text: string): NluResult {
    this.seen.push(text);
    const scripted = this.script[text.toLowerCase()];
    if (!scripted) return { text, intent: 'none', route: 'none', confidence: 0.9, ruledOut: [], alternatives: [] };
    return { text, confidence: 0.95, route: scripted.intent, ruledOut: [], alternatives: [], ...scripted };
  }
}

/** Scripted dialog acts: text → its acts in order (one part per act); anything else is unknown. */
export class StubActs implements ActReader {
  readonly seen: string[] = [];
  /** `leaning`: texts the reader is unsure of, with the act it leans to (unknown, `best`, `confidence`). */
  constructor(
    private readonly script: Record<string, DialogAct[]>,
    private readonly leaning: Record<string, { best: DialogAct; confidence: number }> = {},
  ) {}

  read(text: string): ActReading {
    this.seen.push(text);
    const acts = this.script[text.toLowerCase()];
    const leaning = this.leaning[text.toLowerCase()];
    if (leaning) return { act: 'unknown', confidence: leaning.confidence, parts: [], best: leaning.best };
    if (!acts) return { act: 'unknown', confidence: 0.1, parts: [], best: 'small_talk' };
    const pieces = text.split(/[,.] /);
    const partText = (i: number): string => (pieces.length === acts.length ? pieces[i]! : i === 0 ? text : (pieces[i] ?? text));
    const parts = acts.map((act, i) => ({ act, confidence: 0.95, question: act === 'question' ? 0.95 : 0.01, text: partText(i) }));
    return { act: acts[0]!, confidence: 0.95, parts, best: acts[0]! };
  }
}

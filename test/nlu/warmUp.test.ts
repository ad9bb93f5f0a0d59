/**
 * The start-up warm-up (src/nlu/warmUp.ts): every language's ruled-out patterns, recognizer, act reader and question
 * form are run, the chooser too, and what they detect afterwards is what a cold detector detects.
 */
import { join } from 'node:path';
import type { Language } from '../../src/content/i18n/languages';
import { loadIntents } from '../../src/content/loadIntents';
import type { ActReading } from '../../src/nlu/dialogActs';
import { RuledOutDetector } from '../../src/nlu/ruledOut';
import type { NluResult, TurnLanguage } from '../../src/nlu/types';
import { warmUpUnderstanding, type WarmUpLanguage } from '../../src/nlu/warmUp';
import { CAUSE_ORDER, REPO_ROOT } from './helpers';

const TEXTS = ['backup failed but I have space', 'storage isn’t the issue, I pay for 2TB 👍', 'my wifi is fine', 'I don’t have enough space', 'no'];

test('warming the ruled-out patterns changes nothing they detect', () => {
  const data = loadIntents(join(REPO_ROOT, 'intents'), { causeOrder: CAUSE_ORDER });
  const cold = new RuledOutDetector(data.ruledOut, CAUSE_ORDER);
  const warmed = new RuledOutDetector(data.ruledOut, CAUSE_ORDER);
  warmed.warmUp(['backup failed but i have space', 'i have space 👍']);
  for (const text of TEXTS) expect(warmed.explain(text)).toEqual(cold.explain(text));
  expect(warmed.detect('backup failed but I have space')).toEqual(['storage_full']);
});

/** A language's readers that record what they are asked. */
function recordingLanguage(calls: string[], language: string): WarmUpLanguage {
  return {
    recognizer: {
      recognize(text: string, turn?: TurnLanguage): NluResult {
        calls.push(`${language} recognize ${turn?.ownLanguage === true}`);
        return { text, intent: 'none', confidence: 1, route: 'none', ruledOut: [], alternatives: [] };
      },
      intentRecognizer: { detector: { warmUp: (samples) => void calls.push(`${language} patterns ${samples.length}`) } },
    },
    acts: {
      read(text: string): ActReading {
        calls.push(`${language} acts`);
        return { act: 'question', confidence: 1, best: 'question', parts: [{ act: 'question', confidence: 1, question: 1, text }] };
      },
    },
    questionKind: () => {
      calls.push(`${language} questionKind`);
      return 'none';
    },
  };
}

test('every language is warmed, each text read as its own language, then the chooser', () => {
  const calls: string[] = [];
  const languages = new Map<Language, WarmUpLanguage>([
    ['en', recordingLanguage(calls, 'en')],
    ['es', recordingLanguage(calls, 'es')],
  ]);
  const chosen: string[] = [];
  const took = warmUpUnderstanding(languages, { choose: ({ text }) => (chosen.push(text), { language: 'en', switched: false }) });
  expect(Object.keys(took)).toEqual(['en', 'es']);
  for (const language of ['en', 'es']) {
    expect(calls).toContain(`${language} patterns 2`);
    expect(calls.filter((c) => c === `${language} recognize true`).length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.startsWith(`${language} recognize`)).every((c) => c.endsWith('true'))).toBe(true);
    expect(calls).toContain(`${language} acts`);
    expect(calls).toContain(`${language} questionKind`);
  }
  expect(chosen.length).toBeGreaterThan(0);
});

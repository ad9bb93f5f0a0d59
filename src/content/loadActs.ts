/**
 * Loads the dialog-act data: intents/acts/train/<act>.yaml (one act per file) and the held-out replies of
 * intents/acts/test/*.yaml. Every act of the closed list DIALOG_ACTS must have a training file; a held-out example
 * names one or more acts (in the order the reply says them). Problems are ContentErrors naming file, field, problem.
 */
import { basename, join } from 'node:path';
import { z } from 'zod';
import { ContentError } from './contentError';
import { type IntentData, shown, trainingHash, utteranceKey, YAML_FILE, yamlFiles } from './loadIntents';
import { readYamlFile } from './readYaml';
import { emojiAsWords } from '../text/emoji';

/** Identity of a reply for duplicate checks: same tokens, emoji included ("👍 thx" ≠ "thx"). */
const replyKey = (text: string): string => utteranceKey(emojiAsWords(text));

/**
 * What a reply does while the bot waits for an answer at a solution step (and at a confirmation, "did you mean" or
 * the CSAT question). The list is closed: the dialogs handle each of them (docs/nlu.md, "Dialog acts").
 */
export const DIALOG_ACTS = [
  'fixed',
  'not_fixed',
  'doing_it',
  'already_tried',
  'skip',
  'cant_do',
  'question',
  'new_symptom_or_cause',
  'correction',
  'human',
  'cancel',
  'small_talk',
  'off_topic',
] as const;

export type DialogAct = (typeof DIALOG_ACTS)[number];

export function isDialogAct(value: string): value is DialogAct {
  return (DIALOG_ACTS as readonly string[]).includes(value);
}

const text = z.string().trim().min(1, 'must not be empty');
const act = z.enum(DIALOG_ACTS, { message: `must be one of ${DIALOG_ACTS.join(', ')}` });

const ActFileSchema = z.strictObject({
  act,
  description: text,
  utterances: z.array(text).min(5, 'needs at least 5 utterances'),
});

const ActHeldOutFileSchema = z.strictObject({
  examples: z
    .array(z.strictObject({ text, acts: z.array(act).min(1, 'needs at least 1 act') }))
    .min(1, 'needs at least 1 example'),
});

interface ActDefinition {
  act: DialogAct;
  description: string;
  utterances: string[];
  file: string;
}

export interface ActData {
  /** Sorted by act. */
  acts: ActDefinition[];
  /** sha256 over the training files (same rule as the intent data's). */
  trainingHash: string;
}

export interface ActHeldOutExample {
  text: string;
  acts: DialogAct[];
  file: string;
}

/** intents/acts/train/*.yaml: one file per act, named after it; an utterance belongs to one act only. */
export function loadActs(actsDir: string): ActData {
  const trainDir = join(actsDir, 'train');
  const files = yamlFiles(trainDir);
  if (files.length === 0) throw new ContentError(shown(trainDir), '', 'contains no dialog-act files (*.yaml)');
  const acts: ActDefinition[] = [];
  const seen = new Map<string, { act: string; file: string; index: number }>();
  for (const file of files) {
    const data = readYamlFile(file, ActFileSchema);
    const name = basename(file).replace(YAML_FILE, '');
    if (data.act !== name) throw new ContentError(shown(file), 'act', `is "${data.act}" but the file is named ${basename(file)}; they must match`);
    data.utterances.forEach((u, index) => {
      const key = replyKey(u);
      const before = seen.get(key);
      if (before && before.act !== data.act) {
        throw new ContentError(shown(file), `utterances[${index}]`, `"${u}" is also an utterance of act "${before.act}" (${before.file} utterances[${before.index}]); an utterance can belong to one act only`);
      }
      if (!before) seen.set(key, { act: data.act, file: shown(file), index });
    });
    acts.push({ act: data.act, description: data.description, utterances: data.utterances, file: shown(file) });
  }
  const missing = DIALOG_ACTS.filter((a) => !acts.some((d) => d.act === a));
  if (missing.length > 0) throw new ContentError(shown(trainDir), '', `has no training file for the act(s) ${missing.join(', ')}`);
  acts.sort((a, b) => (a.act < b.act ? -1 : a.act > b.act ? 1 : 0));
  return { acts, trainingHash: trainingHash(actsDir) };
}

/** The act data in the shape the intent trainer takes (an act is a label routed to itself; nothing is ruled out). */
export function actsAsIntentData(data: ActData, toText: (utterance: string) => string = (u) => u): IntentData {
  return {
    intents: data.acts.map((a) => ({ intent: a.act, route: a.act, utterances: a.utterances.map(toText), sources: [], file: a.file })),
    ruledOut: [],
    trainingHash: data.trainingHash,
    warnings: [],
    sourceUrls: new Map(),
  };
}

/** intents/acts/test/*.yaml. A held-out text that is also a training utterance is an error (never trained on). */
export function loadActHeldOut(actsDir: string, data: ActData): ActHeldOutExample[] {
  const testDir = join(actsDir, 'test');
  const files = yamlFiles(testDir);
  if (files.length === 0) throw new ContentError(shown(testDir), '', 'contains no held-out files (*.yaml)');
  const training = new Map<string, string>();
  for (const a of data.acts) for (const u of a.utterances) training.set(replyKey(u), a.act);
  const out: ActHeldOutExample[] = [];
  for (const file of files) {
    const parsed = readYamlFile(file, ActHeldOutFileSchema);
    parsed.examples.forEach((ex, index) => {
      const leak = training.get(replyKey(ex.text));
      if (leak) throw new ContentError(shown(file), `examples[${index}].text`, `"${ex.text}" is also a training utterance of act "${leak}"; held-out replies are never trained on`);
      out.push({ text: ex.text, acts: ex.acts, file: shown(file) });
    });
  }
  return out;
}

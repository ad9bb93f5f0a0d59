/**
 * Loads the NLU content: intents/train/*.yaml (one intent per file), intents/ruled_out.yaml and the held-out
 * files intents/test/*.yaml, validates them (schema.ts) and cross-checks them. Every problem is a ContentError
 * naming the file, the field and what is wrong.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { compileRuledOutPattern, type RuledOutRule } from '../nlu/ruledOut';
import { normalizeText } from '../nlu/normalize';
import { tokenize } from '../nlu/tokenize';
import { ContentError } from './contentError';
import { readYamlFile } from './readYaml';
import { CausesFileSchema, HeldOutFileSchema, IntentFileSchema, RuledOutFileSchema } from './schema';

export interface IntentDefinition {
  intent: string;
  /** The route it opens (defaults to the intent). */
  route: string;
  description?: string;
  utterances: string[];
  /** Path of the file it came from (relative to the working directory when possible). */
  file: string;
}

export interface IntentData {
  /** Sorted by intent id. */
  intents: IntentDefinition[];
  ruledOut: RuledOutRule[];
  /** sha256 (hex) over the sorted training files and ruled_out.yaml: a model trained on other content is stale. */
  trainingHash: string;
  /** Problems worth showing that do not stop loading (e.g. an utterance repeated inside one intent). */
  warnings: string[];
}

export interface HeldOutExample {
  text: string;
  route: string;
  ruledOut?: string[];
  file: string;
}

export interface LoadIntentsOptions {
  /** Cause ids (dialogs/causes.yaml). When given, ruled-out keys must be causes. */
  causeOrder?: readonly string[];
}

const YAML_FILE = /\.ya?ml$/;

function shown(file: string): string {
  return relative(process.cwd(), file) || file;
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => YAML_FILE.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Utterance identity for duplicate checks: same tokens after normalisation ("My backup failed!" = "my backup failed"). */
export function utteranceKey(text: string): string {
  return tokenize(normalizeText(text)).join(' ');
}

/** sha256 over `relative name \0 content \0` of every training file (sorted) and ruled_out.yaml. */
export function trainingHash(intentsDir: string): string {
  const hash = createHash('sha256');
  const files = [...yamlFiles(join(intentsDir, 'train')), join(intentsDir, 'ruled_out.yaml')];
  for (const file of files) {
    if (!existsSync(file)) continue;
    hash.update(relative(intentsDir, file).split('\\').join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The cause ids of dialogs/causes.yaml, in the article's order. */
export function loadCauseOrder(contentDir: string): string[] {
  return readYamlFile(join(contentDir, 'causes.yaml'), CausesFileSchema).causes.map((c) => c.id);
}

export function loadIntents(intentsDir: string, options: LoadIntentsOptions = {}): IntentData {
  const trainDir = join(intentsDir, 'train');
  const files = yamlFiles(trainDir);
  if (files.length === 0) throw new ContentError(shown(trainDir), '', 'contains no intent files (*.yaml)');
  const warnings: string[] = [];
  const intents: IntentDefinition[] = [];
  const byIntent = new Map<string, string>();
  const byUtterance = new Map<string, { intent: string; file: string; index: number }>();

  for (const file of files) {
    const data = readYamlFile(file, IntentFileSchema);
    const name = basename(file).replace(YAML_FILE, '');
    if (data.intent !== name) {
      throw new ContentError(shown(file), 'intent', `is "${data.intent}" but the file is named ${basename(file)}; they must match`);
    }
    const previous = byIntent.get(data.intent);
    if (previous) throw new ContentError(shown(file), 'intent', `"${data.intent}" is already defined in ${previous}`);
    byIntent.set(data.intent, shown(file));
    data.utterances.forEach((utterance, index) => {
      const key = utteranceKey(utterance);
      const seen = byUtterance.get(key);
      if (!seen) {
        byUtterance.set(key, { intent: data.intent, file: shown(file), index });
      } else if (seen.intent !== data.intent) {
        throw new ContentError(
          shown(file),
          `utterances[${index}]`,
          `"${utterance}" is also an utterance of intent "${seen.intent}" (${seen.file} utterances[${seen.index}]); an utterance can belong to one intent only`,
        );
      } else if (utterance.trim().toLowerCase() === data.utterances[seen.index]!.trim().toLowerCase()) {
        warnings.push(`${shown(file)}: utterances[${index}] "${utterance}" repeats utterances[${seen.index}]`);
      }
    });
    intents.push({
      intent: data.intent,
      route: data.route ?? data.intent,
      ...(data.description ? { description: data.description } : {}),
      utterances: data.utterances,
      file: shown(file),
    });
  }
  intents.sort((a, b) => (a.intent < b.intent ? -1 : a.intent > b.intent ? 1 : 0));

  const routes = new Set(intents.map((i) => i.route));
  const ruledOutFile = join(intentsDir, 'ruled_out.yaml');
  const ruledOutData = readYamlFile(ruledOutFile, RuledOutFileSchema);
  const rules: RuledOutRule[] = [];
  for (const [cause, patterns] of Object.entries(ruledOutData.ruledOut)) {
    if (options.causeOrder && !options.causeOrder.includes(cause)) {
      throw new ContentError(shown(ruledOutFile), `ruledOut.${cause}`, `"${cause}" is not a cause in dialogs/causes.yaml (known: ${options.causeOrder.join(', ')})`);
    }
    if (!routes.has(cause)) {
      throw new ContentError(shown(ruledOutFile), `ruledOut.${cause}`, `"${cause}" is not the route of any intent in ${shown(trainDir)}`);
    }
    patterns.forEach((p, index) => {
      let regex: RegExp;
      try {
        regex = compileRuledOutPattern(p.pattern);
      } catch (err) {
        throw new ContentError(
          shown(ruledOutFile),
          `ruledOut.${cause}[${index}].pattern`,
          `/${p.pattern}/ is not a valid regular expression: ${(err as Error).message}`,
        );
      }
      if (regex.test('')) {
        throw new ContentError(shown(ruledOutFile), `ruledOut.${cause}[${index}].pattern`, `/${p.pattern}/ matches the empty string`);
      }
      rules.push({ cause, pattern: p.pattern, regex, negatable: p.negatable ?? true });
    });
  }
  if (options.causeOrder) {
    for (const cause of options.causeOrder) {
      if (!routes.has(cause)) warnings.push(`cause "${cause}" (dialogs/causes.yaml) is not the route of any intent in ${shown(trainDir)}`);
    }
  }

  return { intents, ruledOut: rules, trainingHash: trainingHash(intentsDir), warnings };
}

/**
 * The held-out examples of intents/test/*.yaml. Their routes must be routes of training intents and their ruledOut
 * entries must be causes. A held-out text that is also a training utterance is reported in `warnings`.
 */
export function loadHeldOut(
  intentsDir: string,
  data: IntentData,
  options: LoadIntentsOptions = {},
): { examples: HeldOutExample[]; warnings: string[] } {
  const testDir = join(intentsDir, 'test');
  const files = yamlFiles(testDir);
  if (files.length === 0) throw new ContentError(shown(testDir), '', 'contains no held-out files (*.yaml)');
  const routes = new Set(data.intents.map((i) => i.route));
  const causes = new Set(options.causeOrder ?? data.ruledOut.map((r) => r.cause));
  const training = new Map<string, string>();
  for (const intent of data.intents) for (const u of intent.utterances) training.set(utteranceKey(u), intent.intent);
  const examples: HeldOutExample[] = [];
  const warnings: string[] = [];
  for (const file of files) {
    const parsed = readYamlFile(file, HeldOutFileSchema);
    parsed.examples.forEach((ex, index) => {
      if (!routes.has(ex.route)) {
        throw new ContentError(shown(file), `examples[${index}].route`, `"${ex.route}" is not the route of any intent in ${shown(join(intentsDir, 'train'))}`);
      }
      (ex.ruledOut ?? []).forEach((cause, j) => {
        if (!causes.has(cause)) {
          throw new ContentError(shown(file), `examples[${index}].ruledOut[${j}]`, `"${cause}" is not a known cause (${[...causes].join(', ')})`);
        }
      });
      const leak = training.get(utteranceKey(ex.text));
      if (leak) warnings.push(`${shown(file)}: examples[${index}] "${ex.text}" is also a training utterance of "${leak}"`);
      examples.push({ text: ex.text, route: ex.route, ...(ex.ruledOut ? { ruledOut: ex.ruledOut } : {}), file: shown(file) });
    });
  }
  return { examples, warnings };
}

/**
 * Loads the NLU content: intents/train/*.yaml (one intent per file), intents/ruled_out.yaml and the held-out
 * files intents/test/*.yaml, validates them (schema.ts) and cross-checks them. Every problem is a ContentError
 * naming the file, the field and what is wrong.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { compileRuledOutPattern, type RuledOutRule } from './ruledOutRule';
import { normalizeText } from '../text/normalize';
import { tokenize } from '../text/tokenize';
import { defaultShorthandFile } from '../text/shorthand';
import type { Language } from '../content/i18n/languages';
import { ContentError } from './contentError';
import { readYamlFile } from './readYaml';
import { HeldOutFileSchema, IntentFileSchema } from './intentSchemas';
import { CausesFileSchema, RuledOutFileSchema } from './schema';

export interface IntentDefinition {
  intent: string;
  /** The route it opens (defaults to the intent). */
  route: string;
  description?: string;
  /** Every training utterance: the hand-written ones, then the real ones of `sources`. */
  utterances: string[];
  /** For an intent routed to `none`: the near-domain topic its messages are about (dialogs/topics.yaml). */
  topic?: string;
  /** Real phrasings with the address of the page they come from (also included in `utterances`). */
  sources: Array<{ url: string; title?: string; utterances: string[] }>;
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
  /** Address of every real source used for training → the file that uses it (held-out sources must not be here). */
  sourceUrls: ReadonlyMap<string, string>;
  /** The language of the data (absent: English, intents/; otherwise intents/<language>/). */
  language?: Language;
}

const NONE_ROUTE = 'none';

export interface HeldOutExample {
  text: string;
  route: string;
  ruledOut?: string[];
  /** Expected near-domain topic (route none). */
  topic?: string;
  /** Address of the page the phrasing comes from (real data). */
  source?: string;
  file: string;
}

export interface LoadIntentsOptions {
  /** Cause ids (dialogs/causes.yaml). When given, ruled-out keys must be causes. */
  causeOrder?: readonly string[];
  /** Topic ids (dialogs/topics.yaml). When given, every `topic` must be one of them. */
  topics?: readonly string[];
  /** The language of the data (default English): how texts are normalised and tokenised for duplicate checks. */
  language?: Language;
}

/** The minimum number of utterances (hand-written + real) of an intent. */
const MIN_UTTERANCES = 5;

export const YAML_FILE = /\.ya?ml$/;

/** A file's path as errors show it: relative to the working folder. */
export function shown(file: string): string {
  return relative(process.cwd(), file) || file;
}

/** The YAML files of a folder, sorted by name (none when the folder does not exist). */
export function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => YAML_FILE.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Utterance identity for duplicate checks: same tokens after normalisation ("My backup failed!" = "my backup failed"). */
export function utteranceKey(text: string, language: Language = 'en'): string {
  return tokenize(normalizeText(text, language), language).join(' ');
}

/**
 * sha256 over `relative name \0 content \0` of every training file (sorted) and ruled_out.yaml, and for another
 * language than English its grammar.yaml (its clause and negation rules shape the training texts). English's hash
 * covers intents/train and intents/ruled_out.yaml only: a change under intents/es never makes it stale.
 */
export function trainingHash(intentsDir: string, language: Language = 'en'): string {
  const hash = createHash('sha256');
  // English texts are read with the chat shorthand spelled out (src/text/shorthand.ts): a change to it retrains.
  const files = [...yamlFiles(join(intentsDir, 'train')), join(intentsDir, 'ruled_out.yaml'), ...(language === 'en' ? [defaultShorthandFile()] : [join(intentsDir, 'grammar.yaml')])];
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
  const byUtterance: UtteranceIndex = new Map();
  const sourceUrls = new Map<string, string>();

  for (const file of files) {
    const { intent, all, sourceList } = readIntentFile(file, byIntent, options);
    // The same page may hold phrasings of several intents; the first file that uses it is remembered.
    for (const s of sourceList) if (!sourceUrls.has(s.url)) sourceUrls.set(s.url, shown(file));
    indexUtterances(byUtterance, intent.intent, file, all, warnings, options.language);
    intents.push(intent);
  }
  intents.sort((a, b) => (a.intent < b.intent ? -1 : a.intent > b.intent ? 1 : 0));

  const routes = new Set(intents.map((i) => i.route));
  const rules = loadRuledOutRules(intentsDir, routes, options);
  if (options.causeOrder) {
    for (const cause of options.causeOrder) {
      if (!routes.has(cause)) warnings.push(`cause "${cause}" (dialogs/causes.yaml) is not the route of any intent in ${shown(trainDir)}`);
    }
  }

  const language = options.language ?? 'en';
  return { intents, ruledOut: rules, trainingHash: trainingHash(intentsDir, language), warnings, sourceUrls, ...(language === 'en' ? {} : { language }) };
}

/** Every training utterance seen so far (by utteranceKey): its intent, file, field and text. */
type UtteranceIndex = Map<string, { intent: string; file: string; field: string; text: string }>;

/** One intents/train/*.yaml file: named after its intent, defined once, a topic only when routed to none, enough utterances. */
function readIntentFile(file: string, byIntent: Map<string, string>, options: LoadIntentsOptions) {
  const data = readYamlFile(file, IntentFileSchema);
  const name = basename(file).replace(YAML_FILE, '');
  if (data.intent !== name) {
    throw new ContentError(shown(file), 'intent', `is "${data.intent}" but the file is named ${basename(file)}; they must match`);
  }
  const previous = byIntent.get(data.intent);
  if (previous) throw new ContentError(shown(file), 'intent', `"${data.intent}" is already defined in ${previous}`);
  byIntent.set(data.intent, shown(file));
  const route = data.route ?? data.intent;
  if (data.topic !== undefined) {
    if (route !== NONE_ROUTE) throw new ContentError(shown(file), 'topic', `only an intent routed to "none" has a topic (this one routes to "${route}")`);
    if (options.topics && !options.topics.includes(data.topic)) {
      throw new ContentError(shown(file), 'topic', `"${data.topic}" is not a topic of dialogs/topics.yaml (known: ${options.topics.join(', ')})`);
    }
  }
  const sourceList = data.sources ?? [];
  // Every utterance with the field that holds it, for messages: utterances[3], sources[1].utterances[0].
  const all: Array<{ text: string; field: string }> = [
    ...data.utterances.map((text, i) => ({ text, field: `utterances[${i}]` })),
    ...sourceList.flatMap((s, j) => s.utterances.map((text, i) => ({ text, field: `sources[${j}].utterances[${i}]` }))),
  ];
  if (all.length < MIN_UTTERANCES) {
    throw new ContentError(shown(file), 'utterances', `needs at least ${MIN_UTTERANCES} utterances (hand-written and in sources together), has ${all.length}`);
  }
  const intent: IntentDefinition = {
    intent: data.intent,
    route,
    ...(data.description ? { description: data.description } : {}),
    ...(data.topic ? { topic: data.topic } : {}),
    utterances: all.map((u) => u.text),
    sources: sourceList.map((s) => ({ url: s.url, ...(s.title ? { title: s.title } : {}), utterances: s.utterances })),
    file: shown(file),
  };
  return { intent, all, sourceList };
}

/** An utterance belongs to one intent only (an error otherwise); the same text twice in one intent is a warning. */
function indexUtterances(byUtterance: UtteranceIndex, intent: string, file: string, all: ReadonlyArray<{ text: string; field: string }>, warnings: string[], language?: Language): void {
  for (const { text: utterance, field } of all) {
    const key = utteranceKey(utterance, language);
    const seen = byUtterance.get(key);
    if (!seen) {
      byUtterance.set(key, { intent, file: shown(file), field, text: utterance });
    } else if (seen.intent !== intent) {
      throw new ContentError(
        shown(file),
        field,
        `"${utterance}" is also an utterance of intent "${seen.intent}" (${seen.file} ${seen.field}); an utterance can belong to one intent only`,
      );
    } else if (utterance.trim().toLowerCase() === seen.text.trim().toLowerCase()) {
      warnings.push(`${shown(file)}: ${field} "${utterance}" repeats ${seen.field}`);
    }
  }
}

/**
 * intents/ruled_out.yaml, validated and compiled. Every key must be a cause (when `causeOrder` is given) and the
 * route of a training intent (`routes`).
 */
export function loadRuledOutRules(intentsDir: string, routes: ReadonlySet<string>, options: LoadIntentsOptions = {}): RuledOutRule[] {
  const trainDir = join(intentsDir, 'train');
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
  return rules;
}

/**
 * The held-out examples of intents/test/*.yaml: a plain `examples` list and/or real phrasings grouped under their
 * `sources`. Routes must be routes of training intents, ruledOut entries causes, topics known topics (route none
 * only). A real source used for training is an error (the split is by source); a held-out text that is also a
 * training utterance is an error in a `sources` group and a warning in a plain list.
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
  for (const intent of data.intents) for (const u of intent.utterances) training.set(utteranceKey(u, data.language), intent.intent);
  const examples: HeldOutExample[] = [];
  const warnings: string[] = [];
  for (const file of files) {
    const parsed = readYamlFile(file, HeldOutFileSchema);
    const check = (ex: HeldOutEntry, field: string, real: boolean): void =>
      checkHeldOutExample(ex, { file, field, real, routes, causes, training, intentsDir, options: { ...options, ...(data.language ? { language: data.language } : {}) }, warnings });
    const add = (ex: HeldOutEntry, source?: string): void => {
      examples.push({
        text: ex.text,
        route: ex.route,
        ...(ex.ruledOut ? { ruledOut: ex.ruledOut } : {}),
        ...(ex.topic ? { topic: ex.topic } : {}),
        ...(source ? { source } : {}),
        file: shown(file),
      });
    };
    (parsed.examples ?? []).forEach((ex, index) => {
      check(ex, `examples[${index}]`, false);
      add(ex);
    });
    (parsed.sources ?? []).forEach((src, j) => {
      const trainedIn = data.sourceUrls.get(src.url);
      if (trainedIn) {
        throw new ContentError(shown(file), `sources[${j}].url`, `${src.url} is also a training source (${trainedIn}); held-out sources are never trained on`);
      }
      src.examples.forEach((ex, index) => {
        check(ex, `sources[${j}].examples[${index}]`, true);
        add(ex, src.url);
      });
    });
  }
  return { examples, warnings };
}

/** One held-out example as written in intents/test/*.yaml. */
type HeldOutEntry = { text: string; route: string; ruledOut?: string[] | undefined; topic?: string | undefined };

/**
 * A held-out example's route, ruled-out causes and topic are known; its text is no training utterance (an error for
 * a real phrasing from a source, a warning in a plain list).
 */
function checkHeldOutExample(
  ex: HeldOutEntry,
  at: {
    file: string;
    field: string;
    real: boolean;
    routes: ReadonlySet<string>;
    causes: ReadonlySet<string>;
    training: ReadonlyMap<string, string>;
    intentsDir: string;
    options: LoadIntentsOptions;
    warnings: string[];
  },
): void {
  const { file, field, causes, options } = at;
  if (!at.routes.has(ex.route)) {
    throw new ContentError(shown(file), `${field}.route`, `"${ex.route}" is not the route of any intent in ${shown(join(at.intentsDir, 'train'))}`);
  }
  (ex.ruledOut ?? []).forEach((cause, j) => {
    if (!causes.has(cause)) {
      throw new ContentError(shown(file), `${field}.ruledOut[${j}]`, `"${cause}" is not a known cause (${[...causes].join(', ')})`);
    }
  });
  if (ex.topic !== undefined) {
    if (ex.route !== NONE_ROUTE) throw new ContentError(shown(file), `${field}.topic`, `only an example routed to "none" has a topic (this one routes to "${ex.route}")`);
    if (options.topics && !options.topics.includes(ex.topic)) {
      throw new ContentError(shown(file), `${field}.topic`, `"${ex.topic}" is not a topic of dialogs/topics.yaml (known: ${options.topics.join(', ')})`);
    }
  }
  const leak = at.training.get(utteranceKey(ex.text, options.language));
  if (leak && at.real) throw new ContentError(shown(file), `${field}.text`, `"${ex.text}" is also a training utterance of "${leak}"; held-out texts are never trained on`);
  if (leak) at.warnings.push(`${shown(file)}: ${field} "${ex.text}" is also a training utterance of "${leak}"`);
}

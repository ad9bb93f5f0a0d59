/**
 * Imports the collected real phrasings into the repository's intent files (run by hand when new files appear; the
 * bot never needs it — the files it writes are the source of truth):
 *   node scripts/run.js scripts/importRealData.ts [realdata dir, default ../realdata]
 * Input: train_*.yaml, heldout_*.yaml — lists of { source, title, items: [{ text, route, topic?, ruledOut? }] }.
 *   - train_*: each item goes into the `sources:` block of intents/train/<intent>.yaml, under its page's address.
 *     A cause or backup_failed route is its own intent; route none with a topic goes to intent none_<topic>
 *     (created when missing, with `route: none` and `topic:`); none without a topic (or topic other) to `none`.
 *   - heldout_*: intents/test/real_world.yaml, grouped under their source.
 *   - route question is left out (it is for the knowledge base).
 * Every `sources:` block is rewritten from scratch; hand-written `utterances:` and comments are kept. A text that
 * would be both trained on and held out, or in two intents, is skipped with a message; a held-out source that is
 * also a training source is left out of the held-out set.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseDocument, stringify } from 'yaml';
import { utteranceKey } from '../src/content/loadIntents';

interface Item {
  text: string;
  route: string;
  topic?: string;
  ruledOut?: string[];
}
interface Source {
  source: string;
  title?: string;
  items: Item[];
}

const root = resolve(__dirname, '..', '..');
const realDir = resolve(process.argv[2] ?? join(root, '..', 'realdata'));
const intentsDir = join(root, 'intents');
const trainDir = join(intentsDir, 'train');

function read(prefix: string): Source[] {
  const files = readdirSync(realDir).filter((f) => f.startsWith(prefix) && /\.ya?ml$/.test(f)).sort();
  return files.flatMap((f) => {
    const data = parse(readFileSync(join(realDir, f), 'utf8')) as Source[] | null;
    return (data ?? []).filter((s) => s && typeof s.source === 'string' && Array.isArray(s.items));
  });
}

const clean = (t: string): string => t.replace(/\r/g, '').trim();
const intentOf = (item: Item): string | undefined => {
  if (item.route === 'question') return undefined;
  if (item.route !== 'none') return item.route;
  return item.topic && item.topic !== 'other' ? `none_${item.topic}` : 'none';
};

const train = read('train_');
const heldout = read('heldout_');
const trainUrls = new Set(train.map((s) => s.source));
const heldKeys = new Set(heldout.filter((s) => !trainUrls.has(s.source)).flatMap((s) => s.items.map((i) => utteranceKey(clean(i.text)))));

// Hand-written utterances already in the intent files: a real text equal to one of another intent is skipped.
const existing = new Map<string, string>();
for (const f of readdirSync(trainDir).filter((x) => x.endsWith('.yaml'))) {
  const doc = parse(readFileSync(join(trainDir, f), 'utf8')) as { intent: string; utterances?: string[] };
  for (const u of doc.utterances ?? []) existing.set(utteranceKey(u), doc.intent);
}

const byIntent = new Map<string, Array<{ url: string; title?: string; utterances: string[] }>>();
const topicOf = new Map<string, string>();
let trained = 0;
for (const src of train) {
  for (const item of src.items) {
    const intent = intentOf(item);
    if (!intent) continue;
    const text = clean(item.text);
    const key = utteranceKey(text);
    if (heldKeys.has(key)) {
      process.stderr.write(`skipped (also held out): ${text.slice(0, 60)}\n`);
      continue;
    }
    const owner = existing.get(key);
    if (owner !== undefined && owner !== intent) {
      process.stderr.write(`skipped (already an utterance of ${owner}): ${text.slice(0, 60)}\n`);
      continue;
    }
    if (owner === intent) continue;
    existing.set(key, intent);
    if (item.route === 'none' && item.topic && item.topic !== 'other') topicOf.set(intent, item.topic);
    const list = byIntent.get(intent) ?? [];
    let entry = list.find((e) => e.url === src.source);
    if (!entry) {
      entry = { url: src.source, ...(src.title ? { title: clean(src.title) } : {}), utterances: [] };
      list.push(entry);
    }
    entry.utterances.push(text);
    byIntent.set(intent, list);
    trained++;
  }
}

// Rewrite the sources blocks.
const intentFiles = new Set([...readdirSync(trainDir).filter((x) => x.endsWith('.yaml')).map((x) => x.replace(/\.yaml$/, '')), ...byIntent.keys()]);
for (const intent of [...intentFiles].sort()) {
  const file = join(trainDir, `${intent}.yaml`);
  const sources = byIntent.get(intent) ?? [];
  if (!existsSync(file)) {
    const topic = topicOf.get(intent)!;
    writeFileSync(
      file,
      `# Near-domain messages about "${topic}" (route none, topic ${topic}): the bot says where to go (dialogs/topics.yaml).\n` +
        `# Validated by src/content/intentSchemas.ts. Real phrasings live under sources:, each with its page's address.\n` +
        stringify({ intent, route: 'none', topic, utterances: [], sources }, { lineWidth: 0 }),
    );
    continue;
  }
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (sources.length === 0) {
    if (!doc.has('sources')) continue;
    doc.delete('sources');
  } else {
    doc.set('sources', doc.createNode(sources));
  }
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
}

// The held-out real-world set.
const held: Array<{ url: string; title?: string; examples: Item[] }> = [];
let heldCount = 0;
for (const src of heldout) {
  if (trainUrls.has(src.source)) {
    process.stderr.write(`held-out source left out (also a training source): ${src.source}\n`);
    continue;
  }
  const examples = src.items
    .filter((i) => i.route !== 'question')
    .filter((i) => !existing.has(utteranceKey(clean(i.text))))
    .map((i) => ({
      text: clean(i.text),
      route: i.route,
      ...(i.route === 'none' && i.topic && i.topic !== 'other' ? { topic: i.topic } : {}),
      ...(i.ruledOut && i.ruledOut.length > 0 ? { ruledOut: i.ruledOut } : {}),
    }));
  if (examples.length === 0) continue;
  let entry = held.find((e) => e.url === src.source);
  if (!entry) {
    entry = { url: src.source, ...(src.title ? { title: clean(src.title) } : {}), examples: [] };
    held.push(entry);
  }
  entry.examples.push(...examples);
  heldCount += examples.length;
}
writeFileSync(
  join(intentsDir, 'test', 'real_world.yaml'),
  '# Real phrasings held out from training, grouped under the page they come from (never a training source).\n' +
    '# Imported by scripts/importRealData.ts; route = the expected route, topic = the near-domain topic of a none route.\n' +
    '# Texts are verbatim: typos, quoted error messages and several sentences are the point.\n' +
    stringify({ sources: held }, { lineWidth: 0 }),
);
process.stderr.write(`training: ${trained} utterances from ${train.length} sources; held out: ${heldCount} from ${held.length} sources\n`);

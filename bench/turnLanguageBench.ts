/**
 * The per-turn cost of choosing a message's language, side by side with classifying it, in this process:
 * `node dist/bench/turnLanguageBench.js [--rounds=N]` (after `npx tsc -p .` and `npm run train`).
 *
 * For English held-out messages of MIN_WORDS+ words (the turns where the chooser judges the language), each round
 * times, interleaved so machine load hits both alike: (a) the English recognizer alone (what classifying costs) and
 * (b) TurnUnderstander.understand — the language choice (franc-min and every language's vocabulary) plus the same
 * classification — and (c) the same understander with a recognizer that drops the turn's decision, so its own
 * foreign-language check judges the message again (how every turn ran before the decision was passed on). The
 * figures to compare are the ratios (b)/(a) and (c)/(a) at p50 and p99, measured in the same run, with the load average.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadCauseOrder, loadHeldOut, loadIntents } from '../src/content/loadIntents';
import { loadTopics } from '../src/content/loadTopics';
import { TurnUnderstander } from '../src/dialogs/turnUnderstanding';
import { questionKind } from '../src/nlu/isQuestion';
import type { Recognizer } from '../src/nlu/types';
import { MIN_WORDS } from '../src/nlu/languageChoice';
import { languageChooserFor, loadAllLanguages, multilingualUnderstanding } from '../src/nlu/multilingual';
import { percentile, sortedCopy } from './stats';

const ROOT = join(__dirname, '..', '..');

function option(name: string, fallback: number): number {
  const value = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return value === undefined ? fallback : Number(value);
}

const microseconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1000;

function summary(samples: Float64Array): { p50: number; p99: number } {
  const sorted = sortedCopy(samples);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function main(): Promise<void> {
  const rounds = option('rounds', 5);
  const intentsDir = join(ROOT, 'intents');
  const contentDir = join(ROOT, 'dialogs');
  const causeOrder = loadCauseOrder(contentDir);
  const topics = loadTopics(contentDir).topics.map((t) => t.id);
  const languages = await loadAllLanguages({ topics, intentsDir, modelPath: join(ROOT, 'models', 'nlu-model.json'), causeOrder, save: false });
  const english = languages.get('en')!;
  const multilingual = multilingualUnderstanding(languages, await languageChooserFor(languages));
  const understander = new TurnUnderstander(english.recognizer, (t) => questionKind(t), undefined, 10_000, multilingual);
  const deaf: Recognizer = { recognize: (text) => english.recognizer.recognize(text) };
  const checkingAgain = new TurnUnderstander(deaf, (t) => questionKind(t), undefined, 10_000, multilingual);
  const data = loadIntents(intentsDir, { causeOrder });
  const texts = loadHeldOut(intentsDir, data, { causeOrder })
    .examples.map((e) => e.text)
    .filter((t) => (t.toLowerCase().match(/[\p{L}']+/gu) ?? []).length >= MIN_WORDS);
  for (const text of texts) understander.understand({ text, origin: 'typed' }, { stored: 'en' }); // warm-up (JIT)
  const n = texts.length * rounds;
  const classify = new Float64Array(n);
  const turn = new Float64Array(n);
  const twice = new Float64Array(n);
  const runs: Array<[Float64Array, (text: string) => unknown]> = [
    [classify, (text) => english.recognizer.recognize(text)],
    [turn, (text) => understander.understand({ text, origin: 'typed' }, { stored: 'en' })],
    [twice, (text) => checkingAgain.understand({ text, origin: 'typed' }, { stored: 'en' })],
  ];
  for (let i = 0; i < n; i++) {
    const text = texts[i % texts.length]!;
    // Each in turn goes first: none is always timed right after another (caches, GC) on the same text.
    for (let k = 0; k < runs.length; k++) {
      const [samples, run] = runs[(i + k) % runs.length]!;
      const start = process.hrtime.bigint();
      run(text);
      samples[i] = microseconds(start);
    }
  }
  const a = summary(classify);
  const b = summary(turn);
  const c = summary(twice);
  const fixed = (x: number): string => x.toFixed(0);
  console.log(`English held-out messages of ${MIN_WORDS}+ words: ${texts.length}, ${n} turns; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`classify only     p50 ${fixed(a.p50)} µs  p99 ${fixed(a.p99)} µs`);
  console.log(`turn (language + classify)  p50 ${fixed(b.p50)} µs  p99 ${fixed(b.p99)} µs`);
  console.log(`turn, the recognizer checking again  p50 ${fixed(c.p50)} µs  p99 ${fixed(c.p99)} µs`);
  console.log(`ratio turn / classify: p50 ${(b.p50 / a.p50).toFixed(2)}, p99 ${(b.p99 / a.p99).toFixed(2)}`);
  console.log(`ratio checked twice / classify: p50 ${(c.p50 / a.p50).toFixed(2)}, p99 ${(c.p99 / a.p99).toFixed(2)}`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

/**
 * `npm run eval`, per language (issue 26): for every language with data in intents/<lang>/ — route accuracy on its
 * intents/<lang>/test/heldout.yaml, ruled-out detection on its negation cases (held-out examples with a `ruledOut`
 * field or a negation of the language's grammar: exactly the expected causes ruled out), dialog-act accuracy on
 * intents/<lang>/acts/test, knowledge top-1 on intents/<lang>/test/knowledge/heldout.yaml; then language identification
 * on every held-out message of MIN_WORDS+ words of all languages. Models: the saved ones (npm run train), retrained
 * first when their data changed; never trained on a held-out file.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Language } from '../content/i18n/languages';
import { loadActHeldOut, loadActs } from '../content/loadActs';
import { type HeldOutExample, loadCauseOrder, loadHeldOut, loadIntents } from '../content/loadIntents';
import { readYamlFile } from '../content/readYaml';
import { loadDialogContent } from '../content/loadContent';
import { type KnowledgeBase, type KnowledgeIndex, loadKnowledgeBase, loadKnowledgeIndex } from '../knowledge';
import { evaluateKnowledge } from '../knowledge/evaluateKnowledge';
import { KnowledgeHeldOutFileSchema, KnowledgeUnanswerableFileSchema } from '../knowledge/schema';
import { evaluateActs, predictActs } from '../nlu/evaluateActs';
import { evaluatePredictions, predictAll } from '../nlu/evaluate';
import { type Grammar, normalizeFor } from '../nlu/grammar';
import type { IntentRecognizer } from '../nlu/recognizer';
import { loadFranc } from '../nlu/language';
import { LanguageIdentifier, MIN_WORDS } from '../nlu/languageChoice';
import { intentsDirFor, type LanguageModels, languageChooserFor, loadAllLanguages } from '../nlu/multilingual';
import type { NluPaths } from '../nlu/cliSupport';
import { stderrLog } from '../nlu/cliSupport';

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}% (${n}/${d})`);
const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/** Route accuracy and ruled-out detection on the negation cases of one held-out file, with the first errors. */
function routeLines(recognizer: IntentRecognizer, grammar: Grammar, examples: readonly HeldOutExample[], name: string): string[] {
  const report = evaluatePredictions(predictAll(recognizer, examples));
  const out = [`route accuracy (test/${name}): ${pct(Math.round(report.routeAccuracy * report.n), report.n)}`];
  const negation = examples.filter((e) => e.ruledOut !== undefined || grammar.negation.test(normalizeFor(grammar, e.text)));
  const right = negation.filter((e) => sameSet(recognizer.detector.detect(e.text), e.ruledOut ?? []));
  out.push(`ruled-out detection on its negation cases: ${pct(right.length, negation.length)}`);
  for (const e of negation.filter((x) => !right.includes(x)).slice(0, 6)) out.push(`  ruled out: "${e.text}": expected [${(e.ruledOut ?? []).join(', ')}], got [${recognizer.detector.detect(e.text).join(', ')}]`);
  for (const m of report.misclassified.filter((p) => p.route !== p.expectedRoute).slice(0, 8)) out.push(`  route: "${m.text}" expected ${m.expectedRoute}, got ${m.route}`);
  return out;
}

/** One language's figures (held-out files that do not exist yet are said so). */
function languageSection(paths: NluPaths, models: LanguageModels, causeOrder: readonly string[], solutionIds: ReadonlySet<string>, kb: KnowledgeBase): string[] {
  const { language, grammar } = models;
  const dir = intentsDirFor(paths.intentsDir, language);
  const out = [`== ${language} (${dir.replace(`${process.cwd()}/`, '')})`];
  const recognizer = models.recognizer.intentRecognizer;
  if (existsSync(join(dir, 'test'))) {
    const data = loadIntents(dir, { causeOrder, language });
    const examples = loadHeldOut(dir, data, { causeOrder, language }).examples;
    for (const file of [...new Set(examples.map((e) => e.file))]) out.push(...routeLines(recognizer, grammar, examples.filter((e) => e.file === file), basename(file)));
  } else out.push('route accuracy, ruled-out: no test/heldout.yaml yet');
  const actsDir = join(dir, 'acts');
  if (existsSync(join(actsDir, 'test'))) {
    const acts = evaluateActs(predictActs(loadActHeldOut(actsDir, loadActs(actsDir)), (t) => models.acts.read(t).parts.map((p) => p.act)));
    out.push(`dialog acts (acts/test): ${pct(Math.round(acts.accuracy * acts.n), acts.n)}, question read as not fixed: ${acts.questionAsNotFixed.length}`);
  } else out.push('dialog acts: no acts/test yet');
  out.push(knowledgeLine(dir, kb.for(language), solutionIds));
  return out;
}

function knowledgeLine(dir: string, index: KnowledgeIndex, solutionIds: ReadonlySet<string>): string {
  const file = join(dir, 'test', 'knowledge', 'heldout.yaml');
  if (!existsSync(file)) return 'knowledge: no test/knowledge/heldout.yaml yet';
  const heldOut = readYamlFile(file, KnowledgeHeldOutFileSchema).examples.filter((e) => index.content.entry(e.entry) && (!e.solution || solutionIds.has(e.solution)));
  const unanswerableFile = join(dir, 'test', 'knowledge', 'unanswerable.yaml');
  const unanswerable = existsSync(unanswerableFile) ? readYamlFile(unanswerableFile, KnowledgeUnanswerableFileSchema).questions : [];
  const r = evaluateKnowledge(index, { heldOut, unanswerable });
  return `knowledge (test/knowledge): top-1 ${pct(r.top1, r.heldOut)}, wrong ${pct(r.wrongAnswers.length, r.heldOut)}, fallback on unanswerable ${pct(r.fallbacks, r.unanswerable)}`;
}

/** Held-out messages of MIN_WORDS+ words of every language (not the English examples written in other languages). */
function identificationSet(paths: NluPaths, languages: readonly Language[], causeOrder: readonly string[]): Array<{ text: string; language: Language }> {
  const out: Array<{ text: string; language: Language }> = [];
  for (const language of languages) {
    const dir = intentsDirFor(paths.intentsDir, language);
    const texts: string[] = [];
    if (existsSync(join(dir, 'test'))) {
      const data = loadIntents(dir, { causeOrder, language });
      const examples: HeldOutExample[] = loadHeldOut(dir, data, { causeOrder, language }).examples;
      texts.push(...examples.filter((e) => e.topic !== 'other_language').map((e) => e.text));
    }
    if (existsSync(join(dir, 'acts', 'test'))) texts.push(...loadActHeldOut(join(dir, 'acts'), loadActs(join(dir, 'acts'))).map((e) => e.text));
    for (const text of texts) if ((text.match(/[\p{L}']+/gu)?.length ?? 0) >= MIN_WORDS) out.push({ text, language });
  }
  return out;
}

function identificationSection(identifier: LanguageIdentifier, set: ReadonlyArray<{ text: string; language: Language }>, languages: readonly Language[]): string[] {
  const out = ['== language identification (messages of 4+ words, all languages\' held-out files)'];
  let right = 0;
  const wrong: string[] = [];
  for (const ex of set) {
    const found = identifier.identify(ex.text);
    const got = found === undefined ? 'undecided' : 'language' in found ? found.language : found.other;
    if (got === ex.language) right++;
    else wrong.push(`  - [${ex.language} → ${got}] "${ex.text}"`);
  }
  out.push(`accuracy: ${pct(right, set.length)}`);
  for (const l of languages) {
    const of = set.filter((e) => e.language === l);
    out.push(`  ${l}: ${pct(of.filter((e) => { const f = identifier.identify(e.text); return f !== undefined && 'language' in f && f.language === l; }).length, of.length)}`);
  }
  return [...out, ...wrong.slice(0, 15)];
}

/** The per-language report (every language but English, whose figures are the sections above it). */
export async function languagesReport(paths: NluPaths): Promise<string> {
  const causeOrder = loadCauseOrder(paths.contentDir);
  const languages = await loadAllLanguages({ intentsDir: paths.intentsDir, modelPath: paths.modelPath, causeOrder, log: stderrLog, whenStale: 'retrain' });
  const content = loadDialogContent(paths.contentDir);
  const solutionIds = new Set(content.solutions.map((s) => s.id));
  const grammars = new Map([...languages].map(([l, m]) => [l, m.grammar]));
  const kb = loadKnowledgeBase(paths.contentDir, solutionIds, loadKnowledgeIndex(paths.contentDir, content), grammars, () => {});
  const out = ['===== languages (issue 26) ====='];
  for (const [language, models] of languages) if (language !== 'en') out.push(...languageSection(paths, models, causeOrder, solutionIds, kb), '');
  const franc = await loadFranc();
  const chooser = await languageChooserFor(languages, franc);
  const identifier = chooser.identifier!;
  out.push(...identificationSection(identifier, identificationSet(paths, [...languages.keys()], causeOrder), [...languages.keys()]));
  return out.join('\n');
}

/**
 * `npm run validate`: checks the content without starting the bot or training the model.
 *  - each file against its schema (every issue, with its line), then the loaders' cross-file checks (a ContentError
 *    is placed at the line of the field it names);
 *  - an utterance in two intents, or also in a held-out test file;
 *  - placeholders left in text (TODO, TBD, lorem, xxx, unresolved {{…}});
 *  - a cause without training data, a solution no walk reaches;
 *  - the knowledge base (dialogs/knowledge.yaml) against its schema (every issue at its line), then with its own
 *    loader (src/knowledge/: unique ids, known solution ids, phrasings claimed by two entries…) and its held-out
 *    questions (intents/test/knowledge/);
 *  - the conversation tests (dialogs/tests/*.yaml), including the knowledge-base entries they name.
 */
import { TRANSLATED_LANGUAGES } from '../content/i18n/languages';
import { checkTranslations } from './translations';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ContentError } from '../content/contentError';
import { CONTENT_FILES, loadDialogContent, type DialogContent } from '../content/loadContent';
import { loadHeldOut, loadIntents, utteranceKey } from '../content/loadIntents';
import { REPLIES_FILE, repliesSchema } from '../content/loadReplies';
import {
  AnswersFileSchema,
  CausesFileSchema,
  PromptsFileSchema,
  RuledOutFileSchema,
  SolutionsFileSchema,
} from '../content/schema';
import { HeldOutFileSchema, IntentFileSchema, type HeldOutFile, type IntentFile } from '../content/intentSchemas';
import { loadTopics } from '../content/loadTopics';
import { PAGE_TEXTS_FILE, PageTextsFileSchema } from '../content/loadPageTexts';
import { locateYaml, parseFieldPath } from '../content/sourceLines';
import { loadTestsInEveryLanguage } from '../conversationTests/loadTests';
import { KNOWLEDGE_FILE, KnowledgeIndex, loadKnowledge } from '../knowledge';
import { KNOWLEDGE_TEST_SETS, loadKnowledgeTestSet } from '../knowledge/evaluateKnowledge';
import { KnowledgeFileSchema } from '../knowledge/schema';
import { GENERIC_ROUTE, planWalk } from '../dialogs/walkPlan';
import type { Problem } from './problem';
import { checkYamlFile, shownPath, stringsWithLines, type CheckedFile } from './yamlFile';

export interface ValidateOptions {
  contentDir: string;
  intentsDir: string;
  /** Missing, untranslated, stale and obsolete translations are errors, not warnings (CI). */
  strictTranslations?: boolean;
}

/** Words that mean a text is unfinished. Matched as whole words, case-insensitively; `{{name}}` anywhere. */
const PLACEHOLDERS: { pattern: RegExp; what: string }[] = [
  { pattern: /\bTODO\b/i, what: 'TODO' },
  { pattern: /\bTBD\b/i, what: 'TBD' },
  { pattern: /\blorem\b/i, what: 'lorem ipsum' },
  { pattern: /\bx{3,}\b/i, what: '"xxx"' },
  { pattern: /\{\{[^{}]*\}\}/, what: 'an unresolved {{…}} placeholder' },
];

function yamlIn(dir: string, filter: (name: string) => boolean = () => true): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && filter(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Places a loader's ContentError at the line of the field it names (or the YAML line in its message). */
function fromContentError(err: ContentError): Problem {
  const yamlLine = /at line (\d+)/.exec(err.problem);
  let line = yamlLine ? Number(yamlLine[1]) : 1;
  if (!yamlLine && err.field && existsSync(err.file)) {
    try {
      line = locateYaml(err.file).lineOf(parseFieldPath(err.field));
    } catch {
      // unreadable: line 1
    }
  }
  return { file: err.file, line, severity: 'error', message: `${err.field ? `field "${err.field}": ` : ''}${err.problem}` };
}

/** Runs a loader; its ContentError becomes a problem. */
function tryLoad<T>(problems: Problem[], load: () => T): T | undefined {
  try {
    return load();
  } catch (err) {
    if (err instanceof ContentError) {
      const problem = fromContentError(err);
      // The same place may already be reported by a check of this file (e.g. a duplicate utterance): keep that one.
      if (!problems.some((p) => p.file === problem.file && p.line === problem.line)) problems.push(problem);
      return undefined;
    }
    throw err;
  }
}

export function validateContent(options: ValidateOptions): Problem[] {
  const { contentDir, intentsDir } = options;
  const problems: Problem[] = [];
  const collect = <T,>(checked: CheckedFile<T>): CheckedFile<T> => {
    problems.push(...checked.problems);
    return checked;
  };

  // ---------- each file against its schema ----------
  const dialogFiles = [
    collect(checkYamlFile(join(contentDir, CONTENT_FILES.causes), CausesFileSchema)),
    collect(checkYamlFile(join(contentDir, CONTENT_FILES.solutions), SolutionsFileSchema)),
    collect(checkYamlFile(join(contentDir, CONTENT_FILES.answers), AnswersFileSchema)),
    collect(checkYamlFile(join(contentDir, CONTENT_FILES.prompts), PromptsFileSchema)),
  ];
  const causesFile = dialogFiles[0] as CheckedFile<{ causes: { id: string }[] }>;
  const trainFiles = yamlIn(join(intentsDir, 'train')).map((f) => collect(checkYamlFile(f, IntentFileSchema)));
  const ruledOutFile = collect(checkYamlFile(join(intentsDir, 'ruled_out.yaml'), RuledOutFileSchema));
  collect(checkYamlFile(join(intentsDir, REPLIES_FILE), repliesSchema));
  const heldOutFiles = yamlIn(join(intentsDir, 'test')).map((f) => collect(checkYamlFile(f, HeldOutFileSchema)));
  const schemaErrors = problems.length > 0;
  // The knowledge base: every schema issue at its line; its loader's checks follow once the dialogs loaded.
  const knowledgeFile = collect(checkYamlFile(join(contentDir, KNOWLEDGE_FILE), KnowledgeFileSchema));
  // The support page's own texts (the page, the embed).
  const pageFile = collect(checkYamlFile(join(contentDir, PAGE_TEXTS_FILE), PageTextsFileSchema));

  const { training, routes } = checkTrainingUtterances(trainFiles, problems);
  checkHeldOutLeaks(heldOutFiles, training, problems);
  // The loaders' cross-file checks run only on files that passed their schema.
  const content = schemaErrors ? undefined : loadAcrossFiles(options, causesFile, trainFiles, problems);
  const knowledge = content && knowledgeFile.data ? checkKnowledge(options, content, problems) : undefined;
  const tests = yamlIn(join(contentDir, 'tests'));
  checkPlaceholderTexts([...dialogFiles, ...trainFiles, ruledOutFile, ...heldOutFiles, knowledgeFile, pageFile], tests, problems);
  if (trainFiles.length > 0) checkCausesHaveTraining(causesFile, routes, intentsDir, problems);
  if (content) checkSolutionsReached(content, dialogFiles[1]!, routes, problems);
  checkConversationTests(contentDir, content, knowledge, tests.length > 0, problems);
  problems.push(...checkTranslations(contentDir, { strict: options.strictTranslations === true }));
  return withoutRepeats(problems);
}

/** Utterances: one intent each. Returns every training utterance (by utteranceKey) and the routes of the intents. */
function checkTrainingUtterances(trainFiles: ReadonlyArray<CheckedFile<unknown>>, problems: Problem[]) {
  const training = new Map<string, { intent: string; file: string; line: number }>();
  const routes = new Set<string>();
  for (const checked of trainFiles) {
    const data = checked.data as IntentFile | undefined;
    if (!data || !checked.located) continue;
    routes.add(data.route ?? data.intent);
    // Hand-written utterances, then the real ones grouped under their source.
    const entries: Array<{ utterance: string; path: (string | number)[] }> = [
      ...data.utterances.map((utterance, i) => ({ utterance, path: ['utterances', i] })),
      ...(data.sources ?? []).flatMap((source, j) => source.utterances.map((utterance, k) => ({ utterance, path: ['sources', j, 'utterances', k] }))),
    ];
    for (const { utterance, path } of entries) {
      const key = utteranceKey(utterance);
      const line = checked.located.lineOf(path);
      const seen = training.get(key);
      if (seen && seen.intent !== data.intent) {
        problems.push({
          file: checked.file,
          line,
          severity: 'error',
          message: `"${utterance}" is also an utterance of intent "${seen.intent}" (${seen.file}:${seen.line}); an utterance belongs to one intent only`,
        });
      } else if (!seen) {
        training.set(key, { intent: data.intent, file: checked.file, line });
      }
    }
  }
  return { training, routes };
}

/** A held-out example is never a training utterance (a test the model learned by heart proves nothing). */
function checkHeldOutLeaks(heldOutFiles: ReadonlyArray<CheckedFile<unknown>>, training: ReadonlyMap<string, { intent: string; file: string; line: number }>, problems: Problem[]): void {
  for (const checked of heldOutFiles) {
    const data = checked.data as HeldOutFile | undefined;
    if (!data || !checked.located) continue;
    const examples: Array<{ text: string; path: (string | number)[] }> = [
      ...(data.examples ?? []).map((example, i) => ({ text: example.text, path: ['examples', i, 'text'] })),
      ...(data.sources ?? []).flatMap((source, j) => source.examples.map((example, k) => ({ text: example.text, path: ['sources', j, 'examples', k, 'text'] }))),
    ];
    for (const example of examples) {
      const seen = training.get(utteranceKey(example.text));
      if (seen) {
        problems.push({
          file: checked.file,
          line: checked.located.lineOf(example.path),
          severity: 'error',
          message: `held-out example "${example.text}" is also a training utterance of "${seen.intent}" (${seen.file}:${seen.line}); a test the model has learned by heart proves nothing`,
        });
      }
    }
  }
}

/** The loaders the bot uses, across files: topics, intents (their warnings), held-out examples, the dialog content. */
function loadAcrossFiles(
  { contentDir, intentsDir }: ValidateOptions,
  causesFile: CheckedFile<{ causes: { id: string }[] }>,
  trainFiles: ReadonlyArray<CheckedFile<unknown>>,
  problems: Problem[],
): DialogContent | undefined {
  const causeOrder = causesFile.data!.causes.map((c) => c.id);
  const topics = tryLoad(problems, () => loadTopics(contentDir).topics.map((t) => t.id));
  const intents = tryLoad(problems, () => loadIntents(intentsDir, { causeOrder, topics }));
  if (intents) {
    for (const w of intents.warnings) problems.push({ file: shownPath(intentsDir), line: 1, severity: 'warning', message: w });
    tryLoad(problems, () => loadHeldOut(intentsDir, intents, { causeOrder, topics }));
  }
  const knownIntents = new Set(trainFiles.map((c) => (c.data as { intent: string }).intent));
  return tryLoad(problems, () => loadDialogContent(contentDir, { knownIntents }));
}

/** The knowledge base, with the loader the bot uses (src/knowledge/), and its test sets. */
function checkKnowledge({ contentDir, intentsDir }: ValidateOptions, content: DialogContent, problems: Problem[]): KnowledgeIndex | undefined {
  const solutionIds = new Set(content.solutions.map((s) => s.id));
  const knowledge = tryLoad(problems, () => new KnowledgeIndex(loadKnowledge(join(contentDir, KNOWLEDGE_FILE), solutionIds)));
  if (knowledge && existsSync(join(intentsDir, 'test', 'knowledge'))) {
    for (const name of KNOWLEDGE_TEST_SETS) tryLoad(problems, () => loadKnowledgeTestSet(intentsDir, knowledge, solutionIds, name));
  }
  return knowledge;
}

/** Placeholder text ("TODO", "lorem ipsum"…) left in any content file or conversation test. */
function checkPlaceholderTexts(files: ReadonlyArray<CheckedFile<unknown>>, tests: readonly string[], problems: Problem[]): void {
  const textFiles = [...files.filter((c) => c.located).map((c) => c.located!), ...tests.map((t) => locateYaml(t))];
  for (const located of textFiles) {
    if (located.doc.errors.length > 0) continue;
    for (const { text, line } of stringsWithLines(located)) {
      const hit = PLACEHOLDERS.find((p) => p.pattern.test(text));
      if (hit) {
        const excerpt = text.length > 60 ? `${text.slice(0, 57)}...` : text;
        problems.push({ file: shownPath(located.file), line, severity: 'error', message: `placeholder text (${hit.what}) left in "${excerpt}"` });
      }
    }
  }
}

/** Every cause is the route of some training intent. */
function checkCausesHaveTraining(causesFile: CheckedFile<{ causes: { id: string }[] }>, routes: ReadonlySet<string>, intentsDir: string, problems: Problem[]): void {
  if (!causesFile.data || !causesFile.located) return;
  causesFile.data.causes.forEach((cause, i) => {
    if (!routes.has(cause.id)) {
      problems.push({
        file: causesFile.file,
        line: causesFile.located!.lineOf(['causes', i, 'id']),
        severity: 'error',
        message: `cause "${cause.id}" has no training data: no intent in ${shownPath(join(intentsDir, 'train'))} has it as route (add intents/train/${cause.id}.yaml)`,
      });
    }
  });
}

/** Every solution is reached by some walk (a cause's, or the generic one when an intent routes to it). */
function checkSolutionsReached(content: DialogContent, solutionsFile: CheckedFile<unknown>, routes: ReadonlySet<string>, problems: Problem[]): void {
  const walkRoutes = [...content.causes.map((c) => c.id), ...(routes.has(GENERIC_ROUTE) ? [GENERIC_ROUTE] : [])];
  const reached = new Set(walkRoutes.flatMap((route) => planWalk(content, route)));
  content.solutions.forEach((solution, i) => {
    if (!reached.has(solution.id)) {
      problems.push({
        file: solutionsFile.file,
        line: solutionsFile.located!.lineOf(['solutions', i, 'id']),
        severity: 'error',
        message: `solution "${solution.id}" is never shown: no walk reaches it (point a cause's "solution" at it, or at a solution before it, or remove it)`,
      });
    }
  });
}

/** The conversation tests against the content (or, without valid content, against their schema). */
function checkConversationTests(contentDir: string, content: DialogContent | undefined, knowledge: KnowledgeIndex | undefined, hasTests: boolean, problems: Problem[]): void {
  if (!content && !hasTests) return;
  // Every language's tests (dialogs/tests/<lang>/): the names they use (solutions, prompts, entries) are the English ids.
  const { problems: testProblems } = content
    ? loadTestsInEveryLanguage(join(contentDir, 'tests'), () => content, () => knowledge?.content)
    : loadTestsInEveryLanguage(join(contentDir, 'tests'));
  problems.push(...testProblems.map((p) => ({ ...p, severity: 'error' as const })));
}

/** A loader error repeats a schema error already found at the same place: keep one. */
function withoutRepeats(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The files the check reads, for its summary line. */
export function countedFiles(options: ValidateOptions): number {
  const { contentDir, intentsDir } = options;
  return (
    yamlIn(contentDir).length +
    TRANSLATED_LANGUAGES.reduce((n, language) => n + yamlIn(join(contentDir, 'i18n', language)).length, 0) +
    yamlIn(join(contentDir, 'tests')).length +
    yamlIn(join(intentsDir, 'train')).length +
    yamlIn(join(intentsDir, 'test')).length +
    yamlIn(join(intentsDir, 'test', 'knowledge')).length +
    (existsSync(join(intentsDir, 'ruled_out.yaml')) ? 1 : 0)
  );
}

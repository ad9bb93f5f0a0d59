/**
 * Loads the conversation content in `dialogs/` (causes, solutions, answers, prompts), validates each file against its
 * schema and then cross-checks the files against each other. Any problem throws a ContentError naming file and field.
 */
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { ContentError } from './contentError';
import { formatPath, readYamlFile } from './readYaml';
import {
  AnswersFileSchema,
  CausesFileSchema,
  PromptsFileSchema,
  SolutionsFileSchema,
  type Answer,
  type Cause,
  type Prompts,
  type Solution,
} from './schema';

/** What the bot says to a small-talk intent (prompts.yaml `smallTalk:`), resolved to its text. */
interface SmallTalkReply {
  text: string;
  /** Show the example problems as buttons under it. */
  examples: boolean;
}
import { placeholdersIn } from './template';

export interface DialogContent {
  /** In the article's order. */
  causes: Cause[];
  /** In the article's order; the last one is `finalSolution`. */
  solutions: Solution[];
  answers: Answer[];
  prompts: Prompts;
  /** The last resort (contact Apple Support). */
  finalSolution: Solution;
  cause(id: string): Cause | undefined;
  solution(id: string): Solution | undefined;
  answerFor(intent: string): Answer | undefined;
  /** The reply to a small-talk intent (greeting, thanks…) outside a walk; undefined when it is not small talk. */
  smallTalkFor(intent: string): SmallTalkReply | undefined;
}

/** Reads one content file and validates it (readYamlFile; a language's copy: readLocalizedYamlFile). */
export type YamlReader = <S extends z.ZodType>(file: string, schema: S) => z.infer<S>;

export interface LoadContentOptions {
  /** The intents in intents/train/. When given, every cause id and every answer intent must be one of them. */
  knownIntents?: ReadonlySet<string>;
  /** How each file is read (default readYamlFile: the English reference). */
  read?: YamlReader;
  /** The file an error names (default: the English file); a language's copy names its translation file. */
  shownAs?: (file: string) => string;
}

/** The content files, relative to the content directory. */
export const CONTENT_FILES = {
  causes: 'causes.yaml',
  solutions: 'solutions.yaml',
  answers: 'answers.yaml',
  prompts: 'prompts.yaml',
} as const;

type PromptField = Exclude<keyof Prompts, 'examples' | 'buttons'>;

/** The placeholders the engine fills in each prompt. A prompt not listed here may not use any. */
const PROMPT_PLACEHOLDERS: Readonly<Partial<Record<PromptField, readonly string[]>>> = {
  solutionIntro: ['number', 'title'],
  nextSolution: ['why'],
  alreadyTried: ['why'],
  otherCausesLater: ['causes'],
  stepOf: ['index', 'total', 'text'],
  clarify: ['a', 'b'],
  offerSwitch: ['name'],
  ruledOutAck: ['causes'],
  whereWasI: ['number', 'title'],
  tooLong: ['length', 'max'],
  agentJoined: ['agent'],
  agentMessage: ['agent', 'text'],
  agentLeft: ['agent'],
  csat: ['agent'],
};

/** Placeholders a prompt must contain, because without them the sentence loses its point. */
const REQUIRED_PROMPT_PLACEHOLDERS: Readonly<Partial<Record<PromptField, readonly string[]>>> = {
  solutionIntro: ['title'],
  stepOf: ['text'],
  clarify: ['a', 'b'],
  offerSwitch: ['name'],
  agentMessage: ['text'],
};

/** Throws a ContentError naming the field and problem in one content file. */
type FailIn = (field: ReadonlyArray<PropertyKey>, problem: string) => never;

/** Reads and cross-validates dialogs/*.yaml in `dir`. Throws ContentError on the first problem found. */
export function loadDialogContent(dir: string, options: LoadContentOptions = {}): DialogContent {
  const paths = {
    causes: join(dir, CONTENT_FILES.causes),
    solutions: join(dir, CONTENT_FILES.solutions),
    answers: join(dir, CONTENT_FILES.answers),
    prompts: join(dir, CONTENT_FILES.prompts),
  };
  // Same file naming as readYamlFile, so every error names the file the same way.
  const shown = (file: string): string => {
    const named = options.shownAs ? options.shownAs(file) : file;
    return relative(process.cwd(), named) || named;
  };
  const read: YamlReader = options.read ?? readYamlFile;
  const failIn =
    (file: string): FailIn =>
    (field, problem) => {
      throw new ContentError(shown(file), formatPath(field), problem);
    };

  const { solutions } = read(paths.solutions, SolutionsFileSchema);
  const { causes } = read(paths.causes, CausesFileSchema);
  const { answers } = read(paths.answers, AnswersFileSchema);
  const { prompts, smallTalk = {} } = read(paths.prompts, PromptsFileSchema);

  const solutionById = indexSolutions(solutions, failIn(paths.solutions));
  const finalSolution = solutions[solutions.length - 1]!;
  const causeById = indexCauses(causes, solutionById, options.knownIntents, failIn(paths.causes));
  const answerByIntent = indexAnswers(answers, solutionById, options.knownIntents, failIn(paths.answers));
  const smallTalkByIntent = indexSmallTalk(smallTalk, prompts, options.knownIntents, failIn(paths.prompts));

  // ---------- placeholders ----------
  checkPromptPlaceholders(prompts, (field, problem) => failIn(paths.prompts)(['prompts', ...field], problem));
  // Placeholders are only filled in prompts; anywhere else a {word} would be shown to people literally.
  checkNoPlaceholders('causes', causes, failIn(paths.causes));
  checkNoPlaceholders('solutions', solutions, failIn(paths.solutions));
  checkNoPlaceholders('answers', answers, failIn(paths.answers));

  return {
    causes,
    solutions,
    answers,
    prompts,
    finalSolution,
    cause: (id) => causeById.get(id),
    solution: (id) => solutionById.get(id),
    answerFor: (intent) => answerByIntent.get(intent),
    smallTalkFor: (intent) => smallTalkByIntent.get(intent),
  };
}

/** Solutions by id: unique ids, numbers in the article's order, a warning on destructive ones, one final solution, last. */
function indexSolutions(solutions: readonly Solution[], fail: FailIn): Map<string, Solution> {
  const solutionById = new Map<string, Solution>();
  solutions.forEach((solution, i) => {
    if (solutionById.has(solution.id)) {
      fail(['solutions', i, 'id'], `duplicate solution id "${solution.id}"`);
    }
    solutionById.set(solution.id, solution);
    const previous = solutions[i - 1];
    if (previous && solution.number <= previous.number) {
      fail(['solutions', i, 'number'], `must be greater than the previous solution's number (${previous.number}); solutions are listed in the article's order`);
    }
    if (solution.confirm && !solution.warning) {
      fail(['solutions', i, 'warning'], 'is required because the solution has "confirm" (it is destructive)');
    }
  });
  const finals = solutions.flatMap((solution, i) => (solution.final ? [i] : []));
  if (finals.length === 0) {
    fail(['solutions', solutions.length - 1, 'final'], 'exactly one solution must have "final: true" (none has)');
  }
  if (finals.length > 1) {
    fail(
      ['solutions', finals[1]!, 'final'],
      `exactly one solution may have "final: true" (found ${finals.length}: ${finals.map((i) => solutions[i]!.id).join(', ')})`,
    );
  }
  if (finals[0] !== solutions.length - 1) {
    fail(['solutions', finals[0]!, 'final'], 'the final solution must be the last one in the file');
  }
  return solutionById;
}

/** Causes by id: unique ids, each with a known solution and (when the model is known) an intent. */
function indexCauses(causes: readonly Cause[], solutionById: ReadonlyMap<string, Solution>, knownIntents: ReadonlySet<string> | undefined, fail: FailIn): Map<string, Cause> {
  const causeById = new Map<string, Cause>();
  causes.forEach((cause, i) => {
    if (causeById.has(cause.id)) fail(['causes', i, 'id'], `duplicate cause id "${cause.id}"`);
    causeById.set(cause.id, cause);
    if (!solutionById.has(cause.solution)) {
      fail(['causes', i, 'solution'], `"${cause.solution}" is not a solution id in ${CONTENT_FILES.solutions} (known: ${[...solutionById.keys()].join(', ')})`);
    }
    if (knownIntents && !knownIntents.has(cause.id)) {
      fail(['causes', i, 'id'], `"${cause.id}" is not an intent (add intents/train/${cause.id}.yaml)`);
    }
  });
  return causeById;
}

/** Answers by intent: one per intent, a known intent, per-solution variants of known solutions. */
function indexAnswers(answers: readonly Answer[], solutionById: ReadonlyMap<string, Solution>, knownIntents: ReadonlySet<string> | undefined, fail: FailIn): Map<string, Answer> {
  const answerByIntent = new Map<string, Answer>();
  answers.forEach((answer, i) => {
    if (answerByIntent.has(answer.intent)) {
      fail(['answers', i, 'intent'], `duplicate answer for intent "${answer.intent}"`);
    }
    answerByIntent.set(answer.intent, answer);
    if (knownIntents && !knownIntents.has(answer.intent)) {
      fail(['answers', i, 'intent'], `"${answer.intent}" is not an intent (add intents/train/${answer.intent}.yaml)`);
    }
    for (const key of Object.keys(answer.perSolution ?? {})) {
      if (!solutionById.has(key)) {
        fail(['answers', i, 'perSolution', key], `"${key}" is not a solution id in ${CONTENT_FILES.solutions}`);
      }
    }
  });
  return answerByIntent;
}

/** Small-talk replies by intent: a known intent answered with a prompt that takes no placeholders. */
function indexSmallTalk(
  smallTalk: Readonly<Record<string, { reply: string; examples?: boolean }>>,
  prompts: Prompts,
  knownIntents: ReadonlySet<string> | undefined,
  fail: FailIn,
): Map<string, SmallTalkReply> {
  const smallTalkByIntent = new Map<string, SmallTalkReply>();
  for (const [intent, entry] of Object.entries(smallTalk)) {
    if (knownIntents && !knownIntents.has(intent)) {
      fail(['smallTalk', intent], `"${intent}" is not an intent (add intents/train/${intent}.yaml)`);
    }
    const said: unknown = (prompts as Record<string, unknown>)[entry.reply];
    const takesPlaceholders = (PROMPT_PLACEHOLDERS[entry.reply as PromptField] ?? []).length > 0;
    if (typeof said !== 'string' || takesPlaceholders) {
      return fail(['smallTalk', intent, 'reply'], `"${entry.reply}" is not a prompt without placeholders in prompts:`);
    }
    smallTalkByIntent.set(intent, { text: said, examples: entry.examples ?? false });
  }
  return smallTalkByIntent;
}

/** Placeholders are only filled in prompts: a {word} in another file would be shown to people literally. */
function checkNoPlaceholders(root: string, value: unknown, fail: FailIn): void {
  for (const [field, text] of stringsIn(value, [root])) {
    const found = placeholdersIn(text);
    if (found.length > 0) {
      fail(field, `contains {${found[0]}}, but placeholders are only filled in ${CONTENT_FILES.prompts}`);
    }
  }
}

function checkPromptPlaceholders(
  prompts: Prompts,
  fail: (field: ReadonlyArray<PropertyKey>, problem: string) => never,
): void {
  for (const [field, text] of stringsIn(prompts, [])) {
    const top = field[0] as keyof Prompts;
    const allowed = top === 'examples' || top === 'buttons' ? [] : (PROMPT_PLACEHOLDERS[top] ?? []);
    const used = placeholdersIn(text);
    for (const name of used) {
      if (!allowed.includes(name)) {
        const hint = allowed.length > 0 ? `allowed here: ${allowed.map((a) => `{${a}}`).join(' ')}` : 'this text takes no placeholders';
        fail(field, `unknown placeholder {${name}} (${hint})`);
      }
    }
    const required = top === 'examples' || top === 'buttons' ? [] : (REQUIRED_PROMPT_PLACEHOLDERS[top] ?? []);
    for (const name of required) {
      if (!used.includes(name)) fail(field, `must contain the placeholder {${name}}`);
    }
  }
}

/** Every string inside a parsed YAML value, with its path. */
function stringsIn(value: unknown, path: PropertyKey[]): Array<[PropertyKey[], string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsIn(item, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => stringsIn(item, [...path, key]));
  }
  return [];
}

/**
 * `npm run test:conversations [file.yaml ...]`: runs the conversation tests of dialogs/tests/ — English, and each
 * language's in dialogs/tests/<lang>/ — (or the files given) against the real bot, in process, with a count per language. Prints each failure with FILE:LINE, the conversation so far, what was expected
 * and what the bot said (--show prints every conversation). Exit code 1 when a test fails, 2 when a test file or the content is invalid.
 */
import { join, resolve } from 'node:path';
import { loadConfig, readEnvironment } from '../config/config';
import { ContentError } from '../content/contentError';
import { loadBotUnderTest } from '../conversationTests/loadBot';
import { formatProblem, languageOfTestFile, loadTestFile, loadTestsInEveryLanguage, type LocatedTest, type TestFileProblem } from '../conversationTests/loadTests';
import { formatFailure, runConversationTest, type BotUnderTest } from '../conversationTests/runConversation';
import type { Language } from '../content/i18n/languages';

async function main(args: string[]): Promise<number> {
  const env = readEnvironment();
  const config = loadConfig(env);
  let bot;
  try {
    bot = await loadBotUnderTest(env, undefined, (message) => console.error(message));
  } catch (err) {
    if (err instanceof ContentError) {
      console.error(`Content error: ${err.message}\n(run "npm run validate" for every problem with its line)`);
      return 2;
    }
    throw err;
  }
  const show = args.includes('--show');
  args = args.filter((a) => a !== '--show');
  let tests: LocatedTest[] = [];
  let problems: TestFileProblem[] = [];
  if (args.length > 0) {
    for (const file of args) {
      const language = languageOfTestFile(resolve(file));
      const one = loadTestFile(resolve(file), contentIn(bot, language), knowledgeIn(bot, language), language);
      tests.push(...one.tests);
      problems.push(...one.problems);
    }
  } else {
    ({ tests, problems } = loadTestsInEveryLanguage(join(config.contentDir, 'tests'), (language) => contentIn(bot, language), (language) => knowledgeIn(bot, language)));
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(formatProblem(p));
    return 2;
  }
  const failedIn = new Map<Language, number>();
  for (const test of tests) {
    const result = await runConversationTest(test, bot);
    const tag = test.language === 'en' ? '' : `[${test.language}] `;
    if (result.failure) {
      failedIn.set(test.language, (failedIn.get(test.language) ?? 0) + 1);
      console.log(`✗ ${tag}${test.test.name}\n\n${formatFailure(result)}\n`);
    } else {
      console.log(`✓ ${tag}${test.test.name}`);
      if (show) console.log(`${result.transcript.map((l) => `    ${l}`).join('\n')}\n`);
    }
  }
  console.log(`\n${summary(tests, failedIn)}`);
  return failedIn.size > 0 ? 1 : 0;
}

/** "en: 120 of 120 passed · es: 30 of 31 passed, 1 failed" and the total. */
function summary(tests: readonly LocatedTest[], failedIn: ReadonlyMap<Language, number>): string {
  const languages = [...new Set(tests.map((t) => t.language))];
  const lines = languages.map((language) => {
    const total = tests.filter((t) => t.language === language).length;
    const failed = failedIn.get(language) ?? 0;
    return `  ${language}: ${total - failed} of ${total} passed${failed > 0 ? `, ${failed} failed` : ''}`;
  });
  const failed = [...failedIn.values()].reduce((a, b) => a + b, 0);
  return [...lines, `${tests.length - failed} of ${tests.length} conversation tests passed${failed > 0 ? `, ${failed} failed` : ''}.`].join('\n');
}

/** The content the tests of a language are checked against. */
function contentIn(bot: BotUnderTest, language: Language) {
  return bot.localized?.in(language).dialog ?? bot.content;
}

/** The knowledge base the tests of a language name entries of (the language's, else the English one). */
function knowledgeIn(bot: BotUnderTest, language: Language) {
  return (bot.knowledgeFor?.(language) ?? bot.knowledge).content;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 1;
    },
  );
}

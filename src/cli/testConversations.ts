/**
 * `npm run test:conversations [file.yaml ...]`: runs the conversation tests of dialogs/tests/ (or the files given)
 * against the real bot, in process. Prints each failure with FILE:LINE, the conversation so far, what was expected
 * and what the bot said (--show prints every conversation). Exit code 1 when a test fails, 2 when a test file or the content is invalid.
 */
import { join, resolve } from 'node:path';
import { loadConfig, readEnvironment } from '../config/config';
import { ContentError } from '../content/contentError';
import { loadBotUnderTest } from '../conversationTests/loadBot';
import { formatProblem, loadTestFile, loadTests, type LocatedTest, type TestFileProblem } from '../conversationTests/loadTests';
import { formatFailure, runConversationTest } from '../conversationTests/runConversation';

async function main(args: string[]): Promise<number> {
  const env = readEnvironment();
  const config = loadConfig(env);
  let bot;
  try {
    bot = await loadBotUnderTest(env);
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
      const one = loadTestFile(resolve(file), bot.content, bot.knowledge.content);
      tests.push(...one.tests);
      problems.push(...one.problems);
    }
  } else {
    ({ tests, problems } = loadTests(join(config.contentDir, 'tests'), bot.content, bot.knowledge.content));
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(formatProblem(p));
    return 2;
  }
  let failed = 0;
  for (const test of tests) {
    const result = await runConversationTest(test, bot);
    if (result.failure) {
      failed++;
      console.log(`✗ ${test.test.name}\n\n${formatFailure(result)}\n`);
    } else {
      console.log(`✓ ${test.test.name}`);
      if (show) console.log(`${result.transcript.map((l) => `    ${l}`).join('\n')}\n`);
    }
  }
  console.log(`\n${tests.length - failed} of ${tests.length} conversation tests passed${failed > 0 ? `, ${failed} failed` : ''}.`);
  return failed > 0 ? 1 : 0;
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

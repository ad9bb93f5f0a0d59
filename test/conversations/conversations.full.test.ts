/**
 * Runs the operators' conversation tests (dialogs/tests/*.yaml, and each language's dialogs/tests/<lang>/*.yaml)
 * against the real bot, one jest test each.
 * A failure shows FILE:LINE, the conversation so far, what was expected and what the bot said.
 */
import { join } from 'node:path';
import { loadLocalizedContent } from '../../src/content/localizedContent';
import { loadKnowledgeIndex } from '../../src/knowledge';
import { loadBotUnderTest } from '../../src/conversationTests/loadBot';
import { formatProblem, loadTestsInEveryLanguage } from '../../src/conversationTests/loadTests';
import { formatFailure, runConversationTest, type BotUnderTest } from '../../src/conversationTests/runConversation';

const localized = loadLocalizedContent('dialogs');
const kb = loadKnowledgeIndex('dialogs', localized.english.dialog).content;
const { tests, problems } = loadTestsInEveryLanguage(join('dialogs', 'tests'), (language) => localized.in(language).dialog, () => kb);

let bot: Promise<BotUnderTest> | undefined;
const theBot = (): Promise<BotUnderTest> => (bot ??= loadBotUnderTest({}));

test('the conversation test files are valid', () => {
  expect(problems.map(formatProblem)).toEqual([]);
  // The issue asks for at least 30 conversations (in English).
  expect(tests.filter((t) => t.language === 'en').length).toBeGreaterThanOrEqual(30);
});

describe.each([...new Set(tests.map((t) => t.file))])('%s', (file) => {
  test.each(tests.filter((t) => t.file === file).map((t) => [`${t.test.name} (line ${t.line})`, t] as const))('%s', async (_name, located) => {
    const result = await runConversationTest(located, await theBot());
    if (result.failure) throw new Error(formatFailure(result));
  });
});

/** The conversation-test runner itself: failures and invalid files are reported with file and line. */
import { join } from 'node:path';
import { loadDialogContent } from '../../src/content/loadContent';
import { loadBotUnderTest } from '../../src/conversationTests/loadBot';
import { formatProblem, loadTestFile } from '../../src/conversationTests/loadTests';
import { formatFailure, runConversationTest, type BotUnderTest } from '../../src/conversationTests/runConversation';

const fixtures = join('test', 'conversations', 'fixtures');
const content = loadDialogContent('dialogs');
let bot: BotUnderTest;
beforeAll(async () => {
  bot = await loadBotUnderTest({});
});

describe('a failing conversation test', () => {
  const { tests, problems } = loadTestFile(join(fixtures, 'failing.yaml'), content);

  test('the file itself is valid', () => {
    expect(problems).toEqual([]);
    expect(tests.map((t) => t.line)).toEqual([2, 11, 15]);
  });

  test('reports the line of the failing expectation, the conversation so far, what was expected and what the bot said', async () => {
    const result = await runConversationTest(tests[0]!, bot);
    expect(result.failure).toMatchObject({ file: join(fixtures, 'failing.yaml'), line: 8 });
    const message = formatFailure(result);
    expect(message).toMatch(/^test\/conversations\/fixtures\/failing\.yaml:8: "a walk whose second step is expected wrongly" failed/);
    expect(message).toContain('Person: my backup says not enough storage');
    expect(message).toContain('Person: no');
    expect(message).toContain(`the bot says "this sentence is not in the bot's reply"  (line 8)`);
    // The solution expectation held; the buttons one did too (both are on the reply), so only "says" is listed.
    expect(message).not.toContain('solution 2 (check_internet) is shown');
    expect(message).toMatch(/The bot said:\n\s+Solution 2: \*\*Check the Internet Connection\*\*/);
    expect(message).toContain('[No, still failing]');
  });

  test('a click on a button that was not offered fails at the click', async () => {
    const result = await runConversationTest(tests[1]!, bot);
    expect(result.failure?.line).toBe(14);
    expect(result.failure?.expected).toEqual(["a button [Yes, switch] in the bot's previous reply"]);
    expect(result.failure?.said).toContain('[Yes, it worked]');
  });

  test('an expected hand-off that does not happen fails', async () => {
    const result = await runConversationTest(tests[2]!, bot);
    expect(result.failure?.line).toBe(19);
    expect(result.failure?.expected.join()).toMatch(/hand-off to a person starts/);
  });
});

describe('an invalid test file', () => {
  test('every problem is reported with its line, and no test is run', () => {
    const { tests, problems } = loadTestFile(join(fixtures, 'invalid.yaml'), content);
    expect(tests).toEqual([]);
    const shown = problems.map(formatProblem);
    expect(shown).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^test\/conversations\/fixtures\/invalid\.yaml:4: .*exactly one of "user"/),
        expect.stringMatching(/^test\/conversations\/fixtures\/invalid\.yaml:6: .*solutoin/),
        expect.stringMatching(/^test\/conversations\/fixtures\/invalid\.yaml:9: field "tests\[1\]\.channel"/),
      ]),
    );
  });

  test('names that do not exist in the content are reported at their line', () => {
    const { problems } = loadTestFile(join(fixtures, 'unknownNames.yaml'), content);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/unknownNames\.yaml:5: "check_wifi" is not a solution id/),
      expect.stringMatching(/unknownNames\.yaml:6: "welcom" is not a prompt/),
    ]);
  });
});

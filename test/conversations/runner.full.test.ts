/** The conversation-test runner itself: failures and invalid files are reported with file and line. */
import { join } from 'node:path';
import { loadDialogContent } from '../../src/content/loadContent';
import { loadKnowledgeIndex } from '../../src/knowledge';
import { loadBotUnderTest } from '../../src/conversationTests/loadBot';
import { formatProblem, loadTestFile } from '../../src/conversationTests/loadTests';
import { formatFailure, runConversationTest, type BotUnderTest } from '../../src/conversationTests/runConversation';

const fixtures = join('test', 'conversations', 'fixtures');
const content = loadDialogContent('dialogs');
const knowledge = loadKnowledgeIndex('dialogs', content).content;
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

describe('knowledge-base answers and CSAT ratings that are not what the bot did', () => {
  const { tests, problems } = loadTestFile(join(fixtures, 'failingKnowledge.yaml'), content, knowledge);

  test('the file itself is valid', () => {
    expect(problems).toEqual([]);
  });

  test('another entry\'s answer fails at "answered:", naming the entry expected', async () => {
    const result = await runConversationTest(tests[0]!, bot);
    expect(result.failure?.line).toBe(7);
    expect(result.failure?.expected).toEqual([expect.stringMatching(/^the answer of knowledge-base entry internet_speed \(".+", dialogs\/knowledge\.yaml\) {2}\(line 7\)$/)]);
    // What the bot did say: the slow Wi-Fi answer, then the same step.
    expect(result.failure?.said).toContain(knowledge.entry('internet_slow')!.answer.slice(0, 40));
    expect(result.failure?.said).toContain('You were on Solution 2');
  });

  test('a 👎 expected as 👍 fails at "rated:", saying what was recorded', async () => {
    const result = await runConversationTest(tests[1]!, bot);
    expect(result.failure?.line).toBe(13);
    expect(result.failure?.expected).toEqual(['a CSAT rating 👍 up is recorded (recorded: down)  (line 13)']);
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

  test('"answers:" (dialogs/answers.yaml, no longer shown to people) is refused, saying what replaces it', () => {
    const { problems } = loadTestFile(join(fixtures, 'answersKey.yaml'), content, knowledge);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^test\/conversations\/fixtures\/answersKey\.yaml:4: field "tests\[0\]\.turns\[0\]".*"answers".*"answered: <entry id of dialogs\/knowledge\.yaml>"/),
    ]);
  });

  test('names that do not exist in the content or the knowledge base are reported at their line', () => {
    const { problems } = loadTestFile(join(fixtures, 'unknownNames.yaml'), content, knowledge);
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      expect.stringMatching(/^5: "check_wifi" is not a solution id/),
      expect.stringMatching(/^6: "welcom" is not a prompt/),
      '8: "faq_without_cloud" is not an entry id in dialogs/knowledge.yaml (did you mean "faq_without_icloud"?)',
      '10: "no_such_entry_anywhere" is not an entry id in dialogs/knowledge.yaml',
      expect.stringMatching(/^12: "csat\.askBott" is not a prompt in dialogs\/prompts\.yaml \(known: .*csat\.askBot/),
    ]);
  });
});

describe('"agentSees:": what the hand-off tells the agent', () => {
  const file = join(fixtures, 'failingAgentSees.yaml');

  test('an outcome the agent is not told fails at "agentSees:", saying what it was told', async () => {
    const { tests } = loadTestFile(file, content, knowledge);
    const result = await runConversationTest(tests[0]!, bot);
    expect(result.failure?.line).toBe(8);
    expect(result.failure?.expected).toEqual(['the agent is told check_storage: fixed (told: check_storage: not_fixed, check_internet: offered)  (line 8)']);
  });

  test('a solution id that does not exist is reported at its line', () => {
    const { problems } = loadTestFile(file, content, knowledge);
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([expect.stringMatching(/^14: "check_wifi" is not a solution id/)]);
  });
});

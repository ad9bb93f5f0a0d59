/**
 * Reply classes that realistic conversations got wrong (issue 23, dialogs/tests/realistic_v3.yaml), read with the
 * trained models (npm run train) as the dialogs read them at a step: other phrasings of each class than the tests',
 * with typos. The dialog behaviour for each is in test/dialogs/replyClasses.test.ts.
 */
import { ReplyInterpreter, type Interpretation } from '../../src/dialogs/replyInterpreter';
import { TurnUnderstander } from '../../src/dialogs/turnUnderstanding';
import { questionKind } from '../../src/nlu/isQuestion';
import { DEFAULT_OPTIONS, knowledge } from '../helpers/botHarness';

async function reader() {
  const { content, recognizer, knowledge: kb, acts } = await knowledge();
  const answers = (text: string): boolean => kb.retrieve(text, { solutionId: 'check_internet' }).kind === 'answer';
  const interpreter = new ReplyInterpreter(content, { confidence: DEFAULT_OPTIONS.noneThreshold, answer: DEFAULT_OPTIONS.confidenceThreshold }, questionKind, answers);
  const understander = new TurnUnderstander(recognizer, questionKind, acts, 1000);
  return (text: string) => {
    const u = understander.understand({ text, origin: 'typed' })!;
    const meaning: Interpretation = interpreter.interpret(u, { currentCauses: ['network_unstable'], route: 'network_unstable', solutionId: 'check_internet' });
    return { u, meaning: meaning.kind === 'command' ? `command:${meaning.command}` : meaning.kind };
  };
}

let read: Awaited<ReturnType<typeof reader>>;
beforeAll(async () => {
  read = await reader();
});

describe('a plain statement that it works is a yes, never a knowledge question', () => {
  it.each(['is working now thank you', 'is wroking now thanks', 'is fine now thx', 'was succesful this time', 'is all good now ty', 'is backing up now 👍'])('%s', (text) => {
    expect(read(text).meaning).toBe('command:affirm');
  });
});

describe('a correction that says it worked says so (saysNow: the walk closes on it, never a new cause)', () => {
  it.each([
    'wait sorry i meant it DID work, i was looking at the old date',
    'oops, i meant it worked',
    'sorry wrong button, it actually backed up fine',
    'no wait it did back up, i was reading last weeks date',
    'sorry i clicked no by mistake, it worked',
    'oh wait nvm it DID go thru, was looking at yesterdays',
  ])('%s', (text) => {
    const { u } = read(text);
    expect(u.act?.act).toBe('correction');
    expect(u.act?.parts[0]?.saysNow).toBe('fixed');
  });

  it.each(['i thought it worked but it failed at the end', 'i was wrong its not fixed', 'sorry i meant my ipad', 'not storage, i meant wifi', 'false alarm', 'my bad, it has not worked after all', 'oops it did not work after all'])(
    '%s is not a yes',
    (text) => {
      const { u, meaning } = read(text);
      expect(u.act?.parts[0]?.saysNow).toBeUndefined();
      expect(meaning).not.toBe('command:affirm');
    },
  );
});

describe("another app's backup is the other_app_backup topic (its redirect, at the start and mid-walk)", () => {
  it.each(['can you help with my whatsapp backup instead', 'could u help me with my google photos backup', 'what about my whatsapp backup can you do that one', 'help with my onedrive backup instead pls', 'can you help me with whatsap instead'])(
    '%s',
    (text) => {
      const { u, meaning } = read(text);
      expect(u.nlu.route).toBe('none');
      expect(u.topic).toBe('other_app_backup');
      expect(['question', 'offTopic', 'unknown']).toContain(meaning);
    },
  );
});

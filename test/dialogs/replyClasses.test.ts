/**
 * Reply classes at a step that realistic conversations got wrong (issue 23, dialogs/tests/realistic_v3.yaml), on the
 * engine's fixture content with a stub recognizer and stub dialog acts (as engine.test.ts): a statement that it works
 * with its subject dropped, a correction that says it worked after a "no", and another app's backup mid-walk.
 */
import { fixtureKnowledge } from './stubs';
import { join } from 'node:path';
import { createBot } from '../../src/bots/createBot';
import { loadDialogContent } from '../../src/content/loadContent';
import { loadTopics } from '../../src/content/loadTopics';
import { fill } from '../../src/content/template';
import type { DialogAct } from '../../src/content/loadActs';
import type { ActReader, ActReading } from '../../src/nlu/dialogActs';
import type { NluResult, Recognizer } from '../../src/nlu/types';
import { MemoryStore } from '../../src/storage';
import { DEFAULT_OPTIONS, TestConversation } from '../helpers/botHarness';

const FIXTURES = join(__dirname, 'fixtures');
const content = loadDialogContent(FIXTURES);
const topics = loadTopics(FIXTURES);
const prompts = content.prompts;
const otherApp = topics.topic('other_app_backup')!.answer;

type Scripted = Partial<NluResult> & { intent: string };
const NONE: Scripted = { intent: 'none' };

/** text → classifier result (anything else: route none, no topic). */
const SCRIPT: Record<string, Scripted> = {
  'alpha is broken': { intent: 'cause_alpha' },
  no: { intent: 'deny' },
  yes: { intent: 'affirm' },
};

/** text → [act, what a correction says now]; anything else is unknown. */
const ACTS: Record<string, [DialogAct, ('fixed' | undefined)?]> = {
  no: ['not_fixed'],
  yes: ['fixed'],
};

class Stubs implements Recognizer, ActReader {
  recognize(text: string): NluResult {
    const s = SCRIPT[text.toLowerCase()] ?? NONE;
    return { text, confidence: 0.95, route: s.intent, ruledOut: [], alternatives: [], ...s };
  }

  read(text: string): ActReading {
    const scripted = ACTS[text.toLowerCase()];
    if (!scripted) return { act: 'unknown', confidence: 0.2, parts: [], best: 'off_topic' };
    const [act, saysNow] = scripted;
    return { act, confidence: 0.95, parts: [{ act, confidence: 0.95, question: act === 'question' ? 0.9 : 0.001, text, ...(saysNow ? { saysNow } : {}) }], best: act };
  }
}

function person(): TestConversation {
  const stubs = new Stubs();
  const storage = new MemoryStore({ sweepIntervalMs: 0 });
  const knowledge = fixtureKnowledge(FIXTURES, content);
  const services = createBot({ content, recognizer: stubs, acts: stubs, knowledge, storage, options: { ...DEFAULT_OPTIONS, topics } });
  return new TestConversation(services, storage);
}

const intro = (id: string): string => fill(prompts.solutionIntro, { number: String(content.solution(id)!.number), title: content.solution(id)!.title });

async function walk(chat: TestConversation): Promise<string[]> {
  return (await chat.session()).solutions.map((s) => `${s.solutionId}:${s.outcome}`);
}

describe('a statement that it works, its subject dropped, closes the walk (not a knowledge question)', () => {
  it.each(['is working now thank you', 'is workin now thx', 'is fine now', 'was successful, thanks', 'did work this time', 'is all good now 👍', 'has worked, thank you'])(
    '%s',
    async (text) => {
      ACTS[text.toLowerCase()] = ['fixed'];
      const chat = person();
      await chat.ask('alpha is broken');
      const reply = await chat.ask(text);
      expect(reply).toContain(prompts.happyClose);
      expect(reply).not.toContain(prompts.didYouMean);
      expect(await walk(chat)).toEqual(['sol_one:fixed']);
    },
  );

  it('"is it working now" keeps its question: answered or not, the step stays', async () => {
    ACTS['is it working now'] = ['fixed'];
    const chat = person();
    await chat.ask('alpha is broken');
    const reply = await chat.ask('is it working now');
    expect(reply).not.toContain(prompts.happyClose);
    expect(await walk(chat)).toEqual(['sol_one:offered']);
  });
});

describe('a correction that says it worked, after a "no": the earlier solution worked, the walk ends happily', () => {
  it.each(['wait sorry i meant it DID work, i was looking at the old date', 'oops i meant it worked', 'sry wrong buton, it did back up', 'no wait it went thru after all'])(
    '%s',
    async (text) => {
      ACTS[text.toLowerCase()] = ['correction', 'fixed'];
      const chat = person();
      await chat.ask('alpha is broken');
      await chat.ask('no');
      expect(await chat.ask('yes')).toContain('Do two.');
      const reply = await chat.ask(text);
      expect(reply).toContain(prompts.happyClose);
      expect(reply).not.toContain(fill(prompts.offerSwitch, { name: content.cause('cause_beta')!.name }));
      expect(await walk(chat)).toEqual(['sol_one:fixed', 'sol_two:offered']);
    },
  );

  it('a correction that does not say it worked is no happy close ("sorry i meant my ipad")', async () => {
    ACTS['sorry i meant my ipad'] = ['correction'];
    const chat = person();
    await chat.ask('alpha is broken');
    await chat.ask('no');
    await chat.ask('yes');
    expect(await chat.ask('sorry i meant my ipad')).not.toContain(prompts.happyClose);
    expect((await walk(chat))[0]).toBe('sol_one:not_fixed');
  });

  it('at the first solution it is a yes to that one', async () => {
    ACTS['oops i meant it worked'] = ['correction', 'fixed'];
    const chat = person();
    await chat.ask('alpha is broken');
    expect(await chat.ask('oops i meant it worked')).toContain(prompts.happyClose);
    expect(await walk(chat)).toEqual(['sol_one:fixed']);
  });
});

describe("another app's backup mid-walk gets the topic's redirect, as at the start, then the same step", () => {
  const OTHER_APP: ReadonlyArray<readonly [string, DialogAct | undefined]> = [
    ['can you help with my whatsapp backup instead', 'question'],
    ['could u help me with my google photos backup', 'off_topic'],
    ['help with my onedrive backup instead pls', undefined],
  ];

  it.each(OTHER_APP)('%s (act %s)', async (text, act) => {
    SCRIPT[text] = { intent: 'none_other_app_backup', route: 'none', topic: 'other_app_backup' };
    if (act) ACTS[text] = [act];
    const chat = person();
    await chat.ask('alpha is broken');
    const reply = await chat.ask(text);
    expect(reply).toContain(otherApp);
    expect(reply).toContain(prompts.didItWork);
    expect(reply).not.toContain(prompts.unknownQuestion);
    expect(reply).not.toContain(prompts.notUnderstood);
    expect(await walk(chat)).toEqual(['sol_one:offered']);
    // The same message at the start gets the same redirect.
    expect(await person().ask(text)).toContain(otherApp);
  });

  it('a question the knowledge base answers is answered, not redirected', async () => {
    const text = 'where is the first part of one';
    SCRIPT[text] = { intent: 'none_other_app_backup', route: 'none', topic: 'other_app_backup' };
    ACTS[text] = ['question'];
    const chat = person();
    await chat.ask('alpha is broken');
    const reply = await chat.ask(text);
    expect(reply).toContain('The first part of one is in the fixture menu.');
    expect(reply).not.toContain(otherApp);
    expect(reply).toContain(intro('sol_one').slice(0, 10));
  });
});

/**
 * The dialog engine on fixture content (test/dialogs/fixtures/: 2 causes, 3 solutions, prompts, one answer, one
 * knowledge entry) with a stub recognizer returning scripted NluResults, as Microsoft's core-bot sample tests its
 * dialogs with a mock recognizer. Engine behaviour is tested apart from the real wording and the trained model;
 * expected texts come from the fixture content itself. The real-model walks (walks.test.ts…) stay the acceptance suite.
 */
import { ActivityTypes, type Activity } from 'botbuilder';
import { join } from 'node:path';
import { createBot } from '../../src/bots/createBot';
import { loadDialogContent } from '../../src/content/loadContent';
import { fill } from '../../src/content/template';
import { loadKnowledgeIndex } from '../../src/knowledge';
import type { NluResult, Recognizer } from '../../src/nlu/types';
import { MemoryStore } from '../../src/storage';
import { DEFAULT_OPTIONS, TestConversation } from '../helpers/botHarness';

const FIXTURES = join(__dirname, 'fixtures');
const content = loadDialogContent(FIXTURES);
const knowledge = loadKnowledgeIndex(FIXTURES, content);
const prompts = content.prompts;

/** Scripted understanding: text → intent (and route, ruled-out causes); anything else is route none. */
class StubRecognizer implements Recognizer {
  readonly seen: string[] = [];
  constructor(private readonly script: Record<string, Partial<NluResult> & { intent: string }>) {}

  recognize(text: string): NluResult {
    this.seen.push(text);
    const scripted = this.script[text.toLowerCase()];
    if (!scripted) return { text, intent: 'none', route: 'none', confidence: 0.9, ruledOut: [], alternatives: [] };
    return { text, confidence: 0.95, route: scripted.intent, ruledOut: [], alternatives: [], ...scripted };
  }
}

const SCRIPT: Record<string, Partial<NluResult> & { intent: string }> = {
  'alpha is broken': { intent: 'cause_alpha' },
  'beta is broken': { intent: 'cause_beta' },
  'it failed but alpha is fine': { intent: 'cause_alpha', route: 'cause_beta', ruledOut: ['cause_alpha'] },
  yes: { intent: 'affirm' },
  no: { intent: 'deny' },
  skip: { intent: 'skip' },
  help: { intent: 'help' },
  cancel: { intent: 'cancel' },
  'start over': { intent: 'start_over' },
  'talk to a person': { intent: 'human_agent' },
  hello: { intent: 'greeting' },
  'where is the first part of one?': { intent: 'ask_where' },
};

function person(): { chat: TestConversation; recognizer: StubRecognizer } {
  const recognizer = new StubRecognizer(SCRIPT);
  const storage = new MemoryStore({ sweepIntervalMs: 0 });
  const services = createBot({ content, recognizer, knowledge, storage, options: DEFAULT_OPTIONS });
  return { chat: new TestConversation(services, storage), recognizer };
}

const intro = (id: string): string => {
  const solution = content.solution(id)!;
  return fill(prompts.solutionIntro, { number: String(solution.number), title: solution.title });
};

/** The solutions of the walk so far, with their outcomes. */
async function walk(chat: TestConversation): Promise<string[]> {
  return (await chat.session()).solutions.map((s) => `${s.solutionId}:${s.outcome}`);
}

describe('dialog engine on fixture content (stub recognizer)', () => {
  it('walks the solutions in order from the cause’s solution: no → next, yes → happy close', async () => {
    const { chat, recognizer } = person();
    const first = await chat.ask('alpha is broken');
    expect(recognizer.seen).toContain('alpha is broken');
    expect(first).toContain(intro('sol_one'));
    expect(first).toContain('Do the first part of one.');
    const second = await chat.ask('no');
    expect(second).toContain(content.solution('sol_two')!.confirm!.prompt);
    expect(second).not.toContain('Do two.');
    expect(await chat.ask('yes')).toContain('Do two.');
    expect(await chat.ask('yes')).toContain(prompts.happyClose);
    expect(await walk(chat)).toEqual(['sol_one:not_fixed', 'sol_two:fixed']);
  });

  it('starts at the first cause not ruled out', async () => {
    const { chat } = person();
    const reply = await chat.ask('it failed but alpha is fine');
    expect(reply).not.toContain(intro('sol_one'));
    expect(reply).toContain(content.solution('sol_two')!.confirm!.prompt);
    expect((await chat.session()).ruledOut).toEqual(['cause_alpha']);
  });

  it('a destructive solution asks first; "skip" skips it and goes on to the next', async () => {
    const { chat } = person();
    await chat.ask('beta is broken');
    const skipped = await chat.ask('skip');
    expect(skipped).toContain(content.solution('sol_two')!.confirm!.skipped);
    expect(skipped).not.toContain('Do two.');
    expect(skipped).toContain(intro('sol_final'));
    expect(await walk(chat)).toEqual(['sol_two:skipped', 'sol_final:offered']);
  });

  it('a question on a step is answered, and the walk stays on the same step (never taken as "no")', async () => {
    const { chat } = person();
    await chat.ask('alpha is broken');
    const answer = await chat.ask('where is the first part of one?');
    expect(answer).toContain('The first part of one is in the fixture menu.');
    expect(answer).not.toContain(intro('sol_two'));
    expect(await walk(chat)).toEqual(['sol_one:offered']);
    expect(await chat.ask('no')).toContain(content.solution('sol_two')!.confirm!.prompt);
  });

  it('help keeps the walk; cancel stops it; start over starts again', async () => {
    const { chat } = person();
    await chat.ask('alpha is broken');
    expect(await chat.ask('help')).toContain(prompts.help);
    expect(await walk(chat)).toEqual(['sol_one:offered']);
    expect(await chat.ask('cancel')).toContain(prompts.cancelled);
    expect(await chat.ask('no')).not.toContain(content.solution('sol_two')!.confirm!.prompt);
    await chat.ask('beta is broken');
    expect(await chat.ask('start over')).toContain(prompts.startOver);
    expect(await chat.ask('alpha is broken')).toContain(intro('sol_one'));
  });

  it('small talk comes from prompts.yaml smallTalk (greeting → the greeting prompt)', async () => {
    const { chat } = person();
    expect(await chat.ask('hello')).toContain(prompts.greeting);
    expect(await chat.ask('something unknown')).toContain(prompts.outOfScope);
  });

  it('"talk to a person" sends a handoff.initiate event with the route and the solutions tried', async () => {
    const { chat } = person();
    await chat.ask('alpha is broken');
    await chat.ask('no');
    await chat.adapter.receiveActivity({ type: ActivityTypes.Message, text: 'talk to a person' });
    const sent = chat.adapter.activeQueue.splice(0) as Partial<Activity>[];
    const event = sent.find((a) => a.type === ActivityTypes.Event && a.name === 'handoff.initiate');
    expect(event).toBeDefined();
    const value = event!.value as { route?: string; solutionsTried?: { solutionId: string; outcome: string }[] };
    expect(value.route).toBe('cause_alpha');
    expect(value.solutionsTried?.map((s) => `${s.solutionId}:${s.outcome}`)).toEqual(['sol_one:not_fixed', 'sol_two:offered']);
    expect((await chat.session()).handoff?.reason).toBeDefined();
  });
});

/**
 * The walk's own yes/no questions ("Go ahead?" before a destructive solution, "Switch to that?") and "ok"-like small
 * talk at "Did that fix it?", on fixture content with scripted readers. The dialog-act classifier learned replies to
 * "did it work?": at a yes/no question its readings ("go for it" → cancel, "ok go ahead" → small talk) do not count,
 * and a small-talk "ok" is the walk's "ok", never the goodbye or "anything else?" said outside a walk. Step by step,
 * "ok" is "next" but "hang on" is not.
 */
import { join } from 'node:path';
import { createBot } from '../../src/bots/createBot';
import { loadDialogContent } from '../../src/content/loadContent';
import { fill } from '../../src/content/template';
import { MemoryStore } from '../../src/storage';
import { DEFAULT_OPTIONS, TestConversation } from '../helpers/botHarness';
import { StubActs, StubRecognizer, fixtureKnowledge } from './stubs';

const FIXTURES = join(__dirname, 'fixtures');
const content = loadDialogContent(FIXTURES);
const knowledge = fixtureKnowledge(FIXTURES, content);
const prompts = content.prompts;
const DO_TWO = 'Do two.';
const GO_AHEAD = content.solution('sol_two')!.confirm!.prompt;
const OFFER = fill(prompts.offerSwitch, { name: content.cause('cause_beta')!.name });

function person(): TestConversation {
  const recognizer = new StubRecognizer({
    'alpha is broken': { intent: 'cause_alpha' },
    'beta is broken': { intent: 'cause_beta' },
    no: { intent: 'deny' },
    // What the trained models make of these (npm run classify; the act classifier): an affirm / deny the intent
    // classifier is sure of, an act learned from replies to "did it work?".
    'go for it': { intent: 'affirm', confidence: 0.97 },
    'ok go ahead': { intent: 'affirm', confidence: 0.99 },
    'no stay here': { intent: 'deny', confidence: 0.56 },
    'okie dokie': { intent: 'affirm', confidence: 0.97 },
    'nah lol': { intent: 'deny', confidence: 0.9 },
    'cool thanks': { intent: 'thanks', confidence: 0.99 },
    'walk me through it': { intent: 'walk_through' },
    'hang on': { intent: 'software_glitch', confidence: 0.67 },
    ok: { intent: 'affirm', confidence: 0.99 },
    'not now': { intent: 'cancel', confidence: 0.93 },
    // A question the intent classifier half takes for "walk me through it" (the trained model: 0.52).
    'what does it do exactly': { intent: 'walk_through', confidence: 0.52 },
    'sure do it': { intent: 'affirm', confidence: 0.95 },
    'say that again': { intent: 'repeat', confidence: 0.97 },
  });
  const acts = new StubActs({
    no: ['not_fixed'],
    'go for it': ['cancel'],
    'ok go ahead': ['small_talk'],
    'no stay here': ['cancel'],
    'okie dokie': ['small_talk'],
    'nah lol': ['small_talk'],
    'cool thanks': ['small_talk'],
    'hang on': ['doing_it'],
    ok: ['small_talk'],
    '👍': ['fixed'],
    '👎': ['not_fixed'],
    'not now': ['skip'],
    'what does it do exactly': ['question'],
    // The act classifier's question on a reply that the grammar sees no question in (trained model: 0.52).
    'sure do it': ['question'],
  });
  const storage = new MemoryStore({ sweepIntervalMs: 0 });
  return new TestConversation(createBot({ content, recognizer, acts, knowledge, storage, options: DEFAULT_OPTIONS }), storage);
}

async function walk(chat: TestConversation): Promise<string[]> {
  return (await chat.session()).solutions.map((s) => `${s.solutionId}:${s.outcome}`);
}

describe('the walk\'s yes/no questions are answered by the intent classifier, not the step-reply acts', () => {
  it.each(['go for it', 'ok go ahead'])('"%s" at "Go ahead?" shows the destructive solution; the walk is not cancelled', async (reply) => {
    const chat = person();
    await chat.ask('alpha is broken');
    expect(await chat.ask('no')).toContain(GO_AHEAD);
    const said = await chat.ask(reply);
    expect(said).toContain(DO_TWO);
    expect(said).toContain(prompts.didItWork);
    expect(said).not.toContain(prompts.cancelled);
    expect(said).not.toContain(prompts.anythingElse);
    expect((await chat.session()).outcome).toBeUndefined();
  });

  it('"no stay here" (a cancel act, a deny) at "Switch to that?" keeps the current step', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    expect(await chat.ask('beta is broken')).toContain(OFFER);
    const said = await chat.ask('no stay here');
    expect(said).toContain(prompts.stayOnCurrent);
    expect(said).toContain(prompts.didItWork);
    expect(said).not.toContain(prompts.cancelled);
    expect(await walk(chat)).toEqual(['sol_one:offered']);
  });

  it('👍 / 👎 (the acts fixed / not fixed) answer "Go ahead?" too: go ahead, skip', async () => {
    const yes = person();
    await yes.ask('alpha is broken');
    await yes.ask('no');
    expect(await yes.ask('👍')).toContain(DO_TWO);
    const no = person();
    await no.ask('alpha is broken');
    await no.ask('no');
    const skipped = await no.ask('👎');
    expect(skipped).toContain(content.solution('sol_two')!.confirm!.skipped!);
    expect(skipped).not.toContain(prompts.notUnderstood);
  });

  it('"not now" (the intent classifier\'s cancel, the act skip) at "Go ahead?" skips the solution; the walk goes on', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    await chat.ask('no');
    const said = await chat.ask('not now');
    expect(said).toContain(content.solution('sol_two')!.confirm!.skipped!);
    expect(said).not.toContain(prompts.cancelled);
    expect(await walk(chat)).toEqual(['sol_one:not_fixed', 'sol_two:skipped', 'sol_final:offered']);
  });

  it('a question at "Go ahead?" is a question (no step-by-step, no answer recorded): answered or not, the same question', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    expect(await chat.ask('no')).toContain(GO_AHEAD);
    const said = await chat.ask('what does it do exactly');
    expect(said).not.toContain(DO_TWO);
    expect(said).toContain(GO_AHEAD);
    expect(await walk(chat)).toEqual(['sol_one:not_fixed', 'sol_two:offered']);
  });

  it('"sure do it" (the act reader\'s question, no question to the grammar) at "Go ahead?" goes ahead', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    await chat.ask('no');
    expect(await chat.ask('sure do it')).toContain(DO_TWO);
  });

  it('"say that again" (repeat) at "Go ahead?" says the warning and asks again: the destructive steps are not shown unasked', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    await chat.ask('no');
    const said = await chat.ask('say that again');
    expect(said).toContain(GO_AHEAD);
    expect(said).toContain(content.solution('sol_two')!.warning!);
    expect(said).not.toContain(DO_TWO);
    expect(said).not.toContain(prompts.didItWork);
    expect(await chat.ask('no')).toContain(content.solution('sol_two')!.confirm!.skipped!);
  });

  it('a cancel act still stops the walk at "Did that fix it?" (the acts apply there)', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    expect(await chat.ask('go for it')).toContain(prompts.cancelled);
  });
});

describe('small talk at "Did that fix it?"', () => {
  it('an "ok" of small talk ("okie dokie") is progress: take your time, the same step', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    const said = await chat.ask('okie dokie');
    expect(said).toContain(prompts.takeYourTime);
    expect(said).toContain(prompts.didItWork);
    expect(said).not.toContain(prompts.anythingElse);
    expect(await walk(chat)).toEqual(['sol_one:offered']);
  });

  it('small talk with a walk command\'s intent ("nah lol") gets no goodbye; the same step, nothing recorded', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    const said = await chat.ask('nah lol');
    expect(said).not.toContain(prompts.goodbye);
    expect(said).toContain(prompts.didItWork);
    expect(await walk(chat)).toEqual(['sol_one:offered']);
  });

  it('"cool thanks" still gets the thanks reply, then the same step', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    const said = await chat.ask('cool thanks');
    expect(said).toContain(prompts.thanks);
    expect(said).toContain(prompts.didItWork);
  });
});

describe('step by step', () => {
  const step = (n: number, text: string): string => fill(prompts.stepOf, { index: n, total: 2, text });

  it('"hang on" (sure: still doing it) keeps the step with "take your time"; "ok" is the next step', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    expect(await chat.ask('walk me through it')).toContain(step(1, 'Do the first part of one.'));
    const waiting = await chat.ask('hang on');
    expect(waiting).toContain(prompts.takeYourTime);
    expect(waiting).toContain(step(1, 'Do the first part of one.'));
    expect(await chat.ask('ok')).toContain(step(2, 'Do the second part of one.'));
    expect(await walk(chat)).toEqual(['sol_one:offered']);
  });
});

/**
 * A step named by its number ("can you explain step 2"), this step's cause ruled out at the step ("i pay for the 2tb
 * plan so it can't be storage", read by the act reader as cant_do), and progress that the ruled-out patterns misread
 * ("espera, lo estoy actualizando"), and "already tried" said with "I can't do it" — on fixture content with scripted readers (the readings are what the trained
 * models give, `npm run classify` and the act classifier).
 */
import { join } from 'node:path';
import { createBot } from '../../src/bots/createBot';
import { loadDialogContent } from '../../src/content/loadContent';
import { fill } from '../../src/content/template';
import { MemoryStore } from '../../src/storage';
import { namedStep, stepWordOf } from '../../src/dialogs/walkSteps';
import { DEFAULT_OPTIONS, TestConversation } from '../helpers/botHarness';
import { StubActs, StubRecognizer, fixtureKnowledge } from './stubs';

const FIXTURES = join(__dirname, 'fixtures');
const content = loadDialogContent(FIXTURES);
const knowledge = fixtureKnowledge(FIXTURES, content);
const prompts = content.prompts;
const STEP_OF = prompts.stepOf;
const GO_AHEAD = content.solution('sol_two')!.confirm!.prompt;
const stepOfOne = (index: number): string => fill(STEP_OF, { index, total: 2, text: content.solution('sol_one')!.steps[index - 1]!.text });

function person(): TestConversation {
  const recognizer = new StubRecognizer({
    'alpha is broken': { intent: 'cause_alpha' },
    no: { intent: 'deny' },
    'walk me through it': { intent: 'walk_through' },
    // The trained model half reads these as walk me through it / repeat.
    'can you explain step 2': { intent: 'walk_through', confidence: 0.53 },
    'whats step 1 again': { intent: 'repeat', confidence: 0.98 },
    'what was the second step': { intent: 'repeat', confidence: 0.6 },
    'step 2 worked!': { intent: 'affirm', confidence: 0.9 },
    // The intent classifier's help: a global command, unless the walk's solution has the step named.
    'i dont get step 2': { intent: 'help', confidence: 0.95 },
    'i dont get any of it': { intent: 'help', confidence: 0.95 },
    'what about step 3': { intent: 'none', confidence: 0.6 },
    'it worked': { intent: 'affirm', confidence: 1 },
    yes: { intent: 'affirm', confidence: 1 },
    'did step 1 and 2, what now': { intent: 'none', confidence: 0.6 },
    // This solution's cause ruled out in a statement the act reader reads as cant_do ("it can't be…").
    'i checked so it cant be alpha': { intent: 'ask_cant_find', confidence: 0.25, ruledOut: ['cause_alpha'] },
    'is it not alpha then': { intent: 'ask_where', confidence: 0.5, ruledOut: ['cause_alpha'] },
    // Progress on this step that the ruled-out patterns misread as "not alpha".
    'hang on fixing alpha now': { intent: 'cause_alpha', confidence: 0.6, ruledOut: ['cause_alpha'] },
  });
  const acts = new StubActs({
    no: ['not_fixed'],
    'whats step 1 again': ['question'],
    'what was the second step': ['question'],
    'step 2 worked!': ['fixed'],
    'what about step 3': ['question'],
    'it worked': ['fixed'],
    yes: ['fixed'],
    '??': ['question'],
    'did step 1 and 2, what now': ['question'],
    'i checked so it cant be alpha': ['cant_do'],
    'is it not alpha then': ['question'],
    'hang on fixing alpha now': ['doing_it'],
    'did that, but i cant find the first part of one': ['already_tried', 'cant_do'],
    'did that, where is the first part of one': ['already_tried', 'question'],
  });
  const storage = new MemoryStore({ sweepIntervalMs: 0 });
  return new TestConversation(createBot({ content, recognizer, acts, knowledge, storage, options: DEFAULT_OPTIONS }), storage);
}

async function walk(chat: TestConversation): Promise<string[]> {
  return (await chat.session()).solutions.map((s) => `${s.solutionId}:${s.outcome}`);
}

describe('namedStep: the step a reply names, in the content\'s word for "step"', () => {
  test('the word is the one stepOf puts before {index}, accents folded', () => {
    expect(stepWordOf('Step {index} of {total}: {text}')).toBe('step');
    expect(stepWordOf('Étape {index} sur {total} : {text}')).toBe('etape');
    expect(stepWordOf('{index}/{total} {text}')).toBeUndefined();
  });
  test.each([
    ['can you explain step 2', 1],
    ['whats step 1 again', 0],
    ['step #2 pls', 1],
    ['step two?', 1],
    ['what was the second step', 1],
    ['the 1st step makes no sense', 0],
    ['STEP 2 WHERE IS THAT', 1],
  ])('"%s" names step index %d of 2', (text, index) => {
    expect(namedStep(text, STEP_OF, 2)).toBe(index);
  });
  test.each(['i did step 1 and 2 but cant find it', 'walk me through it one step at a time', 'step by step please', 'explain step 3', 'step 0', 'what is the next step', 'i have 2 phones'])('"%s" names no step of 2', (text) => {
    expect(namedStep(text, STEP_OF, 2)).toBeUndefined();
  });
  test('other languages read their own word (es paso, fr étape typed without accents, de Schritt)', () => {
    expect(namedStep('no entiendo el paso 2', 'Paso {index} de {total}: {text}', 2)).toBe(1);
    expect(namedStep("c'est quoi l'etape 2", 'Étape {index} sur {total} : {text}', 2)).toBe(1);
    expect(namedStep('was meinst du mit schritt 1', 'Schritt {index} von {total}: {text}', 2)).toBe(0);
  });
});

describe('a step named by its number at a solution', () => {
  it('"can you explain step 2" (walk me through it at 0.53) shows step 2 of this solution and asks again; nothing moves', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    const said = await chat.ask('can you explain step 2');
    expect(said).toContain(stepOfOne(2));
    expect(said).toContain(prompts.didItWork);
    expect(said).not.toContain(stepOfOne(1));
    expect(said).not.toContain(GO_AHEAD);
    expect(await walk(chat)).toEqual(['sol_one:offered']);
    // Still asked whether it worked: "no" moves on as usual.
    expect(await chat.ask('no')).toContain(GO_AHEAD);
  });

  it('"whats step 1 again" (repeat, asked) shows step 1, not the whole solution again', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    const said = await chat.ask('whats step 1 again');
    expect(said).toContain(stepOfOne(1));
    expect(said).not.toContain(fill(prompts.solutionIntro, { number: 1, title: 'Fix One' }));
  });

  it('step by step, "what was the second step" goes to that step', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    expect(await chat.ask('walk me through it')).toContain(stepOfOne(1));
    expect(await chat.ask('what was the second step')).toContain(stepOfOne(2));
  });

  it('"i dont get step 2" (the classifier\'s help, a global command) explains step 2; "i dont get any of it" is the help', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    const step = await chat.ask('i dont get step 2');
    expect(step).toContain(stepOfOne(2));
    expect(step).not.toContain(prompts.help);
    expect(await chat.ask('i dont get any of it')).toContain(prompts.help);
  });

  it('a step the solution does not have ("what about step 3" of two) shows the solution\'s steps again', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    const said = await chat.ask('what about step 3');
    expect(said).toContain('Do the first part of one.');
    expect(said).toContain('Do the second part of one.');
    expect(said).toContain(prompts.didItWork);
    expect(await walk(chat)).toEqual(['sol_one:offered']);
  });

  it('several numbers ("did step 1 and 2, what now") ask for no one step: a question as usual', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    const said = await chat.ask('did step 1 and 2, what now');
    expect(said).not.toContain(stepOfOne(1));
    expect(said).toContain(prompts.didItWork);
  });

  it('an answer that names a step stands: "step 2 worked!" is a yes', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    expect(await chat.ask('step 2 worked!')).toContain(prompts.happyClose);
  });
});

describe('this step\'s cause ruled out at the step', () => {
  it('"i checked so it cant be alpha" (act cant_do) is acknowledged and moves to the next solution, never "didn\'t understand"', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    const said = await chat.ask('i checked so it cant be alpha');
    expect(said).toContain(fill(prompts.ruledOutAck, { causes: content.cause('cause_alpha')!.topic }));
    expect(said).toContain(GO_AHEAD);
    expect(said).not.toContain(prompts.notUnderstood);
    expect(await walk(chat)).toEqual(['sol_one:skipped', 'sol_two:offered']);
  });

  it('asked as a question ("is it not alpha then") it stays a question: the same step', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    const said = await chat.ask('is it not alpha then');
    expect(said).not.toContain(GO_AHEAD);
    expect(said).toContain(prompts.didItWork);
    expect(await walk(chat)).toEqual(['sol_one:offered']);
  });

  it('progress on the step ("hang on fixing alpha now") does not rule its cause out: take your time, same step', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    const said = await chat.ask('hang on fixing alpha now');
    expect(said).toContain(prompts.takeYourTime);
    expect(said).not.toContain(fill(prompts.ruledOutAck, { causes: content.cause('cause_alpha')!.topic }));
    expect(said).not.toContain(GO_AHEAD);
    expect((await chat.session()).ruledOut).toEqual([]);
  });
});

describe('already tried, with "I can\'t do it" in the same reply', () => {
  it('"did that, but i cant find the first part of one" gets the help and keeps the step: the step was not finished', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    const said = await chat.ask('did that, but i cant find the first part of one');
    expect(said).toContain(prompts.didItWork);
    expect(said).not.toContain(GO_AHEAD);
    expect(await walk(chat)).toEqual(['sol_one:offered']);
  });

  it('"did that, where is the first part of one" (already tried + a question) still moves on, acknowledged', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    expect(await chat.ask('did that, where is the first part of one')).toContain(GO_AHEAD);
  });
});

describe('step by step, "it worked" is the end, "yes" the next step', () => {
  it('"it worked" (the act fixed, replies.yaml\'s success words) at step 1 closes the walk happily', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    await chat.ask('walk me through it');
    const said = await chat.ask('it worked');
    expect(said).toContain(prompts.happyClose);
    expect(said).not.toContain(stepOfOne(2));
    expect(await walk(chat)).toEqual(['sol_one:fixed']);
  });

  it('"yes" (the act fixed, no words of success) at step 1 is the next step', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    await chat.ask('walk me through it');
    expect(await chat.ask('yes')).toContain(stepOfOne(2));
    expect(await walk(chat)).toEqual(['sol_one:offered']);
  });
});

describe('a question mark alone', () => {
  it('"??" (read as a question) at a solution says the solution again (nothing to look up), never "I don\'t have a reliable answer"', async () => {
    const chat = person();
    await chat.ask('alpha is broken');
    const said = await chat.ask('??');
    expect(said).toContain('Do the first part of one.');
    expect(said).toContain(prompts.didItWork);
    expect(said).not.toContain(prompts.unknownQuestion);
    expect(await walk(chat)).toEqual(['sol_one:offered']);
  });
});

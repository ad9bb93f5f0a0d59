/**
 * End to end over real HTTP (issue 10): a walk with three questions in it, through POST /api/messages with
 * deliveryMode "expectReplies", on the real app (content, knowledge base, trained classifier, dialogs, restify).
 */
import { HttpConversation, prompts, solutionsIn } from '../helpers/chat';
import { RunningApp, startApp } from '../helpers/app';

let running: RunningApp;
beforeAll(async () => {
  running = await startApp();
});
afterAll(() => running.stop());

test('a walk with three questions: each answered, the walk resumes at the same step, and "no" still moves on', async () => {
  const person = new HttpConversation(running.url);
  await person.join();

  let text = await person.say('backup failed but I have space');
  expect(solutionsIn(text)).toEqual([2]);

  // Question 1, at Solution 2: once read as "no, still failing".
  text = await person.say('can I use mobile data instead');
  expect(text).toMatch(/Back Up Over Cellular/);
  expect(text).toContain('You were on Solution 2:');
  expect(text).toContain(prompts.didItWork);
  expect(text).not.toMatch(/didn't fix it/);

  text = await person.say('no, still failing');
  expect(solutionsIn(text)).toEqual([3]);
  text = await person.say('no');
  expect(solutionsIn(text)).toEqual([4]);

  // Question 2, at Solution 4: which iOS version the phone runs.
  text = await person.say('how do I find out which iOS version my phone runs');
  expect(text).toContain('Settings > General > About');
  expect(text).toContain('You were on Solution 4:');
  expect(solutionsIn(text)).toEqual([4]);

  text = await person.say('no');
  expect(solutionsIn(text)).toEqual([5]);

  // Question 3, at Solution 5 before going ahead: "where is that?" means this step's setting.
  text = await person.say('where is that?');
  expect(text).toContain('Settings > General > Transfer or Reset iPhone > Reset > Reset Network Settings');
  expect(text).toContain('You were on Solution 5:');
  expect(text).toContain(`[${prompts.buttons.goAhead}]`);

  text = await person.say('yes');
  expect(text).toContain('Enter your passcode');
  text = await person.say('yes it worked');
  expect(text).toMatch(/glad/i);
});

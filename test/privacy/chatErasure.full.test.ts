/**
 * "Delete my data" in the chat, against the real app (trained model, dialogs/privacy.yaml, memory store): the bot says
 * what it will delete and asks; "no, keep it" keeps everything and returns to the step the person was at; "yes"
 * ends a hand-off in progress, confirms, and erases the conversation at the end of the turn — after the turn's own
 * state save, which must not write it back.
 */
import { loadPrivacyPrompts } from '../../src/content/loadPrivacyPrompts';
import { startApp, type RunningApp } from '../helpers/app';
import { HttpConversation, solutionsIn } from '../helpers/chat';

jest.setTimeout(30_000);

const privacyPrompts = loadPrivacyPrompts('dialogs');
let running: RunningApp;

beforeAll(async () => {
  running = await startApp({ STORAGE: 'memory' });
});
afterAll(async () => {
  await running?.stop();
});

function buttonsOf(replies: { activities: Array<{ suggestedActions?: { actions?: Array<{ title?: string }> } }> }): string[] {
  return replies.activities.flatMap((a) => a.suggestedActions?.actions?.map((b) => b.title ?? '') ?? []);
}

test('"delete my data" asks first; "no, keep it" keeps everything and goes back to the same step', async () => {
  const chat = new HttpConversation(running.url);
  expect(solutionsIn(await chat.say('backup failed but I have space'))).toEqual([2]);

  const asked = await chat.send({ text: 'delete my data' });
  expect(asked.text).toContain(privacyPrompts.ask);
  expect(buttonsOf(asked)).toEqual([privacyPrompts.buttons.yes, privacyPrompts.buttons.no]);

  const kept = await chat.say('no, keep it');
  expect(kept).toContain(privacyPrompts.kept);
  expect(Object.keys(await running.app.storage.read([chat.stateKey]))).toEqual([chat.stateKey]);
  // Back where the person was: "no" now means the step did not fix it, so the walk moves on to Solution 3.
  expect(solutionsIn(await chat.say('no'))).toEqual([3]);
});

test('"forget this conversation" + "Yes, delete it" erases it, and the turn\'s own save does not bring it back', async () => {
  const chat = new HttpConversation(running.url);
  await chat.say('my backup failed and my number is 07700 900123');
  expect(await chat.say('forget this conversation')).toContain(privacyPrompts.ask);
  const done = await chat.say(privacyPrompts.buttons.yes);
  expect(done).toContain(privacyPrompts.done);

  expect(await running.app.storage.read([chat.stateKey])).toEqual({});
  const exported = await running.app.privacy.exportUser({ channelId: chat.channelId, userId: chat.userId });
  expect(exported.conversations).toEqual([]);
  const [entry] = await running.app.privacy.erasures(1);
  expect(entry).toEqual(expect.objectContaining({ by: 'the person, in chat', scope: 'conversation', ref: `${chat.channelId}/${chat.conversationId}` }));
  expect(entry!.removed.state).toBe(1);

  // The person can start again in the same conversation: a fresh one.
  expect(solutionsIn(await chat.say('backup failed but I have space'))).toEqual([2]);
});

test('during a hand-off the ask says the chat with support ends first; yes ends it and erases the request', async () => {
  const chat = new HttpConversation(running.url);
  await chat.say('backup failed but I have space');
  await chat.say('talk to a person');
  const before = await running.app.privacy.exportConversation({ channelId: chat.channelId, conversationId: chat.conversationId });
  expect(before.conversations[0]!.data.handoff).toBeDefined();

  const asked = await chat.say('please delete my data');
  expect(asked).toContain(privacyPrompts.handoffNote);
  expect(await chat.say('yes')).toContain(privacyPrompts.done);
  const after = await running.app.privacy.exportConversation({ channelId: chat.channelId, conversationId: chat.conversationId });
  expect(after.conversations[0]!.data).toEqual({});
});

test('something else instead of yes / no keeps the data and is handled as usual', async () => {
  const chat = new HttpConversation(running.url);
  await chat.say('backup failed but I have space');
  await chat.say('delete my data');
  const reply = await chat.say('will this delete my photos?');
  expect(reply).not.toContain(privacyPrompts.done);
  expect(Object.keys(await running.app.storage.read([chat.stateKey]))).toEqual([chat.stateKey]);
});

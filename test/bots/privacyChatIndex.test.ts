/**
 * The privacy chat hook keeps the user → conversations index: the turn's remember() is begun before the dialogs run
 * (so its write is queued beside the state save's, one SQLite commit instead of two), and the turn waits for it at
 * its end; an erasure the person confirmed in this turn runs after it, so nothing of the index is left behind.
 */
import { ConversationState, MemoryStorage, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { ComponentDialog } from 'botbuilder-dialogs';
import type { PrivacyPrompts } from '../../src/content/loadPrivacyPrompts';
import type { ReplyPatterns } from '../../src/content/loadReplies';
import type { MainDialog } from '../../src/dialogs/mainDialog';
import { privacyChatHook, type PrivacyChatDeps } from '../../src/bots/privacyChat';
import type { UserRef } from '../../src/privacy/personalData';

function turnContext(text: string): TurnContext {
  const activity: Partial<Activity> = {
    type: 'message',
    text,
    channelId: 'test',
    conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'user-1', name: 'Person' },
    recipient: { id: 'bot', name: 'Bot' },
  };
  return new TurnContext(new TestAdapter(), activity);
}

function setUp() {
  const events: string[] = [];
  let finish: () => void = () => undefined;
  const remembered: Array<[UserRef, string]> = [];
  const deps: PrivacyChatDeps = {
    prompts: () => ({}) as PrivacyPrompts,
    confidenceThreshold: 0.5,
    replyPatterns: () => ({}) as ReplyPatterns,
    erase: async () => {
      events.push('erase');
      return { removed: {} };
    },
    rememberConversation: (user, conversationId) => {
      remembered.push([user, conversationId]);
      events.push('remember begun');
      return new Promise<void>((resolve) => {
        finish = () => {
          events.push('remember done');
          resolve();
        };
      });
    },
    conversationState: new ConversationState(new MemoryStorage()),
    mainDialog: new ComponentDialog('main') as unknown as MainDialog,
  };
  return { hook: privacyChatHook(deps), events, remembered, finish: () => finish() };
}

test("the turn's index update is begun before the dialogs run, and the turn's end waits for it", async () => {
  const { hook, events, remembered, finish } = setUp();
  const context = turnContext('my backup failed');
  expect(await hook.beforeTurn!(context, {} as never, undefined)).toBe(false);
  expect(remembered).toEqual([[{ channelId: 'test', userId: 'user-1' }, 'conv-1']]);

  let ended = false;
  const end = hook.afterTurn!(context, {} as never, undefined).then(() => (ended = true));
  await new Promise((resolve) => setImmediate(resolve));
  expect(ended).toBe(false);
  finish();
  await end;
  expect(events).toEqual(['remember begun', 'remember done']);
});

test('a turn an earlier hook took (beforeTurn not run) still updates the index, once', async () => {
  const { hook, remembered, finish } = setUp();
  const context = turnContext('hello agent');
  const end = hook.afterTurn!(context, {} as never, undefined);
  finish();
  await end;
  expect(remembered).toHaveLength(1);
});

test('a failing index update is logged by the hook, never the turn\'s failure', async () => {
  const warnings: string[] = [];
  const failing = privacyChatHook({
    prompts: () => ({}) as PrivacyPrompts,
    confidenceThreshold: 0.5,
    replyPatterns: () => ({}) as ReplyPatterns,
    erase: async () => ({ removed: {} }),
    rememberConversation: async () => {
      throw new Error('store down');
    },
    conversationState: new ConversationState(new MemoryStorage()),
    mainDialog: new ComponentDialog('main') as unknown as MainDialog,
    log: { warn: (_fields, message) => void warnings.push(message ?? '') },
  });
  const context = turnContext('my backup failed');
  await failing.beforeTurn!(context, {} as never, undefined);
  await expect(failing.afterTurn!(context, {} as never, undefined)).resolves.toBeUndefined();
  expect(warnings).toEqual(['privacy: could not update the user index']);
});

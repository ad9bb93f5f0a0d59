/**
 * The analytics turn hook on the real bot (content + trained classifier, botbuilder TestAdapter): what each
 * conversation records, the training to-do list (masked), and that analytics never break a turn.
 */
import { MemoryStorage } from 'botbuilder';
import { analyticsHooks } from '../../src/analytics/analyticsHooks';
import { MemoryAnalyticsStore } from '../../src/analytics/memoryAnalyticsStore';
import type { AnalyticsStore } from '../../src/analytics/types';
import { createBot } from '../../src/bots/createBot';
import { DEFAULT_OPTIONS, knowledge, TestConversation } from '../helpers/botHarness';

const ALL_TIME: [number, number] = [0, Date.now() + 60 * 60_000];

async function conversationWith(store: AnalyticsStore, log?: { warn: jest.Mock }): Promise<TestConversation> {
  const { content, recognizer } = await knowledge();
  const storage = new MemoryStorage();
  const services = createBot({
    content,
    recognizer,
    storage,
    options: DEFAULT_OPTIONS,
    hooks: [() => analyticsHooks({ store, lowConfidence: { confidenceThreshold: DEFAULT_OPTIONS.confidenceThreshold }, log })],
  });
  return new TestConversation(services, storage, 'webchat');
}

describe('what a conversation records', () => {
  test('route, each solution and its outcome, the final outcome and the message count', async () => {
    const store = new MemoryAnalyticsStore();
    const conversation = await conversationWith(store);
    await conversation.say('my backup says not enough storage');
    await conversation.say('no');
    await conversation.say('yes it worked');
    const [record, ...others] = await store.conversations(...ALL_TIME);
    expect(others).toEqual([]);
    expect(record).toMatchObject({
      channelId: 'webchat',
      conversationId: conversation.adapter.conversation.conversation.id,
      route: 'storage_full',
      outcome: 'resolved',
      handedOff: false,
      messages: 3,
      solutions: [
        { id: 'check_storage', title: 'Ensure Sufficient iCloud Storage', outcome: 'not_fixed' },
        { id: 'check_internet', title: 'Check the Internet Connection', outcome: 'fixed' },
      ],
    });
    expect(record!.startedAt).toBeLessThanOrEqual(record!.lastActivityAt);
  });

  test('"no" to the end of the walk is an escalation to Apple Support', async () => {
    const store = new MemoryAnalyticsStore();
    const conversation = await conversationWith(store);
    await conversation.say('I think my old iCloud backup is corrupted');
    for (let i = 0; i < 6 && (await store.conversations(...ALL_TIME))[0]?.outcome !== 'escalated'; i++) await conversation.say('no');
    const [record] = await store.conversations(...ALL_TIME);
    expect(record!.outcome).toBe('escalated');
    expect(record!.route).toBe('backup_corrupted');
    expect(record!.solutions.map((s) => [s.id, s.outcome])).toEqual([
      ['toggle_icloud_backup', 'not_fixed'],
      ['reset_all_settings', 'skipped'], // its confirmation ("do you want to go ahead?") answered "no"
      ['contact_apple_support', 'offered'],
    ]);
  });

  test('asking for a person is a hand-off', async () => {
    const store = new MemoryAnalyticsStore();
    const conversation = await conversationWith(store);
    await conversation.say('my backup says not enough storage');
    await conversation.say('Talk to a person');
    const [record] = await store.conversations(...ALL_TIME);
    expect(record).toMatchObject({ route: 'storage_full', handedOff: true, outcome: 'handed_off' });
  });

  test('joining (the welcome) records nothing; the first message does', async () => {
    const store = new MemoryAnalyticsStore();
    const conversation = await conversationWith(store);
    await conversation.join();
    expect(await store.conversations(...ALL_TIME)).toEqual([]);
    await conversation.say('hello');
    expect(await store.conversations(...ALL_TIME)).toHaveLength(1);
  });

  test('no user text is kept in the conversation record', async () => {
    const store = new MemoryAnalyticsStore();
    const conversation = await conversationWith(store);
    await conversation.say('my backup says not enough storage, my email is jo@example.com');
    await conversation.say('no, still failing');
    const stored = JSON.stringify(await store.conversations(...ALL_TIME));
    expect(stored).not.toMatch(/not enough storage|example\.com|still failing/);
  });
});

describe('training to-do list', () => {
  test('a message sent to `none` is listed, masked; a confident complaint is not', async () => {
    const store = new MemoryAnalyticsStore();
    const conversation = await conversationWith(store);
    await conversation.say('my backup says not enough storage');
    await conversation.say('cancel');
    await conversation.say('what is the capital of peru? my password is Hunter2!secret');
    const todo = await store.lowConfidence(...ALL_TIME, 10);
    expect(todo).toHaveLength(1);
    expect(todo[0]).toMatchObject({ channelId: 'webchat', intent: 'none' });
    expect(todo[0]!.text).toContain('capital of peru');
    expect(todo[0]!.text).not.toContain('Hunter2');
    expect(todo[0]!.text).toContain('•••');
  });

  test('a message the classifier was unsure about is listed with its confidence', async () => {
    const store = new MemoryAnalyticsStore();
    const conversation = await conversationWith(store);
    await conversation.say('phone cloud sad thing');
    const [item] = await store.lowConfidence(...ALL_TIME, 10);
    expect(item).toBeDefined();
    expect(item!.intent === 'none' || item!.confidence < DEFAULT_OPTIONS.confidenceThreshold).toBe(true);
    expect(item!.text).toBe('phone cloud sad thing');
  });
});

describe('analytics never break a turn', () => {
  test('a failing store is logged (without the message) and the person still gets the answer', async () => {
    const broken: AnalyticsStore = Object.assign(new MemoryAnalyticsStore(), {
      recordTurn: () => Promise.reject(new Error('disk full')),
    });
    const log = { warn: jest.fn() };
    const conversation = await conversationWith(broken, log);
    const reply = await conversation.ask('my backup says not enough storage');
    expect(reply).toContain('Solution 1');
    expect(log.warn).toHaveBeenCalledWith({ error: 'disk full', channelId: 'webchat' }, 'analytics: could not record the turn');
    expect(JSON.stringify(log.warn.mock.calls)).not.toContain('not enough storage');
  });
});

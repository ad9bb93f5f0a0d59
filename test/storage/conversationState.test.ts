/**
 * botbuilder's ConversationState on each store, driven by a TestAdapter with a Teams-like conversation id:
 * state is saved at the end of each turn, read back on the next, and survives reopening the store.
 */
import { ConversationState, TestAdapter, TurnContext } from 'botbuilder';
import { BotStore } from '../../src/storage/botStore';
import { allKinds } from './storeKinds';

const conversationId = `19:${'9c0ffee1'.repeat(12)}@thread.v2;messageid=1712345678901`;

/** A bot that counts turns in conversation state and replies with the count and the last text. */
function counterBot(store: BotStore): { adapter: TestAdapter; state: ConversationState } {
  const state = new ConversationState(store);
  const turns = state.createProperty<{ count: number; last?: string }>('turns');
  const logic = async (context: TurnContext): Promise<void> => {
    const value = await turns.get(context, { count: 0 });
    value.count += 1;
    const previous = value.last;
    value.last = context.activity.text;
    await context.sendActivity(`${value.count}:${previous ?? '-'}`);
    await state.saveChanges(context);
  };
  const adapter = new TestAdapter(logic, { channelId: 'msteams', conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' } });
  return { adapter, state };
}

describe.each(allKinds().map((k) => [k.name, k] as const))('ConversationState on the %s store', (_name, kind) => {
  beforeAll(() => kind.setup());
  afterAll(() => kind.teardown());

  test('state is saved after each turn, read back on the next, and survives reopening the store', async () => {
    const ns = kind.namespace();
    const store = ns.open();
    await counterBot(store)
      .adapter.send('my backup failed')
      .assertReply('1:-')
      .send('not enough storage')
      .assertReply('2:my backup failed');

    const key = `msteams/conversations/${conversationId}/`;
    const stored = (await store.read([key]))[key];
    expect(stored).toEqual({ turns: { count: 2, last: 'not enough storage' }, eTag: expect.any(String) });
    await store.close();

    const reopened = ns.open();
    await counterBot(reopened).adapter.send('done').assertReply('3:not enough storage');
  });
});

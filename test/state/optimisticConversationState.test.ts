import { ActivityTypes, MemoryStorage, TurnContext, type Activity } from 'botbuilder';
import { TestAdapter } from 'botbuilder';
import { OptimisticConversationState } from '../../src/state/optimisticConversationState';
import { KeyedLock } from '../../src/state/keyedLock';
import { MemoryStore } from '../../src/storage';

function contextFor(adapter: TestAdapter, conversationId = 'c1'): TurnContext {
  const activity = { type: ActivityTypes.Message, text: 'hi', channelId: 'test', conversation: { id: conversationId }, from: { id: 'u' }, recipient: { id: 'b' } } as Activity;
  return new TurnContext(adapter, activity);
}

describe.each([
  ['botbuilder MemoryStorage', () => new MemoryStorage()],
  ['our MemoryStore', () => new MemoryStore({ idleTtlMs: 60_000 })],
])('OptimisticConversationState on %s', (_name, makeStorage) => {
  test('two turns that read the same state: the second save is rejected, not last-writer-wins', async () => {
    const storage = makeStorage();
    const state = new OptimisticConversationState(storage);
    const counter = state.createProperty<number>('counter');
    const adapter = new TestAdapter();

    const first = contextFor(adapter);
    await counter.set(first, 1);
    await state.saveChanges(first);

    const a = contextFor(adapter);
    const b = contextFor(adapter);
    await counter.set(a, (await counter.get(a, 0))! + 10);
    await counter.set(b, (await counter.get(b, 0))! + 100);
    await state.saveChanges(a);
    await expect(state.saveChanges(b)).rejects.toThrow(/eTag conflict/);

    const check = contextFor(adapter);
    expect(await counter.get(check)).toBe(11);
  });

  test('a turn can save twice (the cache is refreshed after each save)', async () => {
    const state = new OptimisticConversationState(makeStorage());
    const counter = state.createProperty<number>('counter');
    const context = contextFor(new TestAdapter());
    await counter.set(context, 1);
    await state.saveChanges(context);
    await counter.set(context, (await counter.get(context, 0))! + 1);
    await state.saveChanges(context);
    expect(await counter.get(contextFor(new TestAdapter()))).toBe(2);
  });
});

describe('KeyedLock', () => {
  test('runs tasks of one key one at a time, in order, and other keys in parallel', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    let releaseA!: () => void;
    const gate = new Promise<void>((r) => (releaseA = r));
    const a1 = lock.run('a', async () => {
      events.push('a1 start');
      await gate;
      events.push('a1 end');
    });
    const a2 = lock.run('a', async () => {
      events.push('a2');
    });
    const b1 = lock.run('b', async () => {
      events.push('b1');
    });
    await b1;
    expect(events).toEqual(['a1 start', 'b1']);
    releaseA();
    await Promise.all([a1, a2]);
    expect(events).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
    expect(lock.size).toBe(0);
  });

  test('a failing task does not block the next one', async () => {
    const lock = new KeyedLock();
    await expect(lock.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run('k', async () => 42)).resolves.toBe(42);
  });
});

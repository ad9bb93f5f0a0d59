/**
 * Issue 27: a turn whose client gave up must not be applied later. The conversation state refuses to save a turn
 * whose abandon signal fired, so the person's re-sent message is applied once, not on top of the abandoned one.
 */
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { OptimisticConversationState } from '../../src/state/optimisticConversationState';
import { isTurnAbandoned, setAbandonSignal } from '../../src/state/turnAbandon';
import { MemoryStore } from '../../src/storage';

function contextFor(adapter: TestAdapter): TurnContext {
  const activity = { ...adapter.conversation, type: 'message', text: 'no', channelId: 'test' } as unknown as Activity;
  activity.conversation = adapter.conversation.conversation;
  return new TurnContext(adapter, activity);
}

test('an abandoned turn is not saved; a live one is', async () => {
  const store = new MemoryStore({ idleTtlMs: 60_000, sweepIntervalMs: 0 });
  const state = new OptimisticConversationState(store);
  const step = state.createProperty<number>('step');
  const adapter = new TestAdapter();

  const abandoned = new AbortController();
  const gaveUp = contextFor(adapter);
  setAbandonSignal(gaveUp, abandoned.signal);
  await state.load(gaveUp);
  await step.set(gaveUp, 3);
  abandoned.abort();
  const refusal = await state.saveChanges(gaveUp).catch((error: unknown) => error);
  expect(isTurnAbandoned(refusal)).toBe(true);

  const resent = contextFor(adapter);
  setAbandonSignal(resent, new AbortController().signal);
  expect(await step.get(resent)).toBeUndefined();
  await step.set(resent, 3);
  await state.saveChanges(resent);
  expect(await step.get(contextFor(adapter))).toBe(3);
  await store.close();
});

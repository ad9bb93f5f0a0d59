import { ConversationStore, StoredActivity } from '../../src/channels/directline/conversationStore';

function message(text: string): Omit<StoredActivity, 'id'> {
  return { type: 'message', text };
}

describe('ConversationStore', () => {
  let now = 0;
  const make = (overrides: Partial<ConstructorParameters<typeof ConversationStore>[0]> = {}) =>
    new ConversationStore({ maxActivitiesPerConversation: 3, maxBytesPerConversation: 10_000, idleMs: 1000, maxConversations: 2, now: () => now, ...overrides });

  beforeEach(() => {
    now = 1_000_000;
  });

  test('keeps at most maxActivitiesPerConversation, dropping the oldest, with watermarks still increasing', () => {
    const store = make();
    store.getOrCreate('c1', 'u1');
    for (const text of ['a', 'b', 'c', 'd', 'e']) store.append('c1', message(text));
    const all = store.since('c1')!;
    expect(all.activities.map((a) => a.text)).toEqual(['c', 'd', 'e']);
    expect(all.watermark).toBe('5');
    expect(store.since('c1', '4')!.activities.map((a) => a.text)).toEqual(['e']);
    expect(store.since('c1', '5')!.activities).toEqual([]);
  });

  test('keeps roughly maxBytesPerConversation, but always the newest activity', () => {
    const store = make({ maxActivitiesPerConversation: 100, maxBytesPerConversation: 200 });
    store.getOrCreate('c', 'u');
    for (const text of ['a', 'b', 'c']) store.append('c', message(text.repeat(100)));
    expect(store.since('c')!.activities.map((a) => String(a.text)[0])).toEqual(['c']);
    store.append('c', message('x'.repeat(1000)));
    expect(store.since('c')!.activities.map((a) => String(a.text)[0])).toEqual(['x']);
  });

  test('conversations idle longer than idleMs are ended and their subscribers told', () => {
    const store = make();
    store.getOrCreate('old', 'u1');
    const ended = jest.fn();
    store.subscribe('old', { onActivities: () => undefined, onEnd: ended });
    now += 600;
    store.getOrCreate('recent', 'u2');
    now += 600;
    expect(store.sweep()).toBe(1);
    expect(store.get('old')).toBeUndefined();
    expect(store.get('recent')).toBeDefined();
    expect(ended).toHaveBeenCalledTimes(1);
  });

  test('the least recently used conversation is evicted at maxConversations', () => {
    const store = make();
    store.getOrCreate('a', 'u');
    store.getOrCreate('b', 'u');
    store.append('a', message('keeps a recent'));
    store.getOrCreate('c', 'u');
    expect(store.size).toBe(2);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBeDefined();
  });

  test('subscribers get appended and replaced activities; unsubscribe stops that', () => {
    const store = make({ maxActivitiesPerConversation: 10 });
    store.getOrCreate('c', 'u');
    const seen: string[] = [];
    const unsubscribe = store.subscribe('c', { onActivities: (g) => seen.push(...g.activities.map((a) => String(a.text))), onEnd: () => undefined })!;
    const first = store.append('c', message('one'))!;
    store.replace('c', first.id, message('one, edited'));
    unsubscribe();
    store.append('c', message('two'));
    expect(seen).toEqual(['one', 'one, edited']);
    expect(store.since('c')!.activities.map((a) => a.text)).toEqual(['one, edited', 'two']);
  });

  test('unknown conversations give undefined, not errors', () => {
    const store = make();
    expect(store.append('nope', message('x'))).toBeUndefined();
    expect(store.since('nope')).toBeUndefined();
    expect(store.delete('nope', 'x')).toBe(false);
  });
});

/**
 * The user → conversations index (privacy): what it records, and what a turn costs the store. A conversation's first
 * turn reads both documents in one call and writes them in one call; later turns within the hour cost nothing; a
 * conflict with another instance is retried without losing either change. Store calls are counted with a spy store.
 */
import type { StoreItems } from 'botbuilder';
import { ETagConflictError } from '../../src/storage/botStore';
import { MemoryStore } from '../../src/storage/memoryStorage';
import { UserConversationIndex } from '../../src/storage/userConversationIndex';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A MemoryStore that records its calls (read keys, written keys) and can inject one conflicting write. */
class SpyStore extends MemoryStore {
  readonly reads: string[][] = [];
  readonly writes: string[][] = [];
  /** Runs once, just before the next write() is applied (another instance writing in between). */
  beforeNextWrite: (() => Promise<void>) | undefined;

  override read(keys: string[]): Promise<StoreItems> {
    this.reads.push([...keys]);
    return super.read(keys);
  }

  override async write(changes: StoreItems): Promise<void> {
    this.writes.push(Object.keys(changes));
    const before = this.beforeNextWrite;
    this.beforeNextWrite = undefined;
    if (before) await before();
    return super.write(changes);
  }
}

function setUp() {
  let now = Date.UTC(2026, 11, 1);
  const store = new SpyStore();
  const index = new UserConversationIndex(store, { idleTtlMs: 30 * DAY, now: () => now });
  return { store, index, advance: (ms: number) => (now += ms) };
}

const alice = { channelId: 'webchat', userId: 'alice' };

describe('UserConversationIndex', () => {
  test("a conversation's first turn: one read and one write of both documents", async () => {
    const { store, index } = setUp();
    await index.remember(alice, 'c1');
    expect(store.reads).toHaveLength(1);
    expect(store.reads[0]).toHaveLength(2);
    expect(store.writes).toHaveLength(1);
    expect(store.writes[0]!.sort()).toEqual(store.reads[0]!.sort());
    expect(store.writes[0]!.some((k) => k.startsWith('privacy/users/'))).toBe(true);
    expect(store.writes[0]!.some((k) => k.startsWith('privacy/conversations/'))).toBe(true);
    expect(await index.conversationsOfUser(alice)).toEqual(['c1']);
  });

  test('later turns of the conversation within the hour cost the store nothing; after it, the entry is refreshed', async () => {
    const { store, index, advance } = setUp();
    await index.remember(alice, 'c1');
    const calls = store.reads.length + store.writes.length;
    advance(HOUR - 1);
    await index.remember(alice, 'c1');
    expect(store.reads.length + store.writes.length).toBe(calls);
    advance(2);
    await index.remember(alice, 'c1');
    // The person's entry is written again (last seen); the conversation's document already names the person.
    expect(store.writes.at(-1)!.every((k) => k.startsWith('privacy/users/'))).toBe(true);
  });

  test("a person's second conversation is added to their entry, and each can be erased", async () => {
    const { index } = setUp();
    await index.remember(alice, 'c1');
    await index.remember(alice, 'c2');
    expect((await index.conversationsOfUser(alice)).sort()).toEqual(['c1', 'c2']);
    expect(await index.eraseConversation({ channelId: 'webchat', conversationId: 'c1' })).toEqual({ userIndex: 2 });
    expect(await index.conversationsOfUser(alice)).toEqual(['c2']);
    expect(await index.eraseUser(alice)).toEqual({ userIndex: 1 });
    expect(await index.conversationsOfUser(alice)).toEqual([]);
  });

  test('a write by another instance in between is not lost: both documents are read again and both changes kept', async () => {
    const { store, index } = setUp();
    const other = new UserConversationIndex(store, { idleTtlMs: 30 * DAY, now: () => Date.UTC(2026, 11, 1) });
    await other.remember(alice, 'c0');
    store.reads.length = 0;
    store.writes.length = 0;
    store.beforeNextWrite = () => other.remember(alice, 'c2');
    await index.remember(alice, 'c1');
    // The first attempt (rejected: the person's entry changed), the other instance's write, then the retry after a fresh read.
    expect(store.writes).toHaveLength(3);
    expect(store.reads).toHaveLength(3);
    expect((await index.conversationsOfUser(alice)).sort()).toEqual(['c0', 'c1', 'c2']);
  });

  test('a conflict on every attempt ends with the conflict, not a silent loss', async () => {
    const { store, index } = setUp();
    store.write = async () => {
      throw new ETagConflictError('privacy/users/x');
    };
    await expect(index.remember(alice, 'c1')).rejects.toThrow(ETagConflictError);
  });
});

/**
 * What a conversation's first turn costs the bot's store, in CPU, without the rest of the bot: the store calls of a
 * first turn as the server makes them (the guarded SQLite store: read the conversation, write it back, and the
 * privacy user index's remember()), `concurrency` conversations at a time (so SQLite's group commit shares commits as
 * under load), `turns` times. Three variants, interleaved `rounds` times: the conversation alone (a first turn before
 * the user index existed, 4c1f4eb), remember() after the state's save (its own commit), and remember() begun before
 * the save (sharing its commit, as the privacy chat hook does). Reported: this process's CPU (process.cpuUsage) per
 * turn, store calls per turn and turns/s. CPU per turn hardly depends on the other processes of this shared machine.
 *   node dist/bench/storeTurnCost.js [--turns=4000] [--concurrency=10] [--rounds=3] [--dist=/path/to/another/build/dist]
 * (--dist: that build's src/storage, e.g. main's in a scratch worktree, side by side; it needs guardedStore.js and
 * userConversationIndex.js, i.e. 7926ae2 or later.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';

type Storages = {
  sqlite: typeof import('../src/storage/sqliteStorage');
  guarded: typeof import('../src/storage/guardedStore');
  index: typeof import('../src/storage/userConversationIndex');
};

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

function load(dist: string): Storages {
  const requireFrom = createRequire(__filename);
  const from = (file: string): unknown => requireFrom(path.join(dist, 'src', 'storage', file));
  return {
    sqlite: from('sqliteStorage.js') as Storages['sqlite'],
    guarded: from('guardedStore.js') as Storages['guarded'],
    index: from('userConversationIndex.js') as Storages['index'],
  };
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A first turn's conversation state, about the size the bot stores (a session with a short transcript, a dialog stack). */
function firstTurnState(conversationId: string): Record<string, unknown> {
  const at = new Date().toISOString();
  return {
    session: { startedAt: at, lastActivityAt: at, transcript: [{ from: 'user', text: 'backup failed but I have space', at }, { from: 'bot', text: 'Let us find out why. First: is there enough iCloud storage?', at }] },
    dialogState: { dialogStack: [{ id: 'main', state: { cause: 'not_enough_icloud_storage', step: 0, tried: [], conversationId } }] },
  };
}

/** Counts the store calls made through it. */
class CountingStore implements Storage {
  calls = 0;
  constructor(private readonly inner: Storage) {}
  read(keys: string[]): Promise<StoreItems> {
    this.calls++;
    return this.inner.read(keys);
  }
  write(changes: StoreItems): Promise<void> {
    this.calls++;
    return this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    this.calls++;
    return this.inner.delete(keys);
  }
}

interface Variant {
  name: string;
  /** The user index's remember(): none, after the state's save (its own commit), or begun before it (sharing its commit). */
  withIndex: false | 'after the save' | 'before the save';
}

async function measure(storages: Storages, variant: Variant, turns: number, concurrency: number): Promise<{ cpuUs: number; calls: number; perSecond: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'store-turn-cost-'));
  const opened = new storages.sqlite.SqliteStore({ path: path.join(dir, 'bot.sqlite'), sweepIntervalMs: 0 });
  const store = new CountingStore(storages.guarded.guardStore(opened, silent));
  const index = new storages.index.UserConversationIndex(store, { idleTtlMs: 30 * 24 * 3600 * 1000 });
  let next = 0;
  const firstTurn = async (n: number): Promise<void> => {
    const conversationId = `bench-${process.pid}-${n}`;
    const key = `bench/conversations/${conversationId}/`;
    const state = (await store.read([key]))[key] ?? {};
    if (variant.withIndex === 'before the save') {
      const r = index.remember({ channelId: 'bench', userId: `user-${n}` }, conversationId);
      await store.write({ [key]: { ...state, ...firstTurnState(conversationId) } });
      await r;
      return;
    }
    await store.write({ [key]: { ...state, ...firstTurnState(conversationId) } });
    if (variant.withIndex) await index.remember({ channelId: 'bench', userId: `user-${n}` }, conversationId);
  };
  const worker = async (): Promise<void> => {
    while (next < turns) await firstTurn(next++);
  };
  try {
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const used = process.cpuUsage(cpu);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { cpuUs: (used.user + used.system) / turns, calls: store.calls / turns, perSecond: turns / seconds };
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const turns = Number(option('turns', '4000'));
  const concurrency = Number(option('concurrency', '10'));
  const rounds = Number(option('rounds', '3'));
  const dist = path.resolve(option('dist', path.resolve(__dirname, '..')));
  const storages = load(dist);
  const variants: Variant[] = [
    { name: 'conversation only', withIndex: false },
    { name: 'index after the save', withIndex: 'after the save' },
    { name: 'index begun before the save', withIndex: 'before the save' },
  ];
  process.stdout.write(`store of ${dist}: ${turns} first turns, ${concurrency} at a time, ${rounds} rounds (interleaved)\n`);
  const results = new Map<string, Array<{ cpuUs: number; calls: number; perSecond: number }>>();
  await measure(storages, variants[2]!, Math.min(turns, 1000), concurrency); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      const r = await measure(storages, variant, turns, concurrency);
      results.set(variant.name, [...(results.get(variant.name) ?? []), r]);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const [name, rs] of results) {
    const cpu = median(rs.map((r) => r.cpuUs));
    process.stdout.write(
      `  ${name.padEnd(28)} ${cpu.toFixed(0).padStart(5)} µs CPU/turn (median; rounds ${rs.map((r) => r.cpuUs.toFixed(0)).join(', ')}), ` +
        `${rs[0]!.calls.toFixed(1)} store calls/turn, ${median(rs.map((r) => r.perSecond)).toFixed(0)} turns/s\n`,
    );
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`storeTurnCost failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}

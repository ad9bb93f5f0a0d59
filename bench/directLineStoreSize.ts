/**
 * How big the built-in Direct Line's store gets: one real walk is recorded from the app (welcome, the person's
 * complaint, Solution 2, "no", Solution 3, "yes, it worked", the closing), then stored again for N conversations
 * (default 10,000) in SQLite (a fresh file) and in Redis (a throw-away redis-server), and the sizes are printed.
 *
 *   node scripts/run.js bench/directLineStoreSize.ts [conversations]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Redis from 'ioredis';
import { loadConfig } from '../src/config/config';
import { start } from '../src/index';
import type { DirectLineStore, NewActivity, StoredActivity } from '../src/storage/directLineConversationStore';
import { clientActivityIdOf } from '../src/storage/directLineConversationStore';
import { SqliteDirectLineStore } from '../src/storage/sqliteDirectLineStore';
import { RedisDirectLineStore } from '../src/storage/redisDirectLineStore';

const N = Number(process.argv[2] ?? 10_000);

async function recordWalk(): Promise<StoredActivity[]> {
  const app = await start(loadConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'silent' }));
  try {
    const token = (await (await fetch(`${app.url}/api/directline/token`, { method: 'POST' })).json()) as { token: string; conversationId: string; domain: string };
    const headers = { Authorization: `Bearer ${token.token}`, 'Content-Type': 'application/json' };
    const base = `${token.domain}/conversations/${token.conversationId}`;
    await fetch(`${token.domain}/conversations`, { method: 'POST', headers, body: '{}' });
    let n = 0;
    for (const text of ['backup failed but I have space', 'no, still failing', 'yes, it worked']) {
      const response = await fetch(`${base}/activities`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'message', text, from: { id: 'x' }, locale: 'en-US', channelData: { clientActivityID: `c${++n}x0123456789` } }),
      });
      if (!response.ok) throw new Error(`post failed: ${response.status}`);
    }
    const group = (await (await fetch(`${base}/activities`, { headers })).json()) as { activities: StoredActivity[] };
    return group.activities;
  } finally {
    await app.stop();
  }
}

async function fill(store: DirectLineStore, walk: StoredActivity[]): Promise<void> {
  for (let i = 0; i < N; i++) {
    const id = `conv${String(i).padStart(6, '0')}AbCdEfGhIjKlMnOp`;
    await store.getOrCreate(id, `dl_user${i}AbCdEfGhIjKl`, 'en-US');
    for (const activity of walk) {
      const { id: _ignored, ...rest } = activity;
      const copy = { ...rest, conversation: { id } } as NewActivity;
      await store.append(id, copy, clientActivityIdOf(copy));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

async function redisSize(dir: string, walk: StoredActivity[]): Promise<void> {
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => {
    let out = '';
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  server.stdout.resume();
  const client = new Redis({ port, host: '127.0.0.1' });
  try {
    const before = Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
    const redis = new RedisDirectLineStore({ client, keyPrefix: 'bot:' });
    await fill(redis, walk);
    const after = Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
    const keys = await client.dbsize();
    console.log(
      `Redis after ${N} conversations: ${((after - before) / 1024 / 1024).toFixed(1)} MB used_memory (${Math.round((after - before) / N)} bytes per conversation, ${keys} keys)`,
    );
  } finally {
    client.disconnect();
    server.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const walk = await recordWalk();
  const walkBytes = walk.reduce((sum, a) => sum + JSON.stringify(a).length, 0);
  console.log(`one walk: ${walk.length} activities, ${walkBytes} bytes of JSON`);

  const dir = mkdtempSync(join(tmpdir(), 'dl-size-'));
  try {
    const path = join(dir, 'bot.sqlite');
    const sqlite = new SqliteDirectLineStore({ path, sweepIntervalMs: 0 });
    await fill(sqlite, walk);
    await sqlite.close();
    const db = new Database(path);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const size = statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
    console.log(`SQLite after ${N} conversations: ${(size / 1024 / 1024).toFixed(1)} MB (${Math.round(size / N)} bytes per conversation)`);

    await redisSize(dir, walk);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

/**
 * Several OS processes (like several bot instances) increment one counter through the SQLite file or Redis,
 * each doing read-modify-write and retrying on eTag conflicts. No increment may be lost.
 */
import { spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { BotStore } from '../../src/storage/botStore';
import { RedisStore } from '../../src/storage/redisStorage';
import { SqliteStore } from '../../src/storage/sqliteStorage';
import { RedisServerHandle, startRedisServer } from '../helpers/redisServer';

const WORKER = join(__dirname, 'fixtures', 'incrementWorker.js');
const PROCESSES = 4;
const INCREMENTS = 100;
const KEY = 'msteams/conversations/19:shared@thread.v2;messageid=1/';

interface Worker {
  ready: Promise<void>;
  go(): void;
  done: Promise<{ conflicts: number }>;
}

/** Starts a worker; it reports "ready" once its store is open, then waits for go() so all workers start together. */
function startWorker(args: string[]): Worker {
  const child = spawn(process.execPath, [WORKER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ conflicts: number }>((resolve, reject) => {
    child.once('close', (code) => {
      // 'close', not 'exit': the output may still be in the pipe when the process exits (seen under load).
      if (code !== 0) return reject(new Error(`worker exited with ${code}: ${stderr}`));
      resolve(JSON.parse(stdout.slice('ready\n'.length)) as { conflicts: number });
    });
  });
  // A worker that dies before "ready" must fail the test, not hang it.
  const readyOrDead = Promise.race([ready, done.then(() => Promise.reject(new Error(`worker exited before ready: ${stderr}`)))]);
  return { ready: readyOrDead, go: () => child.stdin.end('go\n'), done };
}

async function hammer(store: BotStore, args: string[]): Promise<{ final: number; conflicts: number }> {
  await store.write({ [KEY]: { n: 0 } });
  const workers = Array.from({ length: PROCESSES }, () => startWorker(args));
  await Promise.all(workers.map((w) => w.ready));
  workers.forEach((w) => w.go());
  const results = await Promise.all(workers.map((w) => w.done));
  const final = (await store.read([KEY]))[KEY].n as number;
  return { final, conflicts: results.reduce((sum, r) => sum + r.conflicts, 0) };
}

let dir: string;
let server: RedisServerHandle | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'multi-process-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test(`sqlite: ${PROCESSES} processes x ${INCREMENTS} increments on one file lose nothing`, async () => {
  const path = join(dir, 'shared.sqlite');
  const store = new SqliteStore({ path, sweepIntervalMs: 0 });
  const { final } = await hammer(store, ['sqlite', path, '', KEY, String(INCREMENTS)]);
  expect(final).toBe(PROCESSES * INCREMENTS);
  await store.close();
});

test(`redis: ${PROCESSES} processes x ${INCREMENTS} increments on one key lose nothing`, async () => {
  server = await startRedisServer();
  const store = new RedisStore({ url: server.url, keyPrefix: 'mp:' });
  const { final } = await hammer(store, ['redis', server.url, 'mp:', KEY, String(INCREMENTS)]);
  expect(final).toBe(PROCESSES * INCREMENTS);
  await store.close();
});

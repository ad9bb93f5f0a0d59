/**
 * Issue 27: the default store (SQLite) on a database that cannot grow (PRAGMA max_page_count at its current size,
 * its free space used up) and on a read-only database (PRAGMA query_only on the store's connection: the same
 * SQLITE_READONLY a read-only file or mount gives; as root a chmod would not stop writes). Both give the honest
 * "can't reach my memory" answer and /readyz 503 naming sqlite; once the fault is gone /readyz is 200 and the walk
 * goes on at the next solution; PRAGMA integrity_check is ok afterwards.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuardedStore, SqliteStore } from '../../src/storage';
import { RunningApp, startApp } from '../helpers/app';
import { HttpConversation, prompts, solutionsIn } from '../helpers/chat';

let dir: string;
let app: RunningApp;
let path: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-faults-'));
  path = join(dir, 'bot.sqlite');
  app = await startApp({ STORAGE: 'sqlite', SQLITE_PATH: path });
});

afterEach(() => {
  // Whatever a failed test left behind: the database can grow and be written again.
  const db = storeConnection();
  db.pragma('query_only = 0');
  db.exec('DROP TABLE IF EXISTS test_filler');
  db.pragma('max_page_count = 1073741823');
});

afterAll(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The state store's own connection (the fault is injected there, as the disk would). */
function storeConnection(): Database.Database {
  const guarded = app.app.storage as unknown as GuardedStore;
  expect(guarded.inner).toBeInstanceOf(SqliteStore);
  return (guarded.inner as unknown as { db: Database.Database }).db;
}

/** GET /readyz: true when it is 503 naming the sqlite probe. */
async function probeFails(): Promise<boolean> {
  const response = await fetch(`${app.url}/readyz`);
  const body = (await response.json()) as { failing?: string[] };
  if (response.status === 200) return false;
  expect(response.status).toBe(503);
  expect(body.failing).toEqual(['sqlite']);
  return true;
}

async function untilProbePasses(limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (await probeFails()) {
    if (Date.now() > deadline) throw new Error('/readyz is still 503');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function integrityCheck(): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

test('a database that cannot grow: not ready, an honest answer, then the walk goes on at the next solution', async () => {
  const person = new HttpConversation(app.url);
  expect(solutionsIn(await person.say('my iCloud backup failed'))).toEqual([1]);
  expect(solutionsIn(await person.say('no'))).toEqual([2]);
  expect(await probeFails()).toBe(false);

  const db = storeConnection();
  db.exec('CREATE TABLE IF NOT EXISTS test_filler (b BLOB)');
  db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
  // Use up the free pages too: the database is full.
  expect(() => {
    for (let i = 0; i < 10_000; i++) db.prepare('INSERT INTO test_filler VALUES (zeroblob(1024))').run();
  }).toThrow(/full/);

  // The load balancer's /readyz polls find it first (twice: the circuit opens)...
  expect(await probeFails()).toBe(true);
  expect(await probeFails()).toBe(true);
  // ...and a person's turn gets the honest answer, nothing of it saved: at once while the circuit is open, and also
  // once it lets a trial through (reads still work, but the trial first proves a write can be committed).
  for (const waitMs of [0, 1500]) {
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    const reply = await person.send({ text: 'no' });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(prompts.storeUnavailable);
  }

  db.exec('DROP TABLE test_filler');
  db.pragma('max_page_count = 1073741823');
  await untilProbePasses();
  expect(solutionsIn(await person.say('no, still failing'))).toEqual([3]);
  expect(integrityCheck()).toBe('ok');
});

test('a read-only database: the turn that cannot be saved is answered honestly, not with the solution', async () => {
  const person = new HttpConversation(app.url);
  expect(solutionsIn(await person.say('my iCloud backup failed'))).toEqual([1]);
  expect(solutionsIn(await person.say('no'))).toEqual([2]);

  const db = storeConnection();
  db.pragma('query_only = 1');
  // The turn reads its state, runs, and cannot save: its Solution 3 is withheld and the person told.
  const reply = await person.send({ text: 'no' });
  expect(reply.status).toBe(200);
  expect(reply.text).toBe(prompts.storeUnavailable);
  expect(await probeFails()).toBe(true);
  // The circuit is open now: the next turn is refused without touching the database.
  expect((await person.send({ text: 'no' })).text).toBe(prompts.storeUnavailable);

  db.pragma('query_only = 0');
  await untilProbePasses();
  expect(solutionsIn(await person.say('no, still failing'))).toEqual([3]);
  expect(integrityCheck()).toBe('ok');
});

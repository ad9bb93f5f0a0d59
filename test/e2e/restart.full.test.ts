/**
 * The embedded default store (SQLite in a file): the app is stopped mid-walk and started again on the same
 * SQLITE_PATH, and the conversation continues at the same step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../helpers/app';
import { HttpConversation, savedSession, solutionsIn } from '../helpers/chat';

const dir = mkdtempSync(join(tmpdir(), 'e2e-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('restarting the SQLite app mid-walk keeps the conversation at the same step', async () => {
  const env = { STORAGE: 'sqlite', SQLITE_PATH: join(dir, 'bot.sqlite') };
  const before = await startApp(env);
  const person = new HttpConversation(before.url);
  const other = new HttpConversation(before.url);
  try {
    expect(solutionsIn(await person.say('backup failed but I have space'))).toEqual([2]);
    expect(solutionsIn(await person.say('no'))).toEqual([3]);
    expect(solutionsIn(await other.say('I use a VPN and a proxy and iCloud backup fails'))).toEqual([5]);
  } finally {
    await before.stop();
  }

  const after = await startApp(env);
  try {
    expect(after.url).not.toBe(before.url);
    expect(await person.say('where was I?', after.url)).toMatch(/You were on Solution 3: \*\*Verify Apple ID and Password\*\*/);
    expect(solutionsIn(await person.say('no', after.url))).toEqual([4]);
    // The other conversation is still waiting for its go-ahead on Solution 5: "no" skips it.
    const text = await other.say('no', after.url);
    expect(text).toMatch(/skip resetting your network settings/);
    expect(solutionsIn(text)).toEqual([6]);
    const session = await savedSession(after.app.storage, person);
    expect(session?.ruledOut).toEqual(['storage_full']);
    expect(session?.solutions.map((s) => s.solutionId)).toEqual(['check_internet', 'verify_apple_id', 'update_ios']);
  } finally {
    await after.stop();
  }
});

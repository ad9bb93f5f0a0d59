/** The privacy routes of the dashboard's API: admin only, references in the body, clear 400s. */
import { startApp, type RunningApp } from '../helpers/app';
import { HttpConversation } from '../helpers/chat';
import { httpJson } from '../helpers/directLineClient';

jest.setTimeout(30_000);

const ADMIN_KEY = 'privacy-admin-key-0123456789abcdef';
let running: RunningApp;
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

beforeAll(async () => {
  running = await startApp({ STORAGE: 'memory', ADMIN_KEY });
});
afterAll(async () => {
  await running?.stop();
});

test('without the admin key: 401, and nothing is erased', async () => {
  const chat = new HttpConversation(running.url);
  await chat.say('backup failed but I have space');
  for (const path of ['erase', 'export']) {
    const result = await httpJson(`${running.url}/admin/api/privacy/${path}`, { method: 'POST', body: { conversation: `emulator/${chat.conversationId}` } });
    expect(result.status).toBe(401);
  }
  expect((await httpJson(`${running.url}/admin/api/privacy/erasures`, {})).status).toBe(401);
  expect(Object.keys(await running.app.storage.read([chat.stateKey]))).toHaveLength(1);
});

test.each([
  [{}],
  [{ conversation: 'no-slash' }],
  [{ user: '/missing-channel' }],
  [{ conversation: 'emulator/a', user: 'emulator/b' }],
  [{ user: 42 }],
])('a bad reference %j is a 400 naming the shape', async (body) => {
  const result = await httpJson(`${running.url}/admin/api/privacy/erase`, { method: 'POST', body, headers: auth });
  expect(result.status).toBe(400);
  expect(JSON.stringify(result.body)).toMatch(/channelId/);
});

test('export then erase by user, as an admin: the log names the admin, not the content', async () => {
  const chat = new HttpConversation(running.url);
  await chat.say('my backup failed, write to jane.roe@example.com');
  const exported = await httpJson(`${running.url}/admin/api/privacy/export`, { method: 'POST', body: { user: `emulator/${chat.userId}` }, headers: auth });
  expect(exported.status).toBe(200);
  expect(exported.body.format).toBe('icloud-backup-help.personal-data');
  expect(exported.body.conversations).toHaveLength(1);
  expect(JSON.stringify(exported.body)).not.toContain('jane.roe@example.com'); // stored masked

  const erased = await httpJson(`${running.url}/admin/api/privacy/erase`, { method: 'POST', body: { user: `emulator/${chat.userId}` }, headers: auth });
  expect(erased.status).toBe(200);
  expect(erased.body).toEqual(expect.objectContaining({ scope: 'user', conversations: 1 }));
  const log = await httpJson(`${running.url}/admin/api/privacy/erasures?limit=1`, { headers: auth });
  expect(log.body.erasures[0]).toEqual(expect.objectContaining({ by: 'admin:ADMIN_KEY', scope: 'user', ref: `emulator/${chat.userId}` }));
  expect(await running.app.storage.read([chat.stateKey])).toEqual({});
});

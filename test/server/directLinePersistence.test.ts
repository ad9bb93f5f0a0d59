/**
 * The built-in Direct Line on a persistent store (SQLite file): a client's token, conversation and watermark
 * still work after the server is replaced by a new one on the same file (what Web Chat does on reconnect:
 * GET /conversations/{id}?watermark=… for a new streamUrl, then the stream sends only what it missed); tokens can
 * be refreshed; a re-sent activity (same clientActivityID) is stored and given to the bot once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TurnContext } from 'botbuilder';
import { DirectLineClient, httpJson } from '../helpers/directLineClient';
import { repositoryPrompts, startTestServer, TestServer } from '../helpers/server';
import { silentLog } from '../../src/logging/log';
import { createAdapter } from '../../src/server/createAdapter';
import { createServer } from '../../src/server/createServer';
import { SqliteDirectLineStore } from '../../src/storage/sqliteDirectLineStore';

const dir = mkdtempSync(join(tmpdir(), 'dl-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Counts the user messages it gets and answers each with "Got: <text> (#n)". */
class CountingBot {
  readonly seen: string[] = [];
  async run(context: TurnContext): Promise<void> {
    if (context.activity.type !== 'message') return;
    this.seen.push(String(context.activity.text));
    await context.sendActivity(`Got: ${context.activity.text} (#${this.seen.length})`);
  }
}

async function serverOn(path: string, bot: CountingBot): Promise<TestServer & { store: SqliteDirectLineStore }> {
  const store = new SqliteDirectLineStore({ path, sweepIntervalMs: 0 });
  const adapter = createAdapter({ MicrosoftAppType: 'MultiTenant' }, silentLog, { errorMessage: repositoryPrompts().turnFailed });
  const app = createServer({
    adapter,
    bot,
    log: silentLog,
    directLineStore: store,
    options: { port: 0, host: '127.0.0.1', maxBodyBytes: 256 * 1024, directLine: { enabled: true, tokenTtlSeconds: 1800 } },
  });
  const { url } = await app.listen();
  return {
    baseUrl: url,
    adapter,
    app,
    store,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

test('token, conversation and watermark survive a restart; the stream sends only what was missed', async () => {
  const path = join(dir, 'restart.sqlite');
  const bot = new CountingBot();
  const before = await serverOn(path, bot);
  const page = new DirectLineClient(`${before.baseUrl}/v3/directline`);
  await page.generateToken();
  expect((await page.start()).status).toBe(201);
  await page.say('first');
  await page.waitFor((all) => all.some((a) => a.text === 'Got: first (#1)'));
  const watermark = (await page.activities()).body.watermark;
  await before.close();

  const after = await serverOn(path, bot);
  try {
    // The same page (same token and conversation) against the new server.
    const client = new DirectLineClient(`${after.baseUrl}/v3/directline`);
    client.token = page.token;
    client.conversationId = page.conversationId;
    // Web Chat's reconnect: the old token still works and gives a new stream URL.
    const reconnect = await httpJson(`${client.domain}/conversations/${client.conversationId}?watermark=${watermark}`, { token: client.token });
    expect(reconnect.status).toBe(200);
    expect(reconnect.body.streamUrl).toContain(`watermark=${watermark}`);
    // The whole log is still there.
    expect((await client.activities()).body.activities.map((a) => a.text)).toEqual(['first', 'Got: first (#1)']);

    const stream = await client.openStream(reconnect.body.streamUrl);
    await client.say('second');
    await stream.waitFor((activities) => activities.some((a) => a.text === 'Got: second (#2)'));
    // Nothing from before the watermark is sent again.
    expect(stream.groups.flatMap((g) => g.activities).map((a) => a.text)).toEqual(['second', 'Got: second (#2)']);
    stream.socket.close();

    // Refresh (Direct Line 3.0): a new token for the same conversation, which works.
    const refreshed = await client.refresh();
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.conversationId).toBe(client.conversationId);
    expect((await client.activities()).status).toBe(200);
  } finally {
    await after.close();
  }
});

test('an activity re-sent with the same clientActivityID is stored and given to the bot once', async () => {
  const bot = new CountingBot();
  const server = await serverOn(join(dir, 'idempotent.sqlite'), bot);
  try {
    const client = new DirectLineClient(`${server.baseUrl}/v3/directline`);
    await client.generateToken();
    await client.start();
    const activity = { type: 'message', text: 'only once', channelData: { clientActivityID: 'web-chat-123' } };
    const [one, two] = await Promise.all([client.post(activity), client.post(activity)]);
    const three = await client.post(activity);
    expect([one.status, two.status, three.status]).toEqual([200, 200, 200]);
    expect(new Set([one.body.id, two.body.id, three.body.id]).size).toBe(1);
    expect(bot.seen).toEqual(['only once']);
    const log = (await client.activities()).body.activities.map((a) => a.text);
    expect(log).toEqual(['only once', 'Got: only once (#1)']);
  } finally {
    await server.close();
  }
});

test('the signing key is generated once and kept in the store; a token signed otherwise is refused', async () => {
  const path = join(dir, 'key.sqlite');
  const first = new SqliteDirectLineStore({ path, sweepIntervalMs: 0 });
  const key = await first.signingKey();
  await first.close();
  const second = new SqliteDirectLineStore({ path, sweepIntervalMs: 0 });
  expect(await second.signingKey()).toBe(key);
  await second.close();
  // A server with its own configured key does not accept tokens signed with the store's.
  const server = await startTestServer({ bot: new CountingBot(), options: { directLine: { tokenSigningKey: 'another-key-entirely-000000000000' } } });
  try {
    const client = new DirectLineClient(`${server.baseUrl}/v3/directline`);
    await client.generateToken();
    expect((await client.start()).status).toBe(201);
    Object.assign(client, { token: `${client.token!.slice(0, -4)}AAAA` });
    expect((await client.activities()).status).toBe(401);
  } finally {
    await server.close();
  }
});

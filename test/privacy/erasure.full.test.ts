/**
 * Erasure end to end, on each store kind (SQLite, a real redis-server, memory): the real app (src/index.ts start()),
 * one conversation over /api/messages (walk, hand-off with its transcript) and one over the built-in Direct Line, both
 * carrying a unique marker, an email and a phone number, and another conversation that must stay. Then `privacy
 * erase` (the CLI's runPrivacyCli on its own connections, as an operator runs it next to the bot; the admin route for
 * memory, which only the bot's process holds), and a byte scan of every SQLite file (-wal and -shm included) or a
 * SCAN of every Redis key with its values: neither the marker nor the ids are left.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { runPrivacyCli } from '../../src/cli/privacy';
import { startApp, type RunningApp } from '../helpers/app';
import { HttpConversation } from '../helpers/chat';
import { DirectLineClient, httpJson } from '../helpers/directLineClient';
import { startRedisServer, type RedisServerHandle } from '../helpers/redisServer';

jest.setTimeout(60_000);

const ADMIN_KEY = 'privacy-test-admin-key-0123456789';
const PHONE = '+44 20 7946 0958';

/** Runs `npm run --silent privacy -- …` in this process with `env`; returns the exit code and stdout. */
async function privacyCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await runPrivacyCli(args, env);
    return { code, stdout };
  } finally {
    process.stdout.write = write;
  }
}

/** Every needle found in the files of `dir` (the SQLite files with -wal/-shm), except the erasure log. */
function scanFiles(dir: string, needles: string[]): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.endsWith('-erasures.jsonl')) continue;
    const bytes = readFileSync(join(dir, name));
    for (const needle of needles) if (bytes.includes(Buffer.from(needle, 'utf8'))) found.push(`${needle} in ${name}`);
  }
  return found;
}

/** Every needle found in a Redis key name or value (every type), except in `skip` keys. */
async function scanRedis(client: Redis, needles: string[], skip: (key: string) => boolean = () => false): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      if (skip(key)) continue;
      const type = await client.type(key);
      let values: string[] = [];
      if (type === 'string') values = [(await client.get(key)) ?? ''];
      else if (type === 'hash') values = Object.entries(await client.hgetall(key)).flat();
      else if (type === 'zset') values = await client.zrange(key, '0', '-1');
      else if (type === 'set') values = await client.smembers(key);
      else if (type === 'list') values = await client.lrange(key, 0, -1);
      else if (type === 'stream') values = [JSON.stringify(await client.xrange(key, '-', '+'))];
      const text = [key, ...values].join('\n');
      for (const needle of needles) if (text.includes(needle)) found.push(`${needle} in ${key}`);
    }
  } while (cursor !== '0');
  return found;
}

describe.each(['sqlite', 'redis', 'memory'] as const)('erasure with STORAGE=%s', (kind) => {
  let dir: string;
  let redis: RedisServerHandle | undefined;
  let client: Redis | undefined;
  let running: RunningApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `privacy-${kind}-`));
    if (kind === 'redis') {
      redis = await startRedisServer();
      client = new Redis(redis.url);
    }
    env = {
      STORAGE: kind,
      SQLITE_PATH: join(dir, 'bot.sqlite'),
      ...(redis ? { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'privtest:' } : {}),
    };
    running = await startApp({ ...env, ADMIN_KEY });
  });

  afterAll(async () => {
    await running?.stop();
    client?.disconnect();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a conversation over /api/messages and a person over Direct Line are erased everywhere; another stays', async () => {
    const marker = `MARKER${randomUUID().replace(/-/g, '')}`;
    const email = `${marker.toLowerCase()}@example.com`;
    const other = `OTHER${randomUUID().replace(/-/g, '')}`;

    // 1. Over /api/messages: a walk, a question, the email and phone, then a hand-off (its transcript is stored too).
    const web = new HttpConversation(running.url);
    await web.say(`backup failed but I have space ${marker}`);
    await web.say(`what is the weather like in Paris ${marker}`);
    await web.say(`my email is ${email} and my phone is ${PHONE}`);
    await web.say('talk to a person');

    // 2. Over the built-in Direct Line (Web Chat's way).
    const page = new DirectLineClient(`${running.url}/v3/directline`);
    await page.generateToken();
    await page.start();
    await page.say(`my backup keeps failing ${marker} mail me at ${email} or call ${PHONE}`);
    const log = await page.waitFor((acts) => acts.some((a) => a.from?.role === 'bot'));
    const dlUser = log.find((a) => a.from?.role !== 'bot')!.from!.id;
    const dlConversation = page.conversationId!;

    // 3. Someone else's conversation, which must stay.
    const keep = new HttpConversation(running.url);
    await keep.say(`backup failed ${other}`);

    // Direct Line activities are masked at rest: the stored copy has no email or phone number.
    const dlExport = await running.app.privacy.exportConversation({ channelId: 'webchat', conversationId: dlConversation });
    const dlStored = JSON.stringify(dlExport.conversations[0]!.data.directLine);
    expect(dlStored).toContain(marker);
    expect(dlStored).not.toContain(email);
    expect(dlStored).not.toContain('7946');

    // The person's export (before erasure) has the conversation from each store that keeps one.
    const userExport = await running.app.privacy.exportUser({ channelId: 'emulator', userId: web.userId });
    expect(userExport.conversations.map((c) => c.conversationId)).toEqual([web.conversationId]);
    expect(Object.keys(userExport.conversations[0]!.data).sort()).toEqual(expect.arrayContaining(['analytics', 'handoff', 'state']));

    // Analytics buffer turns (written every 250 ms); an export in the bot's process writes the buffer at once, so the
    // CLI's erasure in another process cannot race a late flush even when this machine's timers run late.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await running.app.privacy.exportConversation({ channelId: 'emulator', conversationId: web.conversationId });
    const needles = [marker, marker.toLowerCase(), web.conversationId, web.userId, dlConversation, dlUser];
    if (kind === 'sqlite') expect(scanFiles(dir, [marker]).length).toBeGreaterThan(0);
    if (client) expect((await scanRedis(client, [marker])).length).toBeGreaterThan(0);

    // Erase: the conversation by its reference, the Direct Line person by theirs.
    let byConversation: { removed: Record<string, number> };
    let byUser: { removed: Record<string, number>; conversations: number };
    if (kind === 'memory') {
      const headers = { authorization: `Bearer ${ADMIN_KEY}` };
      const a = await httpJson(`${running.url}/admin/api/privacy/erase`, { method: 'POST', body: { conversation: `emulator/${web.conversationId}` }, headers });
      const b = await httpJson(`${running.url}/admin/api/privacy/erase`, { method: 'POST', body: { user: `webchat/${dlUser}` }, headers });
      expect([a.status, b.status]).toEqual([200, 200]);
      byConversation = a.body;
      byUser = b.body;
    } else {
      const a = await privacyCli(['erase', '--conversation', `emulator/${web.conversationId}`], env);
      const b = await privacyCli(['erase', '--user', `webchat/${dlUser}`], env);
      expect([a.code, b.code]).toEqual([0, 0]);
      byConversation = JSON.parse(a.stdout);
      byUser = JSON.parse(b.stdout);
    }
    expect(byConversation.removed).toEqual(expect.objectContaining({ state: 1, 'analytics.conversations': 1, 'handoff.requests': 1 }));
    expect(byUser.conversations).toBe(1);
    expect(byUser.removed).toEqual(expect.objectContaining({ state: 1, 'directLine.conversations': 1, 'analytics.conversations': 1 }));
    expect(byUser.removed['directLine.activities']).toBeGreaterThanOrEqual(2);

    // Nothing of them is left: not in the stores' answers, not on disk, not in Redis.
    const after = await running.app.privacy.exportUser({ channelId: 'emulator', userId: web.userId });
    expect(after.conversations).toEqual([]);
    expect(await running.app.storage.read([web.stateKey])).toEqual({});
    if (kind === 'sqlite') expect(scanFiles(dir, needles)).toEqual([]);
    if (client) expect(await scanRedis(client, needles, (key) => key === 'privtest:privacy:erasures')).toEqual([]);
    // The page, if still open, finds nothing of what was said (its token may start the conversation afresh).
    const reopened = await page.activities();
    expect(JSON.stringify(reopened.body)).not.toContain(marker);

    // The other conversation is untouched.
    expect(Object.keys(await running.app.storage.read([keep.stateKey]))).toEqual([keep.stateKey]);
    if (kind === 'sqlite') expect(scanFiles(dir, [other]).length).toBeGreaterThan(0);
    if (client) expect((await scanRedis(client, [other])).length).toBeGreaterThan(0);

    // The erasure log has who, what and the counts — no content.
    const entries = await running.app.privacy.erasures(10);
    if (kind === 'memory') expect(entries.map((e) => e.ref)).toEqual([`webchat/${dlUser}`, `emulator/${web.conversationId}`]);
    const logText = kind === 'sqlite' ? readFileSync(join(dir, 'bot-erasures.jsonl'), 'utf8') : kind === 'redis' ? (await client!.lrange('privtest:privacy:erasures', 0, -1)).join('\n') : JSON.stringify(entries);
    expect(logText).toContain(web.conversationId);
    expect(logText).not.toContain(marker);
    expect(logText).not.toContain(email);
  });
});

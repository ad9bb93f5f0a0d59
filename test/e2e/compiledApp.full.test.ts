/**
 * The compiled app as a real process (`node dist/src/index.js`):
 * - NODE_ENV=production without app credentials: it refuses to start, saying why;
 * - SIGTERM while a turn is in flight: the turn finishes and is saved, the process exits 0, and a restarted app
 *   (same SQLite file) continues the conversation at the next step;
 * - stdout is JSON lines, and request lines carry a request id.
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, ensureCompiled } from '../helpers/compiledApp';
import { HttpConversation, solutionsIn, visibleText } from '../helpers/chat';

const dir = mkdtempSync(join(tmpdir(), 'e2e-process-'));
const running: AppProcess[] = [];

function spawnApp(env: Record<string, string>): AppProcess {
  const app = AppProcess.spawn(env, dir);
  running.push(app);
  return app;
}

beforeAll(() => ensureCompiled(), 180_000);
afterAll(async () => {
  await Promise.all(running.map((app) => app.kill()));
  rmSync(dir, { recursive: true, force: true });
});

test('NODE_ENV=production without MicrosoftAppId refuses to start with a clear message', async () => {
  const app = spawnApp({ NODE_ENV: 'production', STORAGE: 'memory' });
  const { code } = await app.exited;
  expect(code).toBe(1);
  expect(app.stderr).toContain('Cannot start: Configuration error: MicrosoftAppId is required when NODE_ENV=production');
  expect(app.stdout).not.toContain('is listening on');
});

/**
 * Posts an activity whose body is held back: the headers go first (with Expect: 100-continue, so we know the server
 * has taken the request), then `beforeBody` runs, then the body is sent. Resolves with status and parsed body.
 */
function postHeldBack(url: string, activity: object, beforeBody: () => Promise<void>): Promise<{ status: number; body: { activities?: object[] } }> {
  const payload = Buffer.from(JSON.stringify(activity));
  return new Promise((resolveResponse, reject) => {
    const req = request(`${url}/api/messages`, {
      method: 'POST',
      agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length, Expect: '100-continue', Connection: 'close' },
    });
    req.once('continue', () => {
      beforeBody().then(() => req.end(payload), reject);
    });
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as { activities?: object[] }) : {} }));
    });
    req.once('error', reject);
    req.flushHeaders();
  });
}

test('SIGTERM finishes the turn in flight and saves it; the restarted app continues at the next step', async () => {
  const env = { STORAGE: 'sqlite', SQLITE_PATH: join(dir, 'bot.sqlite') };
  const first = spawnApp(env);
  const url = await first.listening();
  const person = new HttpConversation(url);
  expect(solutionsIn(await person.say('backup failed but I have space'))).toEqual([2]);

  // The next turn is in flight (its request accepted) when SIGTERM arrives; its body arrives during the shutdown.
  const inFlight = postHeldBack(url, person.activity({ text: 'no' }), async () => {
    first.child.kill('SIGTERM');
    await first.waitForLog((l) => l.msg === 'Shutting down: finishing turns in flight');
  });
  const answered = await inFlight;
  expect(answered.status).toBe(200);
  expect(solutionsIn((answered.body.activities ?? []).map(visibleText).join('\n'))).toEqual([3]);
  expect(await first.exited).toEqual({ code: 0, signal: null });
  expect(first.logLines.some((l) => l.msg === 'Stopped')).toBe(true);

  const second = spawnApp(env);
  const secondUrl = await second.listening();
  expect(await person.say('where was I?', secondUrl)).toMatch(/You were on Solution 3: \*\*Verify Apple ID and Password\*\*/);
  expect(solutionsIn(await person.say('no', secondUrl))).toEqual([4]);

  second.child.kill('SIGTERM');
  expect((await second.exited).code).toBe(0);

  // Structured logs: every stdout line is JSON (logLines throws otherwise); request lines carry a request id.
  const requests = second.logLines.filter((l) => l.msg === 'request' && l.path === '/api/messages');
  expect(requests).toHaveLength(2);
  for (const line of requests) expect(line).toMatchObject({ method: 'POST', status: 200, reqId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(new Set(requests.map((l) => l.reqId)).size).toBe(2);
}, 90_000);

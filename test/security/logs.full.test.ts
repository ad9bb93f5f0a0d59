/**
 * The app's logs (pino JSON, captured from its log destination at the most verbose level): every request has a
 * request id (also in the X-Request-Id response header), and what a person types that looks like a password —
 * including in requests that are refused — never reaches the logs.
 */
import restify, { type Request, type Response } from 'restify';
import { createLogger } from '../../src/logging/logger';
import { logFor, requestLogging } from '../../src/logging/requestLog';
import { CapturedLogs, RunningApp, startApp } from '../helpers/app';
import { HttpConversation } from '../helpers/chat';

const SECRETS = ['Hunter2!xyz', 'Tr0ub4dor&3', 'CorrectHorse9!Battery', '492817'];

let running: RunningApp;
beforeAll(async () => {
  running = await startApp({ LOG_LEVEL: 'trace', MAX_BODY_BYTES: '4096', OCR_WORKERS: '0' }) // screenshots off: the body limit is MAX_BODY_BYTES itself;
});
afterAll(() => running.stop());

test('password-like messages never appear in the logs, whatever happens to the request', async () => {
  const person = new HttpConversation(running.url);
  expect(await person.say(`my apple id password is ${SECRETS[0]} and the backup failed`)).toMatch(/Solution \d:/);
  await person.say(`it keeps asking for my password, I typed ${SECRETS[1]}`);
  await person.say(SECRETS[2]!);
  await person.say(`the verification code is ${SECRETS[3]}`);
  // Refused requests carrying the same secrets: malformed JSON, wrong shape, too large.
  expect((await person.post(`{"type":"message","text":"my password is ${SECRETS[0]}"`)).status).toBe(400);
  expect((await person.post(person.activity({ text: { password: SECRETS[1] } }))).status).toBe(400);
  expect((await person.post(person.activity({ text: `${SECRETS[2]} `.repeat(400) }))).status).toBe(413);

  const logs = running.logs.text;
  expect(running.logs.entries().length).toBeGreaterThan(8);
  for (const secret of SECRETS) expect(logs).not.toContain(secret);
});

test('every request is logged once, as JSON, with its request id, method, path, status and duration', async () => {
  const before = running.logs.lines.length;
  const person = new HttpConversation(running.url);
  const response = await fetch(`${running.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(person.activity({ text: 'hello' })),
  });
  expect(response.status).toBe(200);
  const id = response.headers.get('x-request-id');
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  await new Promise((resolve) => setImmediate(resolve));
  const lines = running.logs.lines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
  const requestLines = lines.filter((l) => l.msg === 'request');
  expect(requestLines).toEqual([
    expect.objectContaining({ reqId: id, method: 'POST', path: '/api/messages', status: 200, ms: expect.any(Number), level: 30 }),
  ]);
});

test('a caller\'s X-Request-Id is kept when it is a plain token, replaced when it is not', async () => {
  const kept = await fetch(`${running.url}/healthz`, { headers: { 'X-Request-Id': 'edge-7f3a.42' } });
  expect(kept.headers.get('x-request-id')).toBe('edge-7f3a.42');
  const replaced = await fetch(`${running.url}/healthz`, { headers: { 'X-Request-Id': 'bad id\twith "quotes"' } });
  expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  await new Promise((resolve) => setImmediate(resolve));
  expect(running.logs.entries().some((l) => l.reqId === 'edge-7f3a.42' && l.path === '/healthz')).toBe(true);
});

describe('logs written while a request is handled carry its id', () => {
  test('through logFor(req), also after an await, and never mixed between concurrent requests', async () => {
    const logs = new CapturedLogs();
    const base = createLogger('info', logs);
    const server = restify.createServer();
    server.pre(requestLogging(base));
    server.get('/work/:n', async (req: Request, res: Response) => {
      await new Promise((resolve) => setTimeout(resolve, 5 * Number(req.params.n)));
      logFor(req, base).info({ n: Number(req.params.n) }, 'working');
      res.send(200, { ok: true });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address();
      const ids = await Promise.all(
        [3, 1, 2].map(async (n) => {
          const response = await fetch(`http://127.0.0.1:${port}/work/${n}`);
          return { n, id: response.headers.get('x-request-id') };
        }),
      );
      for (const { n, id } of ids) {
        expect(logs.entries().filter((l) => l.msg === 'working' && l.n === n)).toEqual([expect.objectContaining({ reqId: id })]);
      }
      expect(new Set(ids.map((i) => i.id)).size).toBe(3);
      // A request that did not pass requestLogging gets the fallback (no request id).
      logFor({} as Request, base).info({}, 'idle');
      expect(logs.entries().find((l) => l.msg === 'idle')).not.toHaveProperty('reqId');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

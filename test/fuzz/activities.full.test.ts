/**
 * Fuzz: a few thousand random and malformed requests to POST /api/messages of the real app, on loopback, from a
 * fixed seed (FUZZ_SEED, FUZZ_CASES override it). Bounded: FUZZ_CASES cases, at most FUZZ_MAX_SECONDS of sending.
 * Checks: every request gets a defined status (never 500, a timeout or a dropped connection), the process stays up,
 * no turn fails, nothing pollutes Object.prototype, and a conversation started before the fuzz continues correctly.
 * Prints the status histogram (per family, too).
 */
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RunningApp, startApp } from '../helpers/app';
import { HttpConversation, savedSession, solutionsIn } from '../helpers/chat';
import { FuzzCase, nextCase } from './cases';
import { prng } from '../../src/util/prng';
import { Fuzz } from './generators';

const SEED = Number(process.env.FUZZ_SEED ?? 0x1c10d);
const CASES = Number(process.env.FUZZ_CASES ?? 3000);
const MAX_SECONDS = Number(process.env.FUZZ_MAX_SECONDS ?? 90);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8);
/** Statuses /api/messages may answer with (501: an invoke with no handler); anything else (500, timeouts, resets) is a failure. */
const DEFINED = new Set([200, 400, 413, 415, 429, 501]);

let running: RunningApp;
/** A stand-in Bot Connector on loopback: accepts every reply the bot sends for non-expectReplies activities. */
let sink: Server;
let sinkUrl: string;
let sinkReplies = 0;

beforeAll(async () => {
  sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      sinkReplies++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `sink-${sinkReplies}` }));
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`;
  // One client sends everything, so the per-client limit is off; the per-conversation limit stays at its default.
  running = await startApp({ RATE_LIMIT_PER_CLIENT: '0', LOG_LEVEL: 'warn' });
});

afterAll(async () => {
  await running?.stop();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
});

/** The text of a case (what the bot reads), shortened, or the start of the raw body. */
function preview(body: Buffer): string {
  try {
    const text = (JSON.parse(body.toString('utf8')) as { text?: unknown }).text;
    if (typeof text === 'string') return `text ${JSON.stringify(text.slice(0, 40))}… (${text.length} chars)`;
  } catch {
    // not JSON: show the bytes
  }
  return JSON.stringify(body.subarray(0, 60).toString('utf8'));
}

type Outcome = number | 'timeout' | `error:${string}`;

function send(agent: Agent, url: string, fuzzCase: FuzzCase): Promise<Outcome> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { 'Content-Length': fuzzCase.body.length };
    if (fuzzCase.contentType !== undefined) headers['Content-Type'] = fuzzCase.contentType;
    const req = request(`${url}/api/messages`, { method: 'POST', agent, headers, timeout: 20_000 });
    let settled = false;
    const done = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => done(res.statusCode ?? 0));
      res.once('error', () => done(res.statusCode ?? 0));
    });
    req.once('timeout', () => {
      done('timeout');
      req.destroy();
    });
    // A server may answer (413) and close before a large body is fully written: the answer still counts.
    req.once('error', (err: NodeJS.ErrnoException) => setTimeout(() => done(`error:${err.code ?? err.message}`), 50));
    req.end(fuzzCase.body);
  });
}

test(`the server survives ${CASES} random and malformed activities (seed ${SEED})`, async () => {
  // A person in the middle of a walk before the fuzz starts.
  const bystander = new HttpConversation(running.url);
  expect(solutionsIn(await bystander.say('backup failed but I have space'))).toEqual([2]);
  expect(solutionsIn(await bystander.say('no'))).toEqual([3]);

  const fuzz = new Fuzz(prng(SEED));
  const ctx = {
    sinkUrl,
    protectedConversationId: bystander.conversationId,
    sharedConversationIds: Array.from({ length: 2 }, (_, i) => `fuzz-shared-${SEED}-${i}`),
  };
  const histogram = new Map<string, number>();
  const byFamily = new Map<string, Map<string, number>>();
  const undefinedOutcomes: Array<{ family: string; outcome: Outcome; body: string }> = [];
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const deadline = Date.now() + MAX_SECONDS * 1000;
  let sent = 0;
  /** Printed, not asserted: which case took longest (a stalled event loop shows up here first). */
  const slowest = { ms: 0, family: '', body: '' };

  const worker = async (): Promise<void> => {
    while (sent < CASES && Date.now() < deadline) {
      sent++;
      const fuzzCase = nextCase(fuzz, ctx);
      const started = Date.now();
      const outcome = await send(agent, running.url, fuzzCase);
      const ms = Date.now() - started;
      if (ms > slowest.ms) Object.assign(slowest, { ms, family: fuzzCase.family, body: preview(fuzzCase.body) });
      const key = String(outcome);
      histogram.set(key, (histogram.get(key) ?? 0) + 1);
      const family = byFamily.get(fuzzCase.family) ?? new Map<string, number>();
      family.set(key, (family.get(key) ?? 0) + 1);
      byFamily.set(fuzzCase.family, family);
      if (typeof outcome !== 'number' || !DEFINED.has(outcome)) {
        undefinedOutcomes.push({ family: fuzzCase.family, outcome, body: fuzzCase.body.subarray(0, 300).toString('utf8') });
      }
    }
  };
  const startedAt = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  const seconds = (Date.now() - startedAt) / 1000;

  const show = (m: Map<string, number>) => [...m.entries()].sort().map(([k, v]) => `${k}: ${v}`).join(', ');
  process.stdout.write(
    `[fuzz] seed ${SEED}: ${sent} cases in ${seconds.toFixed(1)} s; statuses { ${show(histogram)} }; ` +
      `replies delivered to the loopback connector: ${sinkReplies}; slowest answer ${slowest.ms} ms (${slowest.family}: ${slowest.body})\n` +
      [...byFamily.entries()].sort().map(([name, m]) => `[fuzz]   ${name}: { ${show(m)} }`).join('\n') +
      '\n',
  );

  expect(undefinedOutcomes).toEqual([]);
  expect(sent).toBeGreaterThan(0);
  // Refusals and answers both happened: the fuzz reached the bot, not just the JSON parser.
  expect(histogram.get('200')).toBeGreaterThan(0);
  expect(histogram.get('400')).toBeGreaterThan(0);

  // Still up, nothing polluted, no turn failed.
  expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const failedTurns = running.logs.entries().filter((e) => e.msg === 'Unhandled error during a bot turn');
  expect(failedTurns.map((e) => (e.err as { message?: string } | undefined)?.message)).toEqual([]);

  // The person from before carries on at the same step; the fuzz cases naming their conversation changed nothing.
  expect(await bystander.say('where was I?')).toMatch(/You were on Solution 3/);
  expect(solutionsIn(await bystander.say('no'))).toEqual([4]);
  const session = await savedSession(running.app.storage, bystander);
  expect(session?.transcript.filter((e) => e.from === 'user').map((e) => e.text)).toEqual(['backup failed but I have space', 'no', 'where was I?', 'no']);
}, 180_000);

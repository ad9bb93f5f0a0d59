/**
 * Several instances of the real app sharing one REAL redis-server (STORAGE=redis, REDIS_URL), the way the bot scales
 * behind a load balancer: turns of one conversation alternate between instances, an instance dies mid-walk, and two
 * turns of one conversation race on two instances (optimistic concurrency: both apply in order, or one is told to
 * send again — never a lost or mixed-up update).
 */
import { randomUUID } from 'node:crypto';
import { RedisStore } from '../../src/storage';
import { RedisServerHandle, startRedisServer } from '../helpers/redisServer';
import { RunningApp, startApp } from '../helpers/app';
import { HttpConversation, prompts, savedSession, solutionsIn } from '../helpers/chat';

/** The walk from "my iCloud backup failed", answering "no" (Solution 5 and 7 ask first; "no" there skips). */
const WALK_IDS = [
  'check_storage',
  'check_internet',
  'verify_apple_id',
  'update_ios',
  'reset_network_settings',
  'toggle_icloud_backup',
  'reset_all_settings',
  'contact_apple_support',
];

let redis: RedisServerHandle;
let first: RunningApp;
let second: RunningApp;
let env: Record<string, string>;
/** Reads the shared state directly, as a third party. */
let inspector: RedisStore;

beforeAll(async () => {
  redis = await startRedisServer();
  env = { STORAGE: 'redis', REDIS_URL: redis.url, REDIS_KEY_PREFIX: `e2e-${randomUUID().slice(0, 8)}:` };
  // One after the other: in one test process, one instance's start-up work (models and four languages' knowledge
  // indexes, synchronous) would otherwise stall the other's Redis replies past their 1 s command timeout.
  first = await startApp(env);
  second = await startApp(env);
  inspector = new RedisStore({ url: redis.url, keyPrefix: env.REDIS_KEY_PREFIX });
});

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop(), inspector?.close()]);
  await redis?.stop();
});

test('the two instances are separate servers', () => {
  expect(first.url).not.toBe(second.url);
});

test('a conversation whose turns alternate between two instances completes a troubleshooting walk', async () => {
  const person = new HttpConversation(first.url);
  const instances = [first.url, second.url];
  let turn = 0;
  const say = (text: string) => person.say(text, instances[turn++ % 2]);

  expect(solutionsIn(await say('my iCloud backup failed'))).toEqual([1]);
  const shown: number[] = [1];
  for (let i = 0; i < 10 && !shown.includes(8); i++) shown.push(...solutionsIn(await say('no')));
  expect(shown).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(turn).toBe(8);

  const session = await savedSession(inspector, person);
  expect(session?.outcome).toBe('escalated');
  expect(session?.solutions.map((s) => s.solutionId)).toEqual(WALK_IDS);
  // Every turn, whichever instance served it, is in the one transcript.
  expect(session?.transcript.filter((e) => e.from === 'user')).toHaveLength(8);
  process.stdout.write(`[multi-instance] alternating walk: ${turn} turns completed across 2 instances\n`);
});

test('an instance stops mid-conversation and the other carries on at the same step', async () => {
  const doomed = await startApp(env);
  const person = new HttpConversation(doomed.url);
  expect(solutionsIn(await person.say('my iCloud backup failed', doomed.url))).toEqual([1]);
  expect(solutionsIn(await person.say('no', first.url))).toEqual([2]);
  expect(solutionsIn(await person.say('no', doomed.url))).toEqual([3]);
  await doomed.stop();
  await expect(fetch(`${doomed.url}/healthz`)).rejects.toThrow();

  expect(await person.say('where was I?', first.url)).toMatch(/You were on Solution 3/);
  expect(solutionsIn(await person.say('no', second.url))).toEqual([4]);
  expect(solutionsIn(await person.say('no', first.url))).toEqual([5]);
  const session = await savedSession(inspector, person);
  expect(session?.solutions.map((s) => s.solutionId)).toEqual(WALK_IDS.slice(0, 5));
  expect(session?.transcript.filter((e) => e.from === 'user')).toHaveLength(6);
  process.stdout.write('[multi-instance] stopped instance: 6 turns on 3 instances, 3 of them after one instance stopped\n');
});

describe('two turns of one conversation racing on two instances', () => {
  const TRIALS = 25;
  const figures = { trials: 0, bothApplied: 0, conflicts: 0 };

  afterAll(() => {
    process.stdout.write(
      `[multi-instance] races: ${figures.trials} trials, both turns applied in order ${figures.bothApplied}, ` +
        `eTag conflicts detected (person asked to send again) ${figures.conflicts}\n`,
    );
  });

  test(`never corrupt the conversation (${TRIALS} trials)`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const person = new HttpConversation(first.url);
      expect(solutionsIn(await person.say('my iCloud backup failed', first.url))).toEqual([1]);

      // Mostly at the same moment; some trials give the first turn a head start of a few milliseconds, so both
      // outcomes (a refused turn, and two turns applied one after the other) are exercised.
      const headStartMs = trial % 5 === 4 ? trial % 3 : 0;
      const replies = await Promise.all([
        person.send({ text: 'no' }, first.url),
        new Promise((resolve) => setTimeout(resolve, headStartMs)).then(() => person.send({ text: 'no' }, second.url)),
      ]);
      for (const r of replies) expect(r.status).toBe(200);
      const conflicted = replies.filter((r) => r.text.includes(prompts.sendAgain));
      const applied = replies.filter((r) => !r.text.includes(prompts.sendAgain));
      // The first write always wins, so at most one of the two is refused.
      expect(applied.length).toBeGreaterThanOrEqual(1);

      // Each applied turn moved the walk on by one, in order: 2, then 3.
      const shownByApplied = applied.flatMap((r) => solutionsIn(r.text)).sort();
      expect(shownByApplied).toEqual([2, 3].slice(0, applied.length));

      // What is stored is exactly the applied turns: nothing lost, nothing from the refused one.
      const session = await savedSession(inspector, person);
      const reached = 1 + applied.length;
      expect(session?.solutions.map((s) => s.solutionId)).toEqual(WALK_IDS.slice(0, reached));
      expect(session?.solutions.map((s) => s.outcome)).toEqual([...Array<string>(reached - 1).fill('not_fixed'), 'offered']);
      expect(session?.transcript.filter((e) => e.from === 'user').map((e) => e.text)).toEqual(['my iCloud backup failed', ...applied.map(() => 'no')]);

      // And the conversation goes on from there, on either instance.
      expect(solutionsIn(await person.say('no', trial % 2 ? first.url : second.url))).toEqual([reached + 1]);

      figures.trials++;
      figures.conflicts += conflicted.length;
      if (conflicted.length === 0) figures.bothApplied++;
    }
    expect(figures.trials).toBe(TRIALS);
  });
});

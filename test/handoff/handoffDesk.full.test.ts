/**
 * The hand-off queue and routing with the real bot: queueing with context, relaying while waiting or connected,
 * one winner when agents race, agent messages and hand-back, nobody answering, external hub status events, and a
 * queue that survives a restart (SQLite on a temp file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requestKey } from '../../src/handoff/handoffRepository';
import { MemoryStore, SqliteStore } from '../../src/storage';
import type { TestConversation } from '../helpers/botHarness';
import { ALEX, handoffBot, RaceStore, receive, SAM } from './helpers';

/** A person who tried Solution 2 (no luck), was shown Solution 3, then asked for a person. */
async function walkThenAskForPerson(person: TestConversation): Promise<string> {
  await person.ask('backup failed but I have space');
  await person.ask('no');
  return person.ask('I want to talk to a real person');
}

describe('queueing a request for a person', () => {
  test('the request carries the route, ruled-out causes, outcomes, a masked transcript and the conversation reference', async () => {
    const bot = await handoffBot();
    await bot.desk.heartbeat(SAM);
    const person = bot.person();
    await person.ask('my email is jane@example.com and backup failed but I have space');
    await person.ask('no');
    const reply = await person.ask('I want to talk to a real person');
    expect(reply).toMatch(/connecting you to a person/i);
    expect(person.sent.some((a) => a.type === 'event' && a.name === 'handoff.initiate')).toBe(true);

    const [request] = await bot.desk.openRequests();
    expect(request).toBeDefined();
    expect(request!.state).toBe('waiting');
    expect(request!.context.route).toBe('network_unstable');
    expect(request!.context.ruledOut).toEqual(['storage_full']);
    expect(request!.context.solutionsTried.map((s) => [s.solutionId, s.outcome])).toEqual([
      ['check_internet', 'not_fixed'],
      ['verify_apple_id', 'offered'],
    ]);
    expect(request!.transcript[0]).toMatchObject({ from: 'user', text: 'my email is ••• and backup failed but I have space' });
    expect(JSON.stringify(request)).not.toContain('jane@example.com');
    expect(request!.reference.conversation?.id).toBe(person.adapter.conversation.conversation.id);
    expect(request!.noAnswerNotifiedAt).toBeUndefined();
  });

  test('with no agent signed in the person is told honestly, gets Apple Support contacts, and stays queued', async () => {
    const bot = await handoffBot();
    const person = bot.person();
    const reply = await walkThenAskForPerson(person);
    expect(reply).not.toMatch(/connecting you/i);
    expect(reply).toMatch(/no one .* available/i);
    expect(reply).toContain('support.apple.com/contact');
    expect(reply).toContain('Apple Support app');
    expect(reply).toContain('[Leave the queue]');
    const open = await bot.desk.openRequests();
    expect(open.map((r) => r.state)).toEqual(['waiting']);
    expect(open[0]!.noAnswerNotifiedAt).toBeDefined();
  });

  test('while waiting, messages reach the queue (masked), the bot says they are still waiting, and does not walk on', async () => {
    const bot = await handoffBot();
    await bot.desk.heartbeat(SAM);
    const person = bot.person();
    await walkThenAskForPerson(person);
    const reply = await person.ask('no');
    expect(reply).toMatch(/still in the queue/i);
    expect(reply).not.toMatch(/Solution \d/);
    await person.ask('my password is Hunter2x');
    const [request] = await bot.desk.openRequests();
    expect(request!.messages.map((m) => m.text)).toEqual(['no', 'my password is •••']);
  });

  test('asking for a person again does not queue twice', async () => {
    const bot = await handoffBot();
    await bot.desk.heartbeat(SAM);
    const person = bot.person();
    await walkThenAskForPerson(person);
    expect(await person.ask('talk to a person')).toMatch(/still in the queue/i);
    expect(await bot.desk.openRequests()).toHaveLength(1);
  });

  test('"cancel" leaves the queue; the bot is back and starts fresh', async () => {
    const bot = await handoffBot();
    const person = bot.person();
    await walkThenAskForPerson(person);
    const [request] = await bot.desk.openRequests();
    const reply = await person.ask('cancel');
    expect(reply).toMatch(/out of the queue/i);
    expect(reply).toMatch(/anything else/i);
    expect(await bot.desk.openRequests()).toEqual([]);
    expect((await bot.desk.get(request!.id))!).toMatchObject({ state: 'cancelled', closedBy: 'person' });
    expect(await bot.desk.accept(request!.id, SAM)).toMatchObject({ ok: false, reason: 'closed' });
    // The walk was stopped at the hand-off: a "no" now is an answer to "anything else?".
    expect(await person.ask('no')).toMatch(/trouble again/i);
  });

  test('a reply whose dialog act is cancel leaves the queue, though no leaveQueue word starts it', async () => {
    const bot = await handoffBot();
    const person = bot.person();
    await walkThenAskForPerson(person);
    const [request] = await bot.desk.openRequests();
    expect(await person.ask('lets just end this')).toMatch(/out of the queue/i);
    expect((await bot.desk.get(request!.id))!).toMatchObject({ state: 'cancelled', closedBy: 'person' });
  });

  test('a message that is not a cancel (a question while waiting) stays in the queue', async () => {
    const bot = await handoffBot();
    const person = bot.person();
    await walkThenAskForPerson(person);
    expect(await person.ask('how long will it take for someone to answer')).toMatch(/still in the queue/i);
    expect(await bot.desk.openRequests()).toHaveLength(1);
  });

  test('"Leave the queue" (the button) leaves the queue too', async () => {
    const bot = await handoffBot();
    const person = bot.person();
    await walkThenAskForPerson(person);
    expect(await person.ask('Leave the queue')).toMatch(/out of the queue/i);
    expect(await bot.desk.openRequests()).toEqual([]);
  });
});

describe('an agent takes the conversation', () => {
  test('accept, messages both ways, end, and the bot asks whether there is anything else', async () => {
    const bot = await handoffBot();
    await bot.desk.heartbeat(SAM);
    const person = bot.person();
    await walkThenAskForPerson(person);
    const [waiting] = await bot.desk.openRequests();
    const id = waiting!.id;

    const accepted = await bot.desk.accept(id, SAM);
    expect(accepted.ok).toBe(true);
    expect(bot.channel.texts(id)).toEqual([expect.stringMatching(/^Sam has joined the chat/)]);

    // The person's messages go to the agent; the bot says nothing and does not interpret them ("no" is not a walk answer).
    expect(await person.say('no, the backup still fails')).toEqual([]);
    expect(await person.say('my apple id is jane@example.com')).toEqual([]);

    const sent = await bot.desk.sendFromAgent(id, SAM, 'Hi, I am Sam. Let us check your Wi-Fi.');
    expect(sent.ok).toBe(true);
    expect(bot.channel.texts(id).at(-1)).toBe('**Sam:** Hi, I am Sam. Let us check your Wi-Fi.');

    const request = await bot.desk.get(id);
    expect(request!.messages.map((m) => [m.from, m.text])).toEqual([
      ['person', 'no, the backup still fails'],
      ['person', 'my apple id is •••'],
      ['agent', 'Hi, I am Sam. Let us check your Wi-Fi.'],
    ]);

    const ended = await bot.desk.end(id, SAM);
    expect(ended.ok).toBe(true);
    expect(bot.channel.texts(id).slice(-2)).toEqual([expect.stringMatching(/^Sam has left the chat/), expect.stringMatching(/anything else/i)]);
    expect(await bot.desk.openRequests()).toEqual([]);
    expect((await bot.desk.get(id))!).toMatchObject({ state: 'ended', closedBy: 'agent' });

    // The bot is back.
    expect(await person.ask('no')).toMatch(/trouble again/i);
    expect(await person.ask('my backup says not enough storage')).toMatch(/Solution 1/);
  });

  test('only the connected agent can write or end; nobody can act on an ended hand-off', async () => {
    const bot = await handoffBot();
    await bot.desk.heartbeat(SAM);
    await walkThenAskForPerson(bot.person());
    const [waiting] = await bot.desk.openRequests();
    const id = waiting!.id;
    expect(await bot.desk.sendFromAgent(id, SAM, 'hello')).toMatchObject({ ok: false, reason: 'not_yours' });
    await bot.desk.accept(id, SAM);
    expect(await bot.desk.accept(id, ALEX)).toMatchObject({ ok: false, reason: 'taken' });
    expect(await bot.desk.sendFromAgent(id, ALEX, 'hello')).toMatchObject({ ok: false, reason: 'not_yours' });
    expect(await bot.desk.end(id, ALEX)).toMatchObject({ ok: false, reason: 'not_yours' });
    expect(await bot.desk.sendFromAgent(id, SAM, '   ')).toMatchObject({ ok: false, reason: 'invalid' });
    expect((await bot.desk.end(id, SAM)).ok).toBe(true);
    expect(await bot.desk.sendFromAgent(id, SAM, 'hello?')).toMatchObject({ ok: false, reason: 'closed' });
    expect(await bot.desk.accept(id, ALEX)).toMatchObject({ ok: false, reason: 'closed' });
    expect(await bot.desk.accept('00000000-0000-0000-0000-000000000000', ALEX)).toMatchObject({ ok: false, reason: 'not_found' });
  });

  test('an agent message that cannot be delivered is reported and marked', async () => {
    const bot = await handoffBot();
    await bot.desk.heartbeat(SAM);
    await walkThenAskForPerson(bot.person());
    const [waiting] = await bot.desk.openRequests();
    await bot.desk.accept(waiting!.id, SAM);
    bot.channel.failing = true;
    expect(await bot.desk.sendFromAgent(waiting!.id, SAM, 'are you there?')).toMatchObject({ ok: false, reason: 'undelivered' });
    expect((await bot.desk.get(waiting!.id))!.messages.at(-1)).toMatchObject({ text: 'are you there?', undelivered: true });
  });
});

describe('two agents accept at the same moment', () => {
  test.each([
    ['memory', () => new MemoryStore({ sweepIntervalMs: 0 })],
    ['sqlite', () => new SqliteStore({ path: ':memory:', sweepIntervalMs: 0 })],
  ])('%s store: exactly one wins, the other is told it was taken', async (_kind, makeStore) => {
    const inner = makeStore();
    const store = new RaceStore(inner);
    const bot = await handoffBot({ storage: store });
    await bot.desk.heartbeat(SAM);
    await walkThenAskForPerson(bot.person());
    const [waiting] = await bot.desk.openRequests();
    store.arm(requestKey(waiting!.id));

    const [a, b] = await Promise.all([bot.desk.accept(waiting!.id, SAM), bot.desk.accept(waiting!.id, ALEX)]);
    expect(store.conflicts).toBeGreaterThanOrEqual(1); // both read "waiting"; the eTag stopped the second write
    const results = [a, b].map((r) => (r.ok ? 'won' : r.reason)).sort();
    expect(results).toEqual(['taken', 'won']);
    const winner = a.ok ? SAM : ALEX;
    expect((await bot.desk.get(waiting!.id))!.agent?.id).toBe(winner.id);
    // The person is told about one agent only.
    expect(bot.channel.texts(waiting!.id).filter((t) => /has joined/.test(t))).toEqual([`${winner.name} has joined the chat. They can see what we've tried so far, so you don't need to repeat it.`]);
    await inner.close();
  });
});

describe('nobody accepts in time', () => {
  test('after the timeout the person is told once, with Apple Support contacts, and stays queued; every instance agrees', async () => {
    let now = Date.parse('2025-06-01T10:00:00Z');
    const storage = new MemoryStore({ sweepIntervalMs: 0, now: () => now });
    const bot = await handoffBot({ storage, acceptTimeoutMs: 120_000, now: () => now });
    // A second instance sharing the store (its own person channel).
    const other = await handoffBot({ storage, acceptTimeoutMs: 120_000, now: () => now });
    await bot.desk.heartbeat(SAM);
    const person = bot.person();
    await walkThenAskForPerson(person);
    const [request] = await bot.desk.openRequests();

    now += 119_000;
    expect(await bot.desk.checkTimeouts()).toBe(0);
    now += 2_000;
    const told = await Promise.all([bot.desk.checkTimeouts(), other.desk.checkTimeouts()]);
    expect(told[0] + told[1]).toBe(1);
    const texts = [...bot.channel.texts(request!.id), ...other.channel.texts(request!.id)];
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(/no one has been able to pick up/i);
    expect(texts[0]).toContain('support.apple.com/contact');
    expect(texts[0]).toContain('Apple Support app');
    expect(texts[0]).toContain('[Leave the queue]');

    now += 600_000;
    expect(await bot.desk.checkTimeouts()).toBe(0);
    expect((await bot.desk.openRequests()).map((r) => r.state)).toEqual(['waiting']);
    // Still queued: an agent can take it now.
    expect((await bot.desk.accept(request!.id, SAM)).ok).toBe(true);
  });

  test('agents count as signed in only while their console checks in', async () => {
    let now = Date.parse('2025-06-01T10:00:00Z');
    const bot = await handoffBot({ now: () => now, storage: new MemoryStore({ sweepIntervalMs: 0, now: () => now }) });
    await bot.desk.heartbeat(SAM);
    await bot.desk.heartbeat(ALEX);
    expect((await bot.desk.agentsOnline()).map((a) => a.name).sort()).toEqual(['Alex', 'Sam']);
    await bot.desk.signOut(ALEX);
    expect((await bot.desk.agentsOnline()).map((a) => a.name)).toEqual(['Sam']);
    now += 31_000;
    expect(await bot.desk.agentsOnline()).toEqual([]);
  });
});

describe('external agent hubs: handoff.status events', () => {
  const HUB = { id: 'contact-centre', name: 'Contact centre' };
  const status = (state: string, message = '') => ({ type: 'event', name: 'handoff.status', from: HUB, value: { state, message } });

  test('accepted → the person is told an agent joined and the bot goes quiet; completed → the bot is back', async () => {
    const bot = await handoffBot({ consoleEnabled: false });
    const person = bot.person();
    // Without the console, the bot says it is connecting (a hub may take it) and still sends handoff.initiate.
    expect(await walkThenAskForPerson(person)).toMatch(/connecting you/i);
    expect(person.sent.filter((a) => a.name === 'handoff.initiate')).toHaveLength(1);

    expect(await receive(person, status('accepted'))).toMatch(/A support agent has joined the chat/);
    const [request] = await bot.desk.openRequests();
    expect(request).toMatchObject({ state: 'active', agent: { kind: 'hub' } });
    expect(await person.say('hello?')).toEqual([]);

    const back = await receive(person, status('completed'));
    expect(back).toMatch(/A support agent has left the chat/);
    expect(back).toMatch(/anything else/i);
    expect(await bot.desk.openRequests()).toEqual([]);
    expect((await bot.desk.get(request!.id))!).toMatchObject({ state: 'ended', closedBy: 'hub' });
    expect(await person.ask('no')).toMatch(/trouble again/i);
  });

  test('failed → the person is back with the bot, with Apple Support contact options', async () => {
    const bot = await handoffBot({ consoleEnabled: false });
    const person = bot.person();
    await walkThenAskForPerson(person);
    const [request] = await bot.desk.openRequests();
    const reply = await receive(person, status('failed', 'No agents in the hub'));
    expect(reply).toMatch(/couldn't connect you to a person/i);
    expect(reply).toContain('support.apple.com/contact');
    expect(reply).toContain('Apple Support app');
    expect(reply).toMatch(/anything else/i);
    expect((await bot.desk.get(request!.id))!).toMatchObject({ state: 'failed', closedBy: 'hub' });
    expect(await person.ask('my backup says not enough storage')).toMatch(/Solution 1/);
  });

  test('a handoff.status sent by the person themselves is ignored', async () => {
    const bot = await handoffBot({ consoleEnabled: false });
    const person = bot.person();
    await walkThenAskForPerson(person);
    const forged = { type: 'event', name: 'handoff.status', value: { state: 'accepted' } }; // from the person (TestAdapter's user)
    expect(await receive(person, forged)).toBe('');
    expect((await bot.desk.openRequests()).map((r) => r.state)).toEqual(['waiting']);
  });

  test('an unknown state is ignored; nothing is said and the request stays queued', async () => {
    const bot = await handoffBot({ consoleEnabled: false });
    const person = bot.person();
    await walkThenAskForPerson(person);
    expect(await receive(person, status('teleported'))).toBe('');
    expect((await bot.desk.openRequests()).map((r) => r.state)).toEqual(['waiting']);
  });

  test('without the console the accept timeout still tells the person honestly', async () => {
    let now = Date.parse('2025-06-01T10:00:00Z');
    const bot = await handoffBot({ consoleEnabled: false, acceptTimeoutMs: 30_000, now: () => now, storage: new MemoryStore({ sweepIntervalMs: 0, now: () => now }) });
    await walkThenAskForPerson(bot.person());
    now += 31_000;
    expect(await bot.desk.checkTimeouts()).toBe(1);
    expect(bot.channel.texts().join('\n')).toContain('support.apple.com/contact');
  });
});

describe('nothing is lost on a restart', () => {
  test('the queue, the context and the pairing are read back from the SQLite file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'handoff-restart-'));
    const file = path.join(dir, 'bot.sqlite');
    try {
      const first = new SqliteStore({ path: file, sweepIntervalMs: 0 });
      const before = await handoffBot({ storage: first });
      await before.desk.heartbeat(SAM);
      const person = before.person();
      await walkThenAskForPerson(person);
      const [queued] = await before.desk.openRequests();
      await before.desk.close();
      await first.close();

      // "Restart": a new store on the same file, a new desk and bot.
      const second = new SqliteStore({ path: file, sweepIntervalMs: 0 });
      const after = await handoffBot({ storage: second });
      const [request] = await after.desk.openRequests();
      expect(request).toMatchObject({ id: queued!.id, state: 'waiting', context: { route: 'network_unstable' } });
      expect(request!.transcript.length).toBeGreaterThan(3);
      expect(request!.reference.conversation?.id).toBe(person.adapter.conversation.conversation.id);

      expect((await after.desk.accept(request!.id, SAM)).ok).toBe(true);
      expect(after.channel.texts(request!.id)).toEqual([expect.stringMatching(/Sam has joined/)]);

      // Restart again while connected: the pairing holds.
      await after.desk.close();
      await second.close();
      const third = new SqliteStore({ path: file, sweepIntervalMs: 0 });
      const again = await handoffBot({ storage: third });
      expect((await again.desk.get(request!.id))!).toMatchObject({ state: 'active', agent: { id: SAM.id } });
      expect((await again.desk.sendFromAgent(request!.id, SAM, 'Still here.')).ok).toBe(true);
      await third.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

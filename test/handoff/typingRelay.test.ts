/**
 * TypingRelay on its own (a clock the test moves, a recording person channel, recorded console events): the agent's
 * typing reaches the person at most once per interval and only for the agent connected to the request; the person's
 * typing reaches the console only during an active hand-off, and typing activities never reach the bot's turn.
 */
import { ActivityTypes, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { silentLog } from '../../src/logging/log';
import type { TypingEvent } from '../../src/handoff/consoleEvents';
import { TypingRelay } from '../../src/handoff/typingRelay';
import type { HandoffRequest } from '../../src/handoff/types';
import { ALEX, RecordingPersonChannel, SAM } from './helpers';

const REQUEST_ID = '00000000-0000-4000-8000-000000000001';

function request(overrides: Partial<HandoffRequest> = {}): HandoffRequest {
  return {
    id: REQUEST_ID,
    conversationKey: 'test/conv-1',
    state: 'active',
    reference: { channelId: 'test', conversation: { id: 'conv-1' } as never, user: { id: 'person-1', name: 'Person' } },
    instanceId: 'here',
    context: { reason: 'asked', ruledOut: [], solutionsTried: [], startedAt: '2026-01-01T00:00:00.000Z', channelId: 'test' },
    transcript: [],
    messages: [],
    requestedAt: '2026-01-01T00:00:00.000Z',
    agent: SAM,
    ...overrides,
  };
}

function relayFor(current: HandoffRequest | undefined) {
  let now = 1_000_000;
  const channel = new RecordingPersonChannel();
  const typed: TypingEvent[] = [];
  const desk = {
    get: async (id: string) => (current && id === current.id ? current : undefined),
    openRequestFor: async (key: string) => (current && key === current.conversationKey ? current : undefined),
  };
  const relay = new TypingRelay({ desk, channel, events: { publishTyping: (event) => typed.push(event) }, log: silentLog, now: () => now, minIntervalMs: 2000 });
  return { relay, channel, typed, advance: (ms: number) => (now += ms) };
}

/** Runs the relay's middleware on one activity; resolves whether the turn went on to the bot. */
async function throughMiddleware(relay: TypingRelay, activity: Partial<Activity>): Promise<boolean> {
  const adapter = new TestAdapter();
  const context = new TurnContext(adapter, { channelId: 'test', conversation: { id: 'conv-1' } as never, from: { id: 'person-1', name: 'Person' }, recipient: { id: 'bot', name: 'bot' }, ...activity } as Activity);
  let reachedBot = false;
  await relay.middleware.onTurn(context, async () => {
    reachedBot = true;
  });
  return reachedBot;
}

describe('agent → person', () => {
  test('one typing activity per interval; a sent message lets the next keystroke through at once', async () => {
    const { relay, channel, advance } = relayFor(request());
    expect(await relay.fromAgent(REQUEST_ID, SAM)).toEqual({ ok: true, relayed: true });
    advance(1999);
    expect(await relay.fromAgent(REQUEST_ID, SAM)).toEqual({ ok: true, relayed: false });
    advance(1);
    expect(await relay.fromAgent(REQUEST_ID, SAM)).toEqual({ ok: true, relayed: true });
    relay.forget(REQUEST_ID);
    expect(await relay.fromAgent(REQUEST_ID, SAM)).toEqual({ ok: true, relayed: true });
    expect(channel.sent.map((s) => s.activity)).toEqual([{ type: ActivityTypes.Typing }, { type: ActivityTypes.Typing }, { type: ActivityTypes.Typing }]);
  });

  test('only for the agent connected to an open request', async () => {
    expect(await relayFor(request()).relay.fromAgent(REQUEST_ID, ALEX)).toEqual({ ok: false, reason: 'not_yours' });
    expect(await relayFor(request({ state: 'waiting', agent: undefined })).relay.fromAgent(REQUEST_ID, SAM)).toEqual({ ok: false, reason: 'not_yours' });
    expect(await relayFor(request({ state: 'ended' })).relay.fromAgent(REQUEST_ID, SAM)).toEqual({ ok: false, reason: 'closed' });
    expect(await relayFor(undefined).relay.fromAgent(REQUEST_ID, SAM)).toEqual({ ok: false, reason: 'not_found' });
  });

  test('an unreachable person: undelivered, and nothing thrown', async () => {
    const { relay, channel } = relayFor(request());
    channel.failing = true;
    expect(await relay.fromAgent(REQUEST_ID, SAM)).toEqual({ ok: false, reason: 'undelivered' });
  });
});

describe('person → agent', () => {
  test('typing during an active hand-off: a typing event for its agent; the bot never gets the turn', async () => {
    const { relay, typed } = relayFor(request());
    expect(await throughMiddleware(relay, { type: ActivityTypes.Typing })).toBe(false);
    expect(typed).toEqual([{ requestId: REQUEST_ID, agentId: SAM.id }]);
  });

  test('outside a hand-off, while waiting, or from someone else: dropped, nothing published', async () => {
    for (const current of [undefined, request({ state: 'waiting', agent: undefined }), request({ agent: { id: 'hub', name: 'Hub', kind: 'hub' } })]) {
      const { relay, typed } = relayFor(current);
      expect(await throughMiddleware(relay, { type: ActivityTypes.Typing })).toBe(false);
      expect(typed).toEqual([]);
    }
    const { relay, typed } = relayFor(request());
    expect(await throughMiddleware(relay, { type: ActivityTypes.Typing, from: { id: 'someone-else', name: 'x' } })).toBe(false);
    expect(typed).toEqual([]);
  });

  test('messages and other activities go on to the bot as before', async () => {
    const { relay, typed } = relayFor(request());
    expect(await throughMiddleware(relay, { type: ActivityTypes.Message, text: 'hello' })).toBe(true);
    expect(await throughMiddleware(relay, { type: ActivityTypes.ConversationUpdate })).toBe(true);
    expect(typed).toEqual([]);
  });
});

/**
 * Images kept for the agent (keepImage.ts, handoffImages.ts) over a real HandoffRepository in memory: at most
 * MAX_IMAGES_PER_REQUEST per hand-off (later ones reach the agent as text only), none for a closed request, all gone
 * when the request is forgotten (closed); and which conversations' images are kept at all (the gate).
 */
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { silentLog } from '../../src/logging/log';
import { forwardImageToAgent } from '../../src/handoff/forwardedImage';
import { MAX_IMAGES_PER_REQUEST } from '../../src/handoff/handoffImages';
import { HandoffRepository } from '../../src/handoff/handoffRepository';
import { handoffImageGate, personMessage } from '../../src/handoff/keepImage';
import type { HandoffRequest } from '../../src/handoff/types';
import { MemoryStore } from '../../src/storage';
import { SAM } from './helpers';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

function newRequest(overrides: Partial<HandoffRequest> = {}): HandoffRequest {
  return {
    id: '00000000-0000-4000-8000-00000000000a',
    conversationKey: 'test/conv-1',
    state: 'active',
    reference: { channelId: 'test', conversation: { id: 'conv-1' } as never, user: { id: 'person-1', name: 'P' } },
    instanceId: 'here',
    context: { reason: 'asked', ruledOut: [], solutionsTried: [], startedAt: '2026-01-01T00:00:00.000Z', channelId: 'test' },
    transcript: [],
    messages: [],
    requestedAt: '2026-01-01T00:00:00.000Z',
    agent: SAM,
    ...overrides,
  };
}

function turnWithImage(image = true): TurnContext {
  const context = new TurnContext(new TestAdapter(), { type: 'message', channelId: 'test', conversation: { id: 'conv-1' }, from: { id: 'person-1' } } as Activity);
  if (image) forwardImageToAgent(context, { type: 'image/png', bytes: PNG });
  return context;
}

describe('keeping images for the agent', () => {
  test(`at most ${MAX_IMAGES_PER_REQUEST} per hand-off; all deleted when the request is forgotten`, async () => {
    const repo = new HandoffRepository(new MemoryStore({ sweepIntervalMs: 0 }));
    const request = newRequest();
    await repo.createRequest(request);
    const messages = [];
    for (let i = 0; i <= MAX_IMAGES_PER_REQUEST; i++) messages.push(await personMessage(repo, request, turnWithImage(), '', 'now', silentLog));
    expect(messages.slice(0, MAX_IMAGES_PER_REQUEST).map((m) => m.image?.slot)).toEqual([...Array(MAX_IMAGES_PER_REQUEST).keys()]);
    expect(messages.at(-1)).toEqual({ from: 'person', text: '(an image)', at: 'now' });
    expect((await repo.images.get(request.id, 0))?.bytes.equals(PNG)).toBe(true);
    expect(await repo.images.get(request.id, MAX_IMAGES_PER_REQUEST)).toBeUndefined();

    const stored = (await repo.getRequest(request.id))!;
    await repo.forget({ ...stored, state: 'ended' });
    for (let slot = 0; slot < MAX_IMAGES_PER_REQUEST; slot++) expect(await repo.images.get(request.id, slot)).toBeUndefined();
  });

  test('a closed request keeps nothing; a message without an image is text only (masked)', async () => {
    const repo = new HandoffRepository(new MemoryStore({ sweepIntervalMs: 0 }));
    const closed = newRequest({ state: 'ended' });
    await repo.createRequest(closed);
    expect(await personMessage(repo, closed, turnWithImage(), 'look', 'now', silentLog)).toEqual({ from: 'person', text: 'look', at: 'now' });
    expect(await repo.images.get(closed.id, 0)).toBeUndefined();
    expect(await personMessage(repo, closed, turnWithImage(false), 'my password is hunter2', 'now', silentLog)).toEqual(expect.objectContaining({ text: expect.not.stringContaining('hunter2') }));
  });
});

describe('whose images are kept (the screenshot middleware asks)', () => {
  const gateFor = (consoleEnabled: boolean, request: HandoffRequest | undefined) => handoffImageGate({ consoleEnabled, openRequestFor: async () => request });

  test('a hand-off with the console on: waiting or with a console agent → kept', async () => {
    expect(await gateFor(true, newRequest({ state: 'waiting', agent: undefined })).takesImages(turnWithImage(false))).toBe(true);
    expect(await gateFor(true, newRequest()).takesImages(turnWithImage(false))).toBe(true);
  });

  test('no hand-off, no console, or an external hub agent (nobody could see it) → dropped', async () => {
    expect(await gateFor(true, undefined).takesImages(turnWithImage(false))).toBe(false);
    expect(await gateFor(false, newRequest()).takesImages(turnWithImage(false))).toBe(false);
    expect(await gateFor(true, newRequest({ agent: { id: 'hub', name: 'Hub', kind: 'hub' } })).takesImages(turnWithImage(false))).toBe(false);
  });
});

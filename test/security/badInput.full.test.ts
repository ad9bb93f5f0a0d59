/**
 * Bad input to /api/messages of the real app: malformed JSON → 400, activities of the wrong shape → 400 naming the
 * field, unknown activity types → answered politely (200, nothing said), and none of it crashes the process or
 * touches the state of a conversation that is in the middle of a walk.
 */
import { RunningApp, startApp } from '../helpers/app';
import { HttpConversation, savedSession, solutionsIn } from '../helpers/chat';

let running: RunningApp;
/** A person in the middle of a walk (on Solution 3) while all of this happens. */
let bystander: HttpConversation;

beforeAll(async () => {
  running = await startApp();
  bystander = new HttpConversation(running.url);
  expect(solutionsIn(await bystander.say('backup failed but I have space'))).toEqual([2]);
  expect(solutionsIn(await bystander.say('no'))).toEqual([3]);
});
afterAll(() => running.stop());

async function postRaw(body: string, contentType = 'application/json'): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('malformed bodies', () => {
  test.each([
    ['truncated JSON', '{"type": "message", '],
    ['a trailing comma', '{"type":"message",}'],
    ['single quotes', "{'type':'message'}"],
    ['a bare word', 'message'],
    ['NaN', '{"type":"message","text":NaN}'],
  ])('%s → 400', async (_name, body) => {
    const result = await postRaw(body);
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ error: { code: 'BadArgument', message: 'Request body is not valid JSON' } });
  });

  test.each([
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"message"'],
    ['an array', '[{"type":"message"}]'],
  ])('JSON that is not an object (%s) → 400', async (_name, body) => {
    expect((await postRaw(body)).status).toBe(400);
  });

  test('a body that is not JSON → 415; an empty body → 400', async () => {
    expect((await postRaw('type=message', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await postRaw('')).status).toBe(400);
  });
});

describe('activities of the wrong shape → 400 naming the field', () => {
  const person = (): HttpConversation => new HttpConversation(running.url);
  test.each<[string, Record<string, unknown>, string]>([
    ['no conversation', { conversation: undefined }, 'conversation.id'],
    ['a conversation without id', { conversation: {} }, 'conversation.id'],
    ['a numeric conversation id', { conversation: { id: 42 } }, 'conversation.id'],
    ['an over-long conversation id', { conversation: { id: 'c'.repeat(5000) } }, 'conversation.id'],
    ['no from', { from: undefined }, 'from.id'],
    ['from without id', { from: { name: 'x' } }, 'from.id'],
    ['recipient null', { recipient: null }, 'recipient.id'],
    ['a channelId that is a number', { channelId: 7 }, 'channelId'],
    ['no type', { type: undefined }, 'type'],
    ['an empty type', { type: '' }, 'type'],
    ['text that is a number', { text: 42 }, 'text'],
    ['text that is an object', { text: { value: 'hi' } }, 'text'],
    ['entities that are not an array', { entities: 'mention' }, 'entities'],
    ['an entity that is null', { entities: [null] }, 'entities'],
    ['an entity without type', { entities: [{}] }, 'entities'],
    ['a mention without mentioned', { entities: [{ type: 'mention', text: '<at>bot</at>' }] }, 'mention'],
    ['attachments that are not an array', { attachments: 'file' }, 'attachments'],
    ['membersAdded that is not an array', { type: 'conversationUpdate', membersAdded: 'everyone' }, 'membersAdded'],
    ['a member without id', { type: 'conversationUpdate', membersAdded: [{ name: 'x' }] }, 'membersAdded'],
    ['channelData that is an array', { channelData: [1, 2] }, 'channelData'],
    ['no serviceUrl to answer to', { serviceUrl: undefined, deliveryMode: undefined }, 'serviceUrl'],
    ['a serviceUrl that is not http(s)', { serviceUrl: 'file:///etc/passwd', deliveryMode: undefined }, 'serviceUrl'],
  ])('%s', async (_name, overrides, field) => {
    const conversation = person();
    const result = await conversation.post(conversation.activity(overrides));
    expect(result.status).toBe(400);
    expect((result.body as { error: { code: string; message: string } }).error).toEqual({ code: 'BadArgument', message: expect.stringContaining(field) });
    expect(await savedSession(running.app.storage, conversation)).toBeUndefined();
  });
});

describe('hand-written requests', () => {
  test('without channelId and recipient, a message still gets its replies (as an Emulator conversation)', async () => {
    const conversation = new HttpConversation(running.url);
    const replies = await conversation.send({ channelId: undefined, recipient: undefined, text: 'my backup says not enough storage' });
    expect(replies.status).toBe(200);
    expect(replies.activities.map((a) => a.text ?? '').join('\n')).toMatch(/Solution 1:/);
  });
});

describe('unknown or unusual activity types are answered politely', () => {
  test.each<[string, Record<string, unknown>]>([
    ['an unknown type', { type: 'somethingNew', text: undefined }],
    ['typing', { type: 'typing', text: undefined }],
    ['endOfConversation', { type: 'endOfConversation', text: undefined }],
    ['messageReaction', { type: 'messageReaction', text: undefined, reactionsAdded: [{ type: 'like' }] }],
    ['installationUpdate remove', { type: 'installationUpdate', action: 'remove', text: undefined }],
    ['an event nobody listens to', { type: 'event', name: 'some/event', value: { a: 1 }, text: undefined }],
    ['messageUpdate', { type: 'messageUpdate', text: 'edited' }],
  ])('%s → 200, nothing said', async (_name, overrides) => {
    const conversation = new HttpConversation(running.url);
    const replies = await conversation.send(overrides);
    expect(replies.status).toBe(200);
    expect(replies.activities.filter((a) => a.type === 'message')).toEqual([]);
  });

  test('an unknown invoke → 200 with an invoke response "not implemented"', async () => {
    const conversation = new HttpConversation(running.url);
    const replies = await conversation.send({ type: 'invoke', name: 'unknown/thing', text: undefined });
    expect(replies.status).toBe(200);
    expect(replies.activities).toEqual([expect.objectContaining({ type: 'invokeResponse', value: { status: 501 } })]);
  });

  test('a message with only an attachment gets "I didn\'t get any text"; an image on a host nobody vouches for is not fetched', async () => {
    const conversation = new HttpConversation(running.url);
    const file = await conversation.send({ text: undefined, attachments: [{ contentType: 'application/pdf', contentUrl: 'https://example.com/x.pdf' }] });
    expect(file.status).toBe(200);
    expect(file.text).toMatch(/didn't get any text/);
    // Screenshots are read (docs/screenshots.md), but only from data: URIs and allow-listed hosts.
    const image = await conversation.send({ text: undefined, attachments: [{ contentType: 'image/png', contentUrl: 'https://example.com/x.png' }] });
    expect(image.status).toBe(200);
    expect(image.text).toMatch(/couldn't get that image/);
  });
});

test('after all of that the process is up and the person in the middle of a walk carries on at the same step', async () => {
  expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  expect(await bystander.say('where was I?')).toMatch(/You were on Solution 3/);
  expect(solutionsIn(await bystander.say('no'))).toEqual([4]);
  const session = await savedSession(running.app.storage, bystander);
  expect(session?.transcript.filter((e) => e.from === 'user').map((e) => e.text)).toEqual(['backup failed but I have space', 'no', 'where was I?', 'no']);
  // No turn failed on the way (a failing turn logs "Unhandled error during a bot turn").
  expect(running.logs.entries().filter((e) => e.msg === 'Unhandled error during a bot turn')).toEqual([]);
});

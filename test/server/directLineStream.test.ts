import WebSocket from 'ws';
import { DirectLineClient, DlActivity, httpJson, StreamReader } from '../helpers/directLineClient';
import { startTestServer, TestServer } from '../helpers/server';
import { TestBot, WELCOME_TEXT } from '../helpers/testBot';

const botTexts = (activities: DlActivity[]) => activities.filter((a) => a.from?.role === 'bot').map((a) => a.text);

function refusal(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('open', () => {
      socket.close();
      reject(new Error('stream unexpectedly accepted'));
    });
    socket.once('error', () => undefined);
  });
}

describe('Direct Line WebSocket streams', () => {
  let server: TestServer;
  const bot = new TestBot();
  beforeAll(async () => {
    server = await startTestServer({ bot });
  });
  afterAll(() => server.close());

  test('the stream delivers the welcome, the echo of the user message and the reply, with watermarks', async () => {
    const client = new DirectLineClient(`${server.baseUrl}/v3/directline`);
    await client.generateToken();
    await client.start();
    const stream = await client.openStream();
    try {
      await stream.waitFor((all) => botTexts(all).includes(WELCOME_TEXT));
      const sent = await client.say('stream me');
      const all = await stream.waitFor((activities) => botTexts(activities).includes('You said: stream me'));
      const echo = all.find((a) => a.id === sent.id);
      expect(echo).toMatchObject({ text: 'stream me', from: { role: 'user' }, channelData: { clientActivityID: sent.clientActivityID } });
      expect(all.findIndex((a) => a.id === sent.id)).toBeLessThan(all.findIndex((a) => a.text === 'You said: stream me'));
      const watermarks = stream.groups.map((group) => Number(group.watermark));
      expect(watermarks).toEqual([...watermarks].sort((a, b) => a - b));
      expect(new Set(all.map((a) => a.id)).size).toBe(all.length); // nothing delivered twice
    } finally {
      await stream.close();
    }
  });

  test('a reconnecting stream only gets activities after its watermark', async () => {
    const client = new DirectLineClient(`${server.baseUrl}/v3/directline`);
    await client.generateToken();
    await client.start();
    await client.say('first');
    const seen = await client.waitFor((all) => botTexts(all).includes('You said: first'));
    const watermark = (await client.activities()).body.watermark;
    await client.say('second');
    await client.waitFor((all) => botTexts(all).includes('You said: second'));

    const reconnect = await httpJson(`${client.domain}/conversations/${client.conversationId}?watermark=${watermark}`, { token: client.token });
    const stream = await StreamReader.open(reconnect.body.streamUrl);
    try {
      const all = await stream.waitFor((activities) => botTexts(activities).includes('You said: second'));
      expect(all.map((a) => a.text)).toEqual(['second', 'You said: second']);
      expect(all.map((a) => a.id)).not.toContain(seen[0]!.id);
    } finally {
      await stream.close();
    }
  });

  test('proactive messages are pushed to an open stream', async () => {
    const client = new DirectLineClient(`${server.baseUrl}/v3/directline`);
    await client.generateToken();
    await client.start();
    const stream = await client.openStream();
    try {
      await stream.waitFor((all) => botTexts(all).includes(WELCOME_TEXT));
      await server.adapter.continueConversationAsync('', bot.references.get(client.conversationId!)!, async (context) => {
        await context.sendActivity('pushed proactively');
      });
      await stream.waitFor((all) => botTexts(all).includes('pushed proactively'));
    } finally {
      await stream.close();
    }
  });

  test("streams with a bad token, a conversation token, or another conversation's id are refused", async () => {
    const alice = new DirectLineClient(`${server.baseUrl}/v3/directline`);
    const bob = new DirectLineClient(`${server.baseUrl}/v3/directline`);
    await alice.generateToken();
    await alice.start();
    await bob.generateToken();
    await bob.start();
    const aliceUrl = new URL(alice.streamUrl!);
    const bobToken = new URL(bob.streamUrl!).searchParams.get('t')!;

    const withBobsToken = new URL(aliceUrl);
    withBobsToken.searchParams.set('t', bobToken);
    expect(await refusal(withBobsToken.toString())).toBe(403);

    const withConversationToken = new URL(aliceUrl);
    withConversationToken.searchParams.set('t', alice.token!);
    expect(await refusal(withConversationToken.toString())).toBe(401);

    const without = new URL(aliceUrl);
    without.searchParams.delete('t');
    expect(await refusal(without.toString())).toBe(401);

    expect(await refusal(`${server.baseUrl.replace('http', 'ws')}/somewhere/else`)).toBe(404);
  });

  test('empty ping messages from the client are ignored and the stream stays open', async () => {
    const client = new DirectLineClient(`${server.baseUrl}/v3/directline`);
    await client.generateToken();
    await client.start();
    const stream = await client.openStream();
    try {
      stream.socket.send('');
      stream.socket.send('');
      await client.say('still there?');
      await stream.waitFor((all) => botTexts(all).includes('You said: still there?'));
      expect(stream.closed).toBe(false);
    } finally {
      await stream.close();
    }
  });

  test('closing the server closes open streams', async () => {
    const own = await startTestServer({ bot: new TestBot() });
    const client = new DirectLineClient(`${own.baseUrl}/v3/directline`);
    await client.generateToken();
    await client.start();
    const stream = await client.openStream();
    await own.close();
    await stream.waitFor(() => false).catch(() => undefined);
    expect(stream.closed).toBe(true);
  });
});

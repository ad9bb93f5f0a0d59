/**
 * An image during a hand-off: the person (Web Chat, built-in Direct Line upload) sends a screenshot while an agent is
 * with them; the bot says what it read and the agent gets the text read from it; the bot does not start a walk.
 */
import { loadConfig } from '../../src/config/config';
import { start } from '../../src/index';
import { CapturedLogs, TEST_ENV } from '../helpers/app';
import { DirectLineClient, httpJson, type DlActivity } from '../helpers/directLineClient';
import { whitePng } from './images';
import { StubOcr } from './stubOcr';

const AGENT_KEY = 'an-agent-key-long-enough-for-the-config-check';
const botTexts = (all: DlActivity[]) => all.filter((a) => a.from?.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');

describe('a screenshot during a hand-off', () => {
  const ocr = new StubOcr();
  let app: Awaited<ReturnType<typeof start>>;

  beforeAll(async () => {
    app = await start(loadConfig({ ...TEST_ENV, AGENT_KEY }), { logDestination: new CapturedLogs(), ocrEngine: ocr });
  });
  afterAll(() => app.stop());

  test('goes to the agent as the text read from it', async () => {
    const agent = (await httpJson(`${app.url}/agent/api/sign-in`, { body: { key: AGENT_KEY, name: 'Robin' } })).body as { token: string };
    const dl = new DirectLineClient(`${app.url}/v3/directline`);
    await dl.generateToken();
    await dl.start();
    await dl.say('I want to talk to a real person');
    await dl.waitFor((all) => botTexts(all).some((t) => /connecting you to a person/i.test(t)));
    const queue = await httpJson(`${app.url}/agent/api/queue`, { token: agent.token });
    const id = (queue.body.waiting as Array<{ id: string }>)[0]!.id;
    expect((await httpJson(`${app.url}/agent/api/requests/${id}/accept`, { method: 'POST', token: agent.token })).status).toBe(200);
    await dl.waitFor((all) => botTexts(all).some((t) => t.startsWith('Robin has joined the chat')));

    ocr.willRead('Not Enough Storage', 'This iPhone cannot be backed up because there is not enough iCloud storage available.');
    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message' })], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob([new Uint8Array(await whitePng())], { type: 'image/png' }), 'shot.png');
    const uploaded = await fetch(`${app.url}/v3/directline/conversations/${dl.conversationId}/upload`, { method: 'POST', headers: { Authorization: `Bearer ${dl.token}` }, body: form });
    expect(uploaded.status).toBe(200);

    let messages: Array<{ from: string; text: string }> = [];
    const deadline = Date.now() + 10_000;
    while (messages.length === 0 && Date.now() < deadline) {
      messages = (await httpJson(`${app.url}/agent/api/requests/${id}`, { token: agent.token })).body.messages ?? [];
      if (messages.length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(messages).toEqual([expect.objectContaining({ from: 'person', text: expect.stringContaining('not enough iCloud storage') })]);
    const texts = botTexts((await dl.activities()).body.activities);
    expect(texts.some((t) => t.startsWith('Your screenshot says'))).toBe(true);
    expect(texts.some((t) => /Solution 1/.test(t))).toBe(false);
  });
});

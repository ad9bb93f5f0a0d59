/**
 * The CSAT question in the conversation, for what the YAML conversation tests (dialogs/tests/csat.yaml: buttons, words,
 * once per conversation, skipped when the person moves on, a question instead of a rating) cannot check: the rating
 * record as stored (subject, route, masked comment), and "Did Sam help?" after a hand-off, once, for that agent.
 * interpretRating's word lists: test/dialogs/interpretRating.test.ts.
 */
import { ASK_AGENT_RATING, assembleSupportBot } from '../../src/bots/assembleBot';
import { MemoryAnalyticsStore } from '../../src/analytics';
import { HandoffDesk } from '../../src/handoff/handoffDesk';
import { MemoryStore } from '../../src/storage';
import { DEFAULT_OPTIONS, knowledge, TestConversation } from '../helpers/botHarness';
import { RecordingPersonChannel, SAM } from '../handoff/helpers';

/** The bot as people meet it (src/bots/assembleBot.ts, as index.ts builds it): knowledge base, CSAT survey, desk. */
async function surveyedBot() {
  const { content, recognizer, knowledge: kb, acts } = await knowledge();
  const storage = new MemoryStore({ sweepIntervalMs: 0 });
  const ratings = new MemoryAnalyticsStore();
  const channel = new RecordingPersonChannel();
  const desk = new HandoffDesk({ personChannel: channel, storage, content, options: { consoleEnabled: true, acceptTimeoutMs: 60_000, sweepIntervalMs: 0, askRating: ASK_AGENT_RATING } });
  await desk.start();
  const services = assembleSupportBot({ content, recognizer, acts, knowledge: kb, storage, options: DEFAULT_OPTIONS, analytics: ratings, handoffDesk: desk });
  const all = () => ratings.ratings(0, Number.MAX_SAFE_INTEGER);
  return { desk, channel, all, person: () => new TestConversation(services, storage) };
}

/** A walk fixed on its first solution. */
async function fixedWalk(person: TestConversation): Promise<string> {
  await person.ask('my backup says not enough storage');
  return person.ask('yes');
}

describe('"Did I help?" after a walk', () => {
  test('asked when the walk ends happily, with 👍 / 👎 buttons; the button is recorded, the comment is masked', async () => {
    const bot = await surveyedBot();
    const person = bot.person();
    const end = await fixedWalk(person);
    expect(end).toMatch(/glad/i);
    expect(end).toContain('Did I help?');
    expect(end).toContain('[👍 Yes]');
    expect(end).toContain('[👎 No]');
    expect(await person.ask('👍 Yes')).toMatch(/one-line comment/);
    expect(await bot.all()).toEqual([expect.objectContaining({ subject: 'bot', score: 'up', route: 'storage_full' })]);
    expect(await person.ask('quick and clear, my email is jane@example.com')).toMatch(/Thanks for the feedback/);
    const [rating] = await bot.all();
    expect(rating!.comment).toBe('quick and clear, my email is •••');
    expect(await bot.all()).toHaveLength(1);
  });
});

describe('"Did Sam help?" after a hand-off', () => {
  test('asked when the agent ends; the answer is recorded for that agent, once', async () => {
    const bot = await surveyedBot();
    await bot.desk.heartbeat(SAM);
    const person = bot.person();
    await person.ask('my backup says not enough storage');
    await person.ask('talk to a person');
    const [request] = await bot.desk.openRequests();
    expect((await bot.desk.accept(request!.id, SAM)).ok).toBe(true);
    expect((await bot.desk.end(request!.id, SAM)).ok).toBe(true);
    const told = bot.channel.texts(request!.id);
    expect(told.at(-2)).toMatch(/^Sam has left the chat/);
    expect(told.at(-1)).toContain('Did Sam help?');
    expect(told.at(-1)).toContain('[👍 Yes]');
    expect(await person.ask('yes, Sam was great')).toMatch(/comment/);
    expect(await person.ask('No comment')).toMatch(/anything else/i);
    expect(await bot.all()).toEqual([expect.objectContaining({ subject: 'agent', agentId: SAM.id, agentName: 'Sam', score: 'up', route: 'storage_full' })]);
    // Asked once: a later "no" is an answer to "anything else?", not a rating.
    expect(await person.ask('no')).toMatch(/trouble again/);
    expect(await bot.all()).toHaveLength(1);
  });
});

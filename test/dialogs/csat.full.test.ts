/**
 * The CSAT question in the conversation: "Did I help?" once after a walk ends, "Did Sam help?" once after a hand-off
 * ends; buttons and free text; an optional comment (masked); skipped when the person moves on.
 */
import { ASK_AGENT_RATING, assembleSupportBot } from '../../src/bots/assembleBot';
import { MemoryAnalyticsStore } from '../../src/analytics';
import { interpretRating } from '../../src/dialogs/csatDialog';
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

describe('interpretRating', () => {
  test.each(['👍', 'yes', 'it was great', 'Great, thanks!', 'very helpful', 'yep', 'thank you'])('"%s" → 👍', (text) => {
    expect(interpretRating(text)).toBe('up');
  });
  test.each(['👎', 'no', 'not really', 'Nope.', "it didn't help", 'useless', 'not helpful at all'])('"%s" → 👎', (text) => {
    expect(interpretRating(text)).toBe('down');
  });
  test.each(['how do I delete old backups?', 'my photos are not uploading since yesterday and the backup stopped at 40 percent', 'hello'])('"%s" is not a rating', (text) => {
    expect(interpretRating(text)).toBeUndefined();
  });
});

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

  test('free text: "it was great" → 👍, "no" → 👎; "No comment" ends it', async () => {
    const bot = await surveyedBot();
    const happy = bot.person();
    await fixedWalk(happy);
    expect(await happy.ask('it was great')).toMatch(/comment/);
    expect(await happy.ask('No comment')).toMatch(/anything else/i);
    expect(await bot.all()).toEqual([expect.objectContaining({ score: 'up' })]);
    const other = await surveyedBot();
    const unhappy = other.person();
    await fixedWalk(unhappy);
    expect(await unhappy.ask('no')).toMatch(/comment/);
    expect(await unhappy.ask('no')).toMatch(/Thanks for the feedback/);
    expect(await other.all()).toEqual([expect.objectContaining({ score: 'down' })]);
  });

  test('asked after Apple Support too, with the person still on offer', async () => {
    const bot = await surveyedBot();
    const person = bot.person();
    let text = await person.ask('I think my old iCloud backup is corrupted');
    for (let i = 0; i < 10 && !text.includes('Did I help?'); i++) text = await person.ask('no');
    expect(text).toContain('support.apple.com/contact');
    expect(text).toContain('Did I help?');
    expect(text).toContain('[Talk to a person]');
    expect(await person.ask('not really')).toMatch(/comment/);
    expect(await bot.all()).toEqual([expect.objectContaining({ subject: 'bot', score: 'down' })]);
  });

  test('asked once: skipped when the person moves on to a new problem, which is handled as such; never asked again', async () => {
    const bot = await surveyedBot();
    const person = bot.person();
    await fixedWalk(person);
    const next = await person.ask('it keeps asking for my Apple ID password');
    expect(next).toMatch(/Solution \d:/);
    expect(next).not.toMatch(/comment/);
    const second = await person.ask('yes');
    expect(second).toMatch(/glad/i);
    expect(second).not.toContain('Did I help?');
    expect(second).toMatch(/anything else/i);
    expect(await bot.all()).toEqual([]);
  });

  test('a question instead of a rating is answered as a question', async () => {
    const bot = await surveyedBot();
    const person = bot.person();
    await fixedWalk(person);
    const text = await person.ask('can I back up my iphone without icloud?');
    // The knowledge base's answer (what people see), not the honest fallback; then what is going wrong.
    const { knowledge: kb } = await knowledge();
    expect(text).toContain(kb.content.entry('faq_without_icloud')!.answer);
    expect(text).not.toMatch(/reliable answer/);
    expect(text).toMatch(/Is your iCloud backup failing right now\?/);
    expect(await bot.all()).toEqual([]);
    // The survey was skipped, not postponed: "no" now is not a rating.
    expect(await person.ask('no')).not.toMatch(/comment/);
    expect(await bot.all()).toEqual([]);
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

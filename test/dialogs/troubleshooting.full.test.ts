/**
 * Dialog tests: the real bot (content + trained classifier) driven through botbuilder's TestAdapter, for what the
 * YAML conversation tests (dialogs/tests/*.yaml) cannot express or would repeat at length: tables of walks and of
 * typed variants, session records, the hand-off event's payload and masked transcript, a 100,000-character message,
 * a Teams @mention entity. Single journeys belong in dialogs/tests/ (see dialogs/tests/README.md).
 */
import type { Activity } from 'botbuilder';
import { newConversation, visibleText, type TestConversation } from '../helpers/botHarness';

/** The solution numbers shown in a turn's replies ("Solution 4: ..."). */
function solutionsShown(replies: Partial<Activity>[]): number[] {
  return [...replies.map(visibleText).join('\n').matchAll(/Solution (\d+):/g)].map((m) => Number(m[1]));
}

/** Answers "no" until the walk reaches Apple Support; returns the solution numbers in the order shown. */
async function walkSayingNo(conversation: TestConversation, opening: string): Promise<number[]> {
  const shown = solutionsShown(await conversation.say(opening));
  for (let turn = 0; turn < 20 && !shown.includes(8); turn++) shown.push(...solutionsShown(await conversation.say('no')));
  return shown;
}

const walks: { route: string; opening: string; expected: number[] }[] = [
  { route: 'storage_full', opening: 'my backup says not enough storage', expected: [1, 2, 3, 4, 5, 6, 7, 8] },
  { route: 'network_unstable', opening: 'the backup stops every time my wifi drops', expected: [2, 3, 4, 5, 6, 7, 8] },
  { route: 'apple_id', opening: 'it keeps asking for my Apple ID password', expected: [3, 4, 5, 6, 7, 8] },
  { route: 'ios_outdated', opening: "I haven't updated iOS in ages and now the backup fails", expected: [4, 5, 6, 7, 8] },
  { route: 'network_settings', opening: 'I use a VPN and a proxy and iCloud backup fails', expected: [5, 6, 7, 8] },
  { route: 'backup_corrupted', opening: 'I think my old iCloud backup is corrupted', expected: [6, 7, 8] },
  { route: 'software_glitch', opening: 'the backup is frozen, it must be a software bug', expected: [6, 7, 8] },
  { route: 'ruled out storage', opening: 'backup failed but I have space', expected: [2, 3, 4, 5, 6, 7, 8] },
  { route: 'ruled out storage and wifi', opening: 'backup keeps failing, I have plenty of storage and my wifi is fine', expected: [3, 4, 5, 6, 7, 8] },
];

describe('a full walk to Apple Support, answering "no" every time', () => {
  test.each(walks)('$route: "$opening" → solutions $expected', async ({ opening, expected }) => {
    const conversation = await newConversation();
    expect(await walkSayingNo(conversation, opening)).toEqual(expected);
    const last = conversation.sent.slice(-2).map(visibleText).join('\n');
    expect(last).toContain('support.apple.com/contact');
    expect(last).toContain('[Talk to a person]');
    const session = await conversation.session();
    expect(session.outcome).toBe('escalated');
  });
});

describe('one solution per turn', () => {
  test.each(['yes', 'yep that did it', 'it worked!', 'Yes, it worked', 'I signed out and back in and now it works!!', "it's backing up now", 'I deleted old backups and it works now'])('"%s" on the first solution closes happily', async (reply) => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    const text = await conversation.ask(reply);
    expect(text).toMatch(/glad/i);
    expect(text).not.toMatch(/it's not/);
    expect(text).toContain('Back Up Now');
    expect(text).not.toMatch(/Solution \d:/);
    // The walk is over: the next message is a new conversation topic.
    expect(await conversation.ask('no')).not.toMatch(/Solution \d:/);
  });

  test.each(['nope', 'still failing', "didn't help", 'No, still failing', 'no luck, same error'])('"%s" moves on to the next solution with a reason', async (reply) => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    const text = await conversation.ask(reply);
    expect(text).toMatch(/Solution 3: \*\*Verify Apple ID and Password\*\*/);
    expect(text).toContain('next fix');
  });
});

describe('destructive steps ask first', () => {
  async function atResetNetwork(): Promise<TestConversation> {
    const conversation = await newConversation();
    await conversation.ask('I use a VPN and a proxy and iCloud backup fails');
    return conversation;
  }

  test.each(['no', 'skip', 'Skip this one'])('"%s" skips it to the next solution', async (reply) => {
    const conversation = await atResetNetwork();
    const text = await conversation.ask(reply);
    expect(text).toMatch(/skip/i);
    expect(text).toMatch(/Solution 6:/);
    const session = await conversation.session();
    expect(session.solutions.find((s) => s.solutionId === 'reset_network_settings')?.outcome).toBe('skipped');
  });
});

describe('follow-up questions mid-walk are answered, then the walk resumes', () => {
  const questions: { question: string; expected: RegExp }[] = [
    { question: 'can I back up without iCloud?', expected: /iTunes/ },
    { question: 'will this delete my photos?', expected: /./ },
    { question: 'where is Settings?', expected: /Settings/ },
    { question: 'what is my Apple ID?', expected: /Apple ID/ },
  ];
  test.each(questions)('"$question"', async ({ question, expected }) => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    const text = await conversation.ask(question);
    expect(text).toMatch(expected);
    expect(text).toMatch(/You were on Solution 2: \*\*Check the Internet Connection\*\*/);
    expect(text).toContain('Did that fix your backup?');
    // And the walk goes on from the same place.
    expect(await conversation.ask('no')).toMatch(/Solution 3:/);
  });

  test("\"I don't see Reset\" gets the iOS 15+ path on the reset step", async () => {
    const conversation = await newConversation();
    await conversation.ask('I use a VPN and a proxy and iCloud backup fails');
    const text = await conversation.ask("I don't see Reset");
    expect(text).toContain('Transfer or Reset iPhone');
    expect(text).toMatch(/Solution 5/);
  });
});

describe('a hand-off carries what the bot knew', () => {
  test('asking for a person sends handoff.initiate with route, outcomes and masked transcript', async () => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    await conversation.ask('no');
    const replies = await conversation.say('I want to talk to a real person');
    expect(replies.map(visibleText).join('\n')).toMatch(/connecting you/i);
    const event = replies.find((a) => a.type === 'event');
    expect(event?.name).toBe('handoff.initiate');
    const value = event!.value as { route: string; ruledOut: string[]; solutionsTried: { solutionId: string; outcome: string }[] };
    expect(value.route).toBe('network_unstable');
    expect(value.ruledOut).toEqual(['storage_full']);
    expect(value.solutionsTried.map((s) => [s.solutionId, s.outcome])).toEqual([
      ['check_internet', 'not_fixed'],
      ['verify_apple_id', 'offered'],
    ]);
    const transcript = event!.attachments![0]!.content as { activities: { text: string; from: { role: string } }[] };
    expect(transcript.activities[0]).toMatchObject({ text: 'backup failed but I have space', from: { role: 'user' } });
    expect(transcript.activities.some((a) => a.from.role === 'bot' && /Solution 2:/.test(a.text))).toBe(true);
  });

  test('the transcript handed over masks passwords and emails', async () => {
    const conversation = await newConversation();
    await conversation.ask('my apple id is jane@example.com and my password is Hunter2!x but backup fails');
    const replies = await conversation.say('talk to a person');
    const event = replies.find((a) => a.type === 'event');
    const transcript = JSON.stringify(event!.attachments![0]!.content);
    expect(transcript).not.toContain('Hunter2!x');
    expect(transcript).not.toContain('jane@example.com');
    expect(transcript).toContain('my password is •••');
    expect(transcript).not.toContain('!x');
  });
});

describe('routing a first message', () => {
  test('welcome on join, with example buttons', async () => {
    const conversation = await newConversation();
    const text = (await conversation.join()).map(visibleText).join('\n');
    expect(text).toMatch(/iCloud backup/);
    expect(text).toContain('[Backup failed but I have space]');
  });

  test('"no" to "anything else?" after a fix says goodbye', async () => {
    const conversation = await newConversation();
    await conversation.ask('my backup says not enough storage');
    expect(await conversation.ask('yes')).toMatch(/anything else/i);
    expect(await conversation.ask('no')).toMatch(/trouble again/);
  });

  test('an over-long message gets a clear answer', async () => {
    const conversation = await newConversation();
    expect(await conversation.ask('x'.repeat(100_000))).toMatch(/100000 characters/);
  });
});

describe('Microsoft Teams rendering', () => {
  test('an @mention of the bot is stripped before understanding', async () => {
    const conversation = await newConversation('msteams');
    const { ActivityTypes } = await import('botbuilder');
    await conversation.adapter.receiveActivity({
      type: ActivityTypes.Message,
      text: '<at>iCloud Backup Help</at> my backup says not enough storage',
      entities: [{ type: 'mention', mentioned: { id: 'bot', name: 'iCloud Backup Help' }, text: '<at>iCloud Backup Help</at>' }],
    });
    const text = conversation.adapter.activeQueue.splice(0).map(visibleText).join('\n');
    expect(text).toMatch(/Solution 1:/);
  });
});

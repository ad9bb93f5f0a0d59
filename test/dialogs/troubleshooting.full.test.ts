/**
 * Dialog tests: the real bot (content + trained classifier) driven through botbuilder's TestAdapter,
 * from tables of conversations typed as free text.
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
  { route: 'backup_failed', opening: 'my iCloud backup failed', expected: [1, 2, 3, 4, 5, 6, 7, 8] },
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
  test('a solution shows its title, why, numbered steps with Settings paths, and asks with buttons', async () => {
    const conversation = await newConversation();
    const text = await conversation.ask('my iphone backup failed, not enough iCloud storage');
    expect(text).toMatch(/Solution 1: \*\*Ensure Sufficient iCloud Storage\*\*/);
    expect(text).toContain('1. Go to Settings > [Your Name] > iCloud > Manage Account Storage.');
    expect(text).toContain('2. Review the available storage');
    expect(text).toContain('Did that fix your backup?');
    expect(text).toContain('[Yes, it worked]');
    expect(text).toContain('[No, still failing]');
    expect(text).toContain('[Walk me through it]');
    expect(text).toContain('[Talk to a person]');
    expect(text).not.toMatch(/Solution 2:/);
  });

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

  test('the warning comes before the steps, with a go-ahead question', async () => {
    const conversation = await newConversation();
    const text = await conversation.ask('I use a VPN and a proxy and iCloud backup fails');
    expect(text).toMatch(/Solution 5: \*\*Reset Network Settings\*\*/);
    expect(text).toMatch(/Wi-Fi passwords/);
    expect(text).toContain('[Yes, go ahead]');
    expect(text).toContain('[Skip this one]');
    expect(text).not.toContain('Reset Network Settings.\n'); // steps not shown yet
    expect(text).not.toContain('Enter your passcode');
  });

  test('yes shows the steps and asks whether it worked', async () => {
    const conversation = await atResetNetwork();
    const text = await conversation.ask('yes');
    expect(text).toContain('Settings > General > Reset > Reset Network Settings');
    expect(text).toContain('Transfer or Reset iPhone');
    expect(text).toContain('Did that fix your backup?');
  });

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
    { question: 'what does iCloud backup failed mean?', expected: /couldn't be completed successfully/ },
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

describe('acknowledgements and questions the bot cannot answer', () => {
  test('"ok" after a solution is not taken as "it worked": the bot waits', async () => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    const text = await conversation.ask('ok');
    expect(text).toMatch(/Take your time/);
    expect(text).not.toMatch(/glad/);
    expect(await conversation.ask('still failing')).toMatch(/Solution 3:/);
  });

  test.each(['ok done', 'done', 'i did it'])('"%s" after a solution means the steps were done, not that it worked', async (reply) => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    expect(await conversation.ask(reply)).toMatch(/tell me whether the backup works now/);
  });

  test('"ok" at a destructive step\'s confirmation goes ahead', async () => {
    const conversation = await newConversation();
    await conversation.ask('I use a VPN and a proxy and iCloud backup fails');
    expect(await conversation.ask('ok')).toContain('Enter your passcode if prompted');
  });

  test('an unanswerable question mid-walk shows the current step again', async () => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    const text = await conversation.ask('does the colour of my phone case matter?');
    expect(text).toMatch(/I don't have a reliable answer to that/);
    expect(text).toMatch(/Solution 2:/);
    expect(text).toContain('Did that fix your backup?');
  });
});

describe('navigation in a walk', () => {
  test('repeat, where was I, go back', async () => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    await conversation.ask('no');
    expect(await conversation.ask('repeat')).toMatch(/Solution 3:/);
    expect(await conversation.ask('where was I?')).toMatch(/Solution 3/);
    expect(await conversation.ask('go back')).toMatch(/Solution 2:/);
    expect(await conversation.ask('next')).toMatch(/Solution 3:/);
  });

  test('walk me through it gives one step at a time', async () => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    expect(await conversation.ask('walk me through it')).toMatch(/Step 1 of 2: Connect to a Wi-Fi network/);
    expect(await conversation.ask('done')).toMatch(/Step 2 of 2: Test your internet speed/);
    const text = await conversation.ask('done');
    expect(text).toContain('Did that fix your backup?');
    expect(await conversation.ask('yes')).toMatch(/glad/i);
  });

  test('a new complaint mid-walk offers to switch', async () => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    await conversation.ask('no');
    const offer = await conversation.ask('actually it says not enough storage');
    expect(offer).toMatch(/Insufficient iCloud storage/i);
    expect(offer).toContain('[Yes, switch]');
    expect(await conversation.ask('yes')).toMatch(/Solution 1:/);
  });

  test('"I have plenty of space" at the storage step rules it out and moves on', async () => {
    const conversation = await newConversation();
    await conversation.ask('my iCloud backup failed');
    const text = await conversation.ask('I have plenty of space, I pay for 2TB');
    expect(text).toMatch(/it's not your iCloud storage/);
    expect(text).toMatch(/Solution 2:/);
  });

  test('"my wifi is fine" mid-walk drops the Wi-Fi solution from the rest of the walk', async () => {
    const conversation = await newConversation();
    await conversation.ask('my iCloud backup failed');
    const text = await conversation.ask('my wifi is fine by the way');
    expect(text).toMatch(/it's not your Wi-Fi or internet connection/);
    expect(text).toContain('Did that fix your backup?');
    expect(await conversation.ask('no')).toMatch(/Solution 3:/);
    expect((await conversation.session()).ruledOut).toEqual(['network_unstable']);
  });

  test('declining the switch stays on the same solution', async () => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    await conversation.ask('actually I think it asks for my apple id password');
    const text = await conversation.ask('no');
    expect(text).toMatch(/keep going/i);
    expect(text).toContain('Did that fix your backup?');
    expect(await conversation.ask('no')).toMatch(/Solution 3:/);
  });
});

describe('help, cancel, start over and hand-off work anywhere', () => {
  test('help explains and re-asks', async () => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    const text = await conversation.ask('help');
    expect(text).toMatch(/skip/);
    expect(text).toContain('Did that fix your backup?');
  });

  test('cancel ends the walk', async () => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    expect(await conversation.ask('cancel')).toMatch(/stopped/i);
    expect(await conversation.ask('no')).not.toMatch(/Solution/);
  });

  test('start over greets again and a new complaint starts a new walk', async () => {
    const conversation = await newConversation();
    await conversation.ask('backup failed but I have space');
    await conversation.ask('no');
    expect(await conversation.ask('start over')).toMatch(/start over/i);
    expect(await conversation.ask('my backup says not enough storage')).toMatch(/Solution 1:/);
  });

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

  test('ruled-out causes are acknowledged before the first solution', async () => {
    const conversation = await newConversation();
    const text = await conversation.ask('backup failed but I have space');
    expect(text).toMatch(/it's not your iCloud storage/);
    expect(text).toMatch(/Solution 2: \*\*Check the Internet Connection\*\*/);
  });

  test('"no" to "anything else?" after a fix says goodbye', async () => {
    const conversation = await newConversation();
    await conversation.ask('my backup says not enough storage');
    expect(await conversation.ask('yes')).toMatch(/anything else/i);
    expect(await conversation.ask('no')).toMatch(/trouble again/);
  });

  test('out of scope gets a friendly statement of what the bot covers', async () => {
    const conversation = await newConversation();
    const text = await conversation.ask("what's the weather like in Paris tomorrow?");
    expect(text).toMatch(/outside what I can help with/);
    expect(text).not.toMatch(/Solution/);
  });

  test('an FAQ at the start is answered', async () => {
    const conversation = await newConversation();
    expect(await conversation.ask('can I back up my iphone without icloud?')).toMatch(/iTunes/);
  });

  test('"why is my iCloud storage full?" answers the FAQ, then asks what is going wrong (a question is not a complaint)', async () => {
    const conversation = await newConversation();
    const text = await conversation.ask('why is my iCloud storage full?');
    expect(text).toMatch(/storage limit/);
    expect(text).toMatch(/Is your iCloud backup failing right now\?/);
    expect(text).not.toMatch(/Solution 1:/);
    expect(await conversation.ask('yes, it says not enough storage')).toMatch(/Solution 1:/);
  });

  test('empty and over-long messages get a clear answer', async () => {
    const conversation = await newConversation();
    expect(await conversation.ask('   ')).toMatch(/didn't get any text/);
    expect(await conversation.ask('x'.repeat(100_000))).toMatch(/100000 characters/);
  });
});

describe('Microsoft Teams rendering', () => {
  test('choices are hero-card buttons in msteams', async () => {
    const conversation = await newConversation('msteams');
    const replies = await conversation.say('backup failed but I have space');
    const prompt = replies[replies.length - 1]!;
    expect(prompt.suggestedActions).toBeUndefined();
    expect(prompt.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.hero');
    expect(visibleText(prompt)).toContain('[No, still failing]');
    expect(await conversation.ask('No, still failing')).toMatch(/Solution 3:/);
  });

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

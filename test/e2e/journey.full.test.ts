/**
 * End to end over real HTTP: the real app (`start(loadConfig(env))`: content, trained classifier, dialogs, adapter,
 * restify) on 127.0.0.1, driven through POST /api/messages with deliveryMode "expectReplies", typing free text.
 */
import { readFileSync } from 'node:fs';
import type { Activity } from 'botbuilder';
import { savedSession, HttpConversation, prompts, solutionsIn, visibleText } from '../helpers/chat';
import { RunningApp, startApp } from '../helpers/app';

let running: RunningApp;
beforeAll(async () => {
  running = await startApp();
});
afterAll(() => running.stop());

describe('the issue-3 journey, typed as free text', () => {
  test('"backup failed but I have space" → every fix in order → Apple Support, with an FAQ mid-walk', async () => {
    const person = new HttpConversation(running.url);
    expect(await person.join()).toContain(prompts.welcome);

    let text = await person.say('backup failed but I have space');
    expect(text).toMatch(/it's not your iCloud storage/);
    expect(text).toMatch(/Solution 2: \*\*Check the Internet Connection\*\*/);
    expect(text).toContain('Settings > Wi-Fi');
    expect(text).toContain(prompts.didItWork);

    text = await person.say('no');
    expect(solutionsIn(text)).toEqual([3]);
    expect(text).toMatch(/Verify Apple ID and Password/);

    // A question in the middle of a fix is answered, and the walk resumes where it was.
    text = await person.say('what is my Apple ID?');
    expect(text).toMatch(/Apple ID/);
    expect(text).toMatch(/You were on Solution 3: \*\*Verify Apple ID and Password\*\*/);
    expect(text).toContain(prompts.didItWork);

    text = await person.say('no, still failing');
    expect(solutionsIn(text)).toEqual([4]);
    expect(text).toMatch(/Update iOS Software/);

    // Reset Network Settings is destructive: a warning and a go-ahead question, no steps yet.
    text = await person.say('nope');
    expect(solutionsIn(text)).toEqual([5]);
    expect(text).toMatch(/Reset Network Settings/);
    expect(text).toMatch(/Wi-Fi passwords/);
    expect(text).toContain(`[${prompts.buttons.goAhead}]`);
    expect(text).toContain(`[${prompts.buttons.skip}]`);
    expect(text).not.toContain('Enter your passcode');

    // "no" at the confirmation skips it.
    text = await person.say('no');
    expect(text).toMatch(/skip resetting your network settings/);
    expect(solutionsIn(text)).toEqual([6]);
    expect(text).toMatch(/Disable iCloud Backup and Re-enable/);

    // Reset All Settings asks first too; going ahead shows the steps.
    text = await person.say('no');
    expect(solutionsIn(text)).toEqual([7]);
    expect(text).toMatch(/Reset All Settings/);
    expect(text).toContain(`[${prompts.buttons.goAhead}]`);
    text = await person.say('yes');
    expect(text).toContain('Enter your passcode');
    expect(text).toContain(prompts.didItWork);

    text = await person.say("didn't help");
    expect(solutionsIn(text)).toEqual([8]);
    expect(text).toMatch(/Contact Apple Support/);
    expect(text).toContain('support.apple.com/contact');
    expect(text).toContain(`[${prompts.buttons.human}]`);

    const session = await savedSession(running.app.storage, person);
    expect(session?.outcome).toBe('escalated');
    expect(session?.ruledOut).toEqual(['storage_full']);
    expect(session?.solutions.map((s) => [s.solutionId, s.outcome])).toEqual([
      ['check_internet', 'not_fixed'],
      ['verify_apple_id', 'not_fixed'],
      ['update_ios', 'not_fixed'],
      ['reset_network_settings', 'skipped'],
      ['toggle_icloud_backup', 'not_fixed'],
      ['reset_all_settings', 'not_fixed'],
      ['contact_apple_support', expect.any(String)],
    ]);
  });

  test('"yes" closes happily and tells how to back up now', async () => {
    const person = new HttpConversation(running.url);
    expect(solutionsIn(await person.say('my iCloud backup failed'))).toEqual([1]);
    expect(solutionsIn(await person.say('no'))).toEqual([2]);
    const text = await person.say('yes');
    expect(text).toContain(prompts.happyClose);
    expect(text).toContain('Back Up Now');
    expect(solutionsIn(text)).toEqual([]);
    expect((await savedSession(running.app.storage, person))?.outcome).toBe('resolved');
  });

  test('two conversations at once do not mix', async () => {
    const first = new HttpConversation(running.url);
    const second = new HttpConversation(running.url);
    await Promise.all([first.say('my backup says not enough storage'), second.say('I use a VPN and a proxy and iCloud backup fails')]);
    const [a, b] = await Promise.all([first.say('no'), second.say('skip')]);
    expect(solutionsIn(a)).toEqual([2]);
    expect(solutionsIn(b)).toEqual([6]);
  });
});

/** The JSON after -d in the README's curl to /api/messages. */
function readmeCurlBody(): string {
  const readme = readFileSync('README.md', 'utf8');
  const match = /curl [^\n]*\/api\/messages[^\n]*-d '([^']+)'/.exec(readme);
  if (!match) throw new Error('README.md has no "curl ... /api/messages ... -d \'{...}\'" example');
  return match[1]!;
}

describe('the README curl example', () => {
  test('the JSON it shows gets what the README says: storage ruled out, Solution 2, "Did that fix…?"; "no" gets the next', async () => {
    const body = readmeCurlBody();
    const response = await fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const json = (await response.json()) as { activities: Array<Partial<Activity>> };
    const text = json.activities.map(visibleText).join('\n');
    expect(text).toMatch(/it's not your iCloud storage/);
    expect(text).toMatch(/Solution 2: \*\*Check the Internet Connection\*\*/);
    expect(text).toContain(prompts.didItWork);
    expect(text).toContain(`[${prompts.buttons.no}]`);

    const next = { ...(JSON.parse(body) as Record<string, unknown>), id: '2', text: 'no' };
    const again = await fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(next) });
    const nextText = ((await again.json()) as { activities: Array<Partial<Activity>> }).activities.map(visibleText).join('\n');
    expect(solutionsIn(nextText)).toEqual([3]);
  });
});

import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { TestAdapter } from 'botbuilder';
import { newSession } from '../../src/dialogs/session';
import { transcriptActivities } from '../../src/handoff/handoffStarter';

test("the hand-off transcript masks what the person typed, not the bot's own lines", () => {
  const session = newSession();
  session.transcript.push(
    { from: 'user', text: 'my password is hunter2 and it fails', at: new Date().toISOString() },
    { from: 'bot', text: 'Verifying your Apple ID and password is essential for a successful backup.', at: new Date().toISOString() },
  );
  const context = new TurnContext(new TestAdapter(), {
    type: ActivityTypes.Message,
    from: { id: 'u', name: 'User' },
    recipient: { id: 'b', name: 'Bot' },
    conversation: { id: 'c' },
    channelId: 'test',
  } as Activity);
  const texts = transcriptActivities(session, context).map((a) => a.text);
  expect(texts).toEqual(['my password is ••• and it fails', 'Verifying your Apple ID and password is essential for a successful backup.']);
});

import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { TypingIndicator } from '../../src/channels/images/typingIndicator';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never;

/** Polls until `condition` holds (at most 10 s). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('TypingIndicator', () => {
  test('a slow turn sends typing before its reply; typing stops when the turn ends', async () => {
    const sent: Partial<Activity>[] = [];
    const adapter = new TestAdapter(async (context) => {
      // The turn waits until the typing indicator has been sent (no timing assumption).
      await until(() => sent.some((a) => a.type === ActivityTypes.Typing));
      await context.sendActivity('done');
    }).use(new TypingIndicator(silent, { delayMs: 0, periodMs: 5 }));
    const original = adapter.sendActivities.bind(adapter);
    adapter.sendActivities = async (context, activities) => {
      sent.push(...activities);
      return original(context, activities);
    };
    await adapter.send('hello');
    const count = sent.length;
    expect(sent[0]!.type).toBe(ActivityTypes.Typing);
    expect(sent.find((a) => a.type === ActivityTypes.Message)?.text).toBe('done');
    // After the turn, no more typing: the count stays the same across several periods.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent.length).toBe(count);
  });

  test('expectReplies turns get no typing (the replies come all at once)', async () => {
    const sent: Partial<Activity>[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const adapter = new TestAdapter(async (context) => {
      await released;
      await context.sendActivity('done');
    }).use(new TypingIndicator(silent, { delayMs: 0, periodMs: 5 }));
    const original = adapter.sendActivities.bind(adapter);
    adapter.sendActivities = async (context, activities) => {
      sent.push(...activities);
      return original(context, activities);
    };
    const turn = adapter.send({ type: 'message', text: 'hi', deliveryMode: 'expectReplies' });
    setTimeout(release, 30);
    await turn;
    expect(sent.map((a) => a.type)).not.toContain(ActivityTypes.Typing);
  });
});

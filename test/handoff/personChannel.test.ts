/**
 * Proactive delivery to the person: sent through the adapter's continueConversationAsync with the stored reference,
 * and routed over pub/sub to the instance that serves a local (Direct Line emulator) conversation.
 */
import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import { AdapterPersonChannel, type ProactiveAdapter } from '../../src/handoff/personChannel';
import type { HandoffRequest } from '../../src/handoff/types';
import { LocalConnectorRegistry } from '../../src/channels/localConnectors';
import { InProcessPubSub } from '../../src/storage';

class FakeAdapter implements ProactiveAdapter {
  readonly localConnectors = new LocalConnectorRegistry();
  readonly delivered: { botAppId: string; conversationId?: string; text?: string }[] = [];
  constructor(readonly botAppId: string | undefined) {}
  async continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const context = {
      sendActivity: async (activity: Partial<Activity>) => {
        this.delivered.push({ botAppId, conversationId: reference.conversation?.id, text: activity.text });
        return { id: String(this.delivered.length) };
      },
    };
    await logic(context as unknown as TurnContext);
  }
}

function request(instanceId: string, serviceUrl: string): HandoffRequest {
  return {
    id: 'r1',
    conversationKey: 'directline/c1',
    state: 'active',
    reference: { serviceUrl, channelId: 'directline', conversation: { id: 'c1' } as ConversationReference['conversation'] },
    instanceId,
    context: { reason: 'asked', ruledOut: [], solutionsTried: [], startedAt: '2025-01-01T00:00:00Z', channelId: 'directline' },
    transcript: [],
    messages: [],
    requestedAt: '2025-01-01T00:00:00Z',
  };
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setImmediate(r));
};

describe('AdapterPersonChannel', () => {
  test('a conversation served here is sent here, with the bot app id', async () => {
    const adapter = new FakeAdapter('app-id');
    adapter.localConnectors.register('http://127.0.0.1:1111/directline-connector');
    const channel = new AdapterPersonChannel(adapter, 'A');
    await channel.send(request('B', 'http://127.0.0.1:1111/directline-connector'), [{ type: 'message', text: 'hi' }]);
    expect(adapter.delivered).toEqual([{ botAppId: 'app-id', conversationId: 'c1', text: 'hi' }]);
  });

  test("another instance's local conversation is delivered by that instance over pub/sub", async () => {
    const pubsub = new InProcessPubSub();
    const adapterA = new FakeAdapter(undefined);
    adapterA.localConnectors.register('http://127.0.0.1:1111/directline-connector');
    const adapterB = new FakeAdapter(undefined);
    const a = new AdapterPersonChannel(adapterA, 'A', pubsub);
    const b = new AdapterPersonChannel(adapterB, 'B', pubsub);
    await a.listen();
    await b.listen();

    await b.send(request('A', 'http://127.0.0.1:1111/directline-connector'), [
      { type: 'message', text: 'one' },
      { type: 'message', text: 'two' },
    ]);
    await until(() => adapterA.delivered.length === 2);
    expect(adapterA.delivered.map((d) => d.text)).toEqual(['one', 'two']);
    expect(adapterA.delivered[0]!.botAppId).toBe('');
    expect(adapterB.delivered).toEqual([]);
    await a.close();
    await b.close();
    await pubsub.close();
  });

  test('when the owning instance is gone (or for Azure channels) the message is sent from here', async () => {
    const pubsub = new InProcessPubSub();
    const adapterB = new FakeAdapter('app-id');
    const b = new AdapterPersonChannel(adapterB, 'B', pubsub);
    await b.listen();
    await b.send(request('A', 'https://smba.trafficmanager.net/emea/'), [{ type: 'message', text: 'from B' }]);
    expect(adapterB.delivered.map((d) => d.text)).toEqual(['from B']);
    await b.close();
    await pubsub.close();
  });
});

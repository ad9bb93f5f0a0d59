/**
 * The server stack (createAdapter + createServer, 127.0.0.1, port 0) with the analytics turn hook on the real bot
 * (real content and classifier, memory state) and the admin routes, for the API and browser tests.
 */
import { repositoryPrompts } from '../helpers/server';
import { MemoryStorage } from 'botbuilder';
import { adminRoutes } from '../../src/analytics/adminRoutes';
import { analyticsHooks } from '../../src/analytics/analyticsHooks';
import { routeLabelsOf } from '../../src/analytics/routeLabels';
import type { AnalyticsStore } from '../../src/analytics/types';
import { createBot } from '../../src/bots/createBot';
import { createAdapter } from '../../src/server/createAdapter';
import { createServer } from '../../src/server/createServer';
import { silentLog } from '../../src/logging/log';
import { DEFAULT_OPTIONS, knowledge } from '../helpers/botHarness';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface AdminServer {
  baseUrl: string;
  close(): Promise<void>;
}

export async function startAdminServer(settings: { store: AnalyticsStore; adminKey?: string; now?: () => number }): Promise<AdminServer> {
  const { content, recognizer } = await knowledge();
  const { bot } = createBot({
    content,
    recognizer,
    storage: new MemoryStorage(),
    options: DEFAULT_OPTIONS,
    hooks: [() => analyticsHooks({ store: settings.store, lowConfidence: { confidenceThreshold: DEFAULT_OPTIONS.confidenceThreshold } })],
  });
  const app = createServer({
    adapter: createAdapter({ MicrosoftAppType: 'MultiTenant' }, silentLog, { errorMessage: repositoryPrompts().turnFailed }),
    bot,
    log: silentLog,
    options: { port: 0, host: '127.0.0.1', maxBodyBytes: 256 * 1024, directLine: { enabled: true, tokenTtlSeconds: 1800 } },
    routes: [
      adminRoutes({
        adminKey: 'adminKey' in settings ? settings.adminKey : ADMIN_KEY,
        store: settings.store,
        abandonAfterMs: 30 * 60_000,
        routeLabels: routeLabelsOf(content),
        log: silentLog,
        now: settings.now,
      }),
    ],
  });
  const { url } = await app.listen();
  return { baseUrl: url, close: () => app.close() };
}

/** Sends one message to /api/messages (expectReplies) and returns the replies' texts. */
export async function say(baseUrl: string, conversationId: string, text: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text,
      channelId: 'webchat',
      serviceUrl: 'http://127.0.0.1:9/unused',
      deliveryMode: 'expectReplies',
      conversation: { id: conversationId },
      from: { id: `user-${conversationId}`, name: 'User' },
      recipient: { id: 'bot', name: 'Bot' },
    }),
  });
  if (response.status !== 200) throw new Error(`POST /api/messages: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { activities: Array<{ text?: string }> };
  return body.activities.map((a) => a.text ?? '');
}

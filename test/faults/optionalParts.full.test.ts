/**
 * Issue 27: optional parts never take the turn down. An analytics store whose writes fail, or never answer, leaves
 * the walk working on the real bot; each failure is logged and counted (bot_optional_failures_total in /metrics).
 */
import { MemoryStorage } from 'botbuilder';
import { analyticsHooks } from '../../src/analytics/analyticsHooks';
import { MemoryAnalyticsStore } from '../../src/analytics/memoryAnalyticsStore';
import { optionalWrites } from '../../src/analytics/optionalWrites';
import type { AnalyticsStore } from '../../src/analytics/types';
import { createBot } from '../../src/bots/createBot';
import { BotMetrics } from '../../src/metrics/botMetrics';
import { DEFAULT_OPTIONS, knowledge, TestConversation, visibleText } from '../helpers/botHarness';

/** An analytics store whose writes reject (`fail`) or never settle (`hang`); reads work. */
function brokenStore(mode: 'fail' | 'hang'): AnalyticsStore {
  const broken = (): Promise<void> => (mode === 'fail' ? Promise.reject(new Error('analytics store is down')) : new Promise<void>(() => undefined));
  const store = new MemoryAnalyticsStore();
  return Object.assign(store, { recordTurn: broken, recordLowConfidence: broken, recordRating: broken });
}

async function walkWith(store: AnalyticsStore): Promise<{ replies: string[]; failures: string; warnings: number }> {
  const metrics = new BotMetrics({ defaultMetrics: false });
  const log = { warn: jest.fn() };
  const guarded = optionalWrites(store, { timeoutMs: 50, log, onFailure: () => metrics.optionalFailure('analytics') });
  const { content, recognizer } = await knowledge();
  const storage = new MemoryStorage();
  const services = createBot({
    content,
    recognizer,
    storage,
    options: DEFAULT_OPTIONS,
    hooks: [() => analyticsHooks({ store: guarded, lowConfidence: { confidenceThreshold: DEFAULT_OPTIONS.confidenceThreshold } })],
  });
  const conversation = new TestConversation(services, storage, 'webchat');
  const replies = [await conversation.say('my backup says not enough storage'), await conversation.say('no'), await conversation.say('yes it worked')];
  const failures = (await metrics.render()).body.split('\n').find((l) => l.startsWith('bot_optional_failures_total{part="analytics"}')) ?? '';
  return { replies: replies.map((activities) => activities.map(visibleText).join('\n')), failures, warnings: log.warn.mock.calls.length };
}

test.each(['fail', 'hang'] as const)('analytics writes that %s: the walk completes, each failure is logged and counted', async (mode) => {
  const { replies, failures, warnings } = await walkWith(brokenStore(mode));
  expect(replies[0]).toMatch(/Solution 1/);
  expect(replies[1]).toMatch(/Solution 2/);
  expect(replies[2]).not.toMatch(/went wrong/);
  expect(warnings).toBeGreaterThanOrEqual(3);
  expect(Number(failures.split(' ')[1])).toBe(warnings);
});

test('a working analytics store is written through unchanged', async () => {
  const store = new MemoryAnalyticsStore();
  const { failures, warnings } = await walkWith(store);
  expect(warnings).toBe(0);
  expect(failures).toBe('');
  expect(await store.conversations(0, Date.now() + 60_000)).toHaveLength(1);
});

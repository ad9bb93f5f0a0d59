/**
 * /metrics of the real application (start(loadConfig(env)) on 127.0.0.1): off by default, guarded by METRICS_KEY,
 * or served without a key on a loopback listener with METRICS_HOST; it counts turns by route and outcome.
 */
import { HttpConversation } from '../helpers/chat';
import { RunningApp, startApp } from '../helpers/app';
import { BotMetrics } from '../../src/metrics/botMetrics';
import { instrumentStore } from '../../src/metrics/instrumentedStore';
import { MemoryStore } from '../../src/storage/memoryStorage';
import { ETagConflictError } from '../../src/storage/botStore';
import { loadConfig, ConfigError } from '../../src/config/config';

const KEY = 'metrics-key-for-the-tests-0123456789';

async function get(url: string, key?: string): Promise<{ status: number; body: string; contentType: string | null }> {
  const response = await fetch(url, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
  return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
}

describe('/metrics is off by default', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(() => running.stop());

  test('404 without METRICS_KEY, even with a bearer token, and no metrics listener', async () => {
    expect((await get(`${running.url}/metrics`)).status).toBe(404);
    expect((await get(`${running.url}/metrics`, KEY)).status).toBe(404);
    expect(running.app.metricsUrl).toBeUndefined();
  });
});

describe('/metrics with METRICS_KEY', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ METRICS_KEY: KEY });
  });
  afterAll(() => running.stop());

  test('401 without a key and with a wrong key; the key is not logged', async () => {
    const none = await get(`${running.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.body).not.toContain('bot_turns_total');
    const wrong = await get(`${running.url}/metrics`, `${KEY}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toContain('bot_turns_total');
    expect(running.logs.text).not.toContain(KEY);
  });

  test('200 in Prometheus text format with the turn counter after a turn', async () => {
    const person = new HttpConversation(running.url);
    const text = await person.say('backup failed but I have space');
    expect(text).toMatch(/Solution 2/);

    const scraped = await get(`${running.url}/metrics`, KEY);
    expect(scraped.status).toBe(200);
    expect(scraped.contentType).toMatch(/^text\/plain/);
    const turnLine = scraped.body.split('\n').find((l) => l.startsWith('bot_turns_total{') && l.includes('outcome="ok"'));
    expect(turnLine).toBeDefined();
    expect(turnLine).toMatch(/route="[a-z_]+"/);
    expect(Number(turnLine!.split(' ').pop())).toBeGreaterThanOrEqual(1);
    expect(scraped.body).toMatch(/^bot_turn_duration_seconds_count\{outcome="ok"\} [1-9]/m);
    expect(scraped.body).toMatch(/^bot_classifier_duration_seconds_count\{cached="false"\} [1-9]/m);
    for (const name of ['bot_store_errors_total', 'bot_store_etag_conflicts_total', 'bot_handoff_queue_length', 'bot_directline_connections', 'nodejs_eventloop_lag_p99_seconds']) {
      expect(scraped.body).toContain(`# TYPE ${name}`);
    }
    // No user text in labels.
    expect(scraped.body).not.toContain('I have space');
  });

  test('the same text again is answered from the classifier cache', async () => {
    await new HttpConversation(running.url).say('backup failed but I have space');
    await new HttpConversation(running.url).say('backup failed but I have space');
    const scraped = await get(`${running.url}/metrics`, KEY);
    expect(scraped.body).toMatch(/^bot_classifier_duration_seconds_count\{cached="true"\} [1-9]/m);
  });
});

describe('/metrics on a loopback listener (METRICS_HOST)', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ METRICS_HOST: '127.0.0.1', METRICS_PORT: '0' });
  });
  afterAll(() => running.stop());

  test('served without a key on the listener, not on the public port', async () => {
    expect(running.app.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const scraped = await get(running.app.metricsUrl!);
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('# TYPE bot_turns_total counter');
    expect((await get(`${running.url}/metrics`)).status).toBe(404);
  });

  test('METRICS_HOST must be a loopback address, METRICS_KEY at least 16 characters', () => {
    expect(() => loadConfig({ METRICS_HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_KEY: 'short' })).toThrow(ConfigError);
  });
});

describe('store instrumentation', () => {
  test('eTag conflicts and other store errors are counted and still thrown', async () => {
    const metrics = new BotMetrics({ defaultMetrics: false });
    const store = instrumentStore(new MemoryStore({ sweepIntervalMs: 0 }), metrics);
    await store.write({ a: { value: 1 } });
    const [item] = Object.values(await store.read(['a']));
    await store.write({ a: { ...item, value: 2 } });
    await expect(store.write({ a: { ...item, value: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    await expect(store.read([''])).rejects.toThrow();
    const { body } = await metrics.render();
    expect(body).toMatch(/^bot_store_etag_conflicts_total 1$/m);
    expect(body).toMatch(/^bot_store_errors_total\{operation="read"\} 1$/m);
    expect(body).not.toMatch(/bot_store_errors_total\{operation="write"\}/);
    await store.close();
  });
});

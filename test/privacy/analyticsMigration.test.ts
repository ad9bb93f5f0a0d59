/** An analytics file from before erasure support: its CSAT rows get their conversation digest, so erasure finds them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteAnalyticsStore } from '../../src/analytics/sqliteAnalyticsStore';

test('CSAT rows written before the conv_ref column are erased with their conversation', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'analytics-migration-'));
  const path = join(dir, 'a.sqlite');
  try {
    const old = new Database(path);
    old.exec('CREATE TABLE analytics_csat (id TEXT PRIMARY KEY NOT NULL, at INTEGER NOT NULL, json TEXT NOT NULL) WITHOUT ROWID');
    const rating = (id: string, conversationId: string) => JSON.stringify({ id, at: 1, channelId: 'webchat', conversationId, subject: 'bot', route: null, score: 'down', comment: 'slow' });
    old.prepare('INSERT INTO analytics_csat (id, at, json) VALUES (?, 1, ?)').run('r1', rating('r1', 'c1'));
    old.prepare('INSERT INTO analytics_csat (id, at, json) VALUES (?, 1, ?)').run('r2', rating('r2', 'c2'));
    old.close();

    const store = new SqliteAnalyticsStore({ path, flushIntervalMs: 0 });
    expect(await store.eraseConversation({ channelId: 'webchat', conversationId: 'c1' })).toEqual(expect.objectContaining({ 'analytics.csat': 1 }));
    expect((await store.ratings(0, 10)).map((r) => r.id)).toEqual(['r2']);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Start-up: from spawning `node dist/src/index.js` (SQLite store in a fresh file, saved model) to the first
 * answered POST /api/messages (a message turn with replies), polled every 2 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { APP_ENTRY, appEnvironment, freePort, spawnServer } from './serverProcess';
import { messageActivity } from './walk';

export async function startupOnce(cwd: string): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-startup-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/api/messages`;
  const body = JSON.stringify(messageActivity('startup-1', 'my backup says not enough storage'));
  const started = performance.now();
  const { child, output } = spawnServer(APP_ENTRY, appEnvironment(port, 'sqlite', path.join(dir, 'bot.sqlite')), cwd);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the application exited with code ${child.exitCode}:\n${output()}`);
      if (performance.now() - started > 60_000) throw new Error(`no answer within 60 s:\n${output()}`);
      try {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const text = await response.text();
        if (response.status === 200 && text.includes('Solution')) return performance.now() - started;
        throw new Error(`first request answered ${response.status}: ${text.slice(0, 200)}`);
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('first request answered')) throw err;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The first messages after a start-up, side by side with the echo bot: for each round, starts the echo bot, then the
 * application (SQLite in a fresh file), each once the server answers /healthz, and times the first five messages one
 * after another (a complaint, "no" in the same conversation, two new conversations, "yes it worked"). The figure to
 * compare is the first message's ratio to the echo bot's first message in the same round, with the load average.
 *   node dist/bench/firstMessage.js [--rounds=3]   (after `npx tsc -p .` and `npm run train`)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { APP_ENTRY, appEnvironment, ECHO_ENTRY, freePort, startServer } from './serverProcess';
import { messageActivity } from './walk';

const ROOT = path.resolve(__dirname, '..', '..');
/** [conversation, text]: the second and last continue the first conversation. */
const MESSAGES: ReadonlyArray<[string, string]> = [
  ['first-1', 'my backup says not enough storage'],
  ['first-1', 'no'],
  ['first-2', 'the backup stops every time my wifi drops'],
  ['first-3', 'how long does a backup take?'],
  ['first-1', 'yes it worked'],
];

/** Milliseconds of each of MESSAGES, sent one after another to a freshly started server. */
async function firstMessages(entry: string): Promise<number[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-first-'));
  const server = await startServer(entry, appEnvironment(await freePort(), 'sqlite', path.join(dir, 'bot.sqlite')), ROOT);
  const times: number[] = [];
  try {
    for (const [conversation, text] of MESSAGES) {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messageActivity(conversation, text)) });
      await response.text();
      if (response.status !== 200) throw new Error(`${text}: status ${response.status}`);
      times.push(performance.now() - started);
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

async function main(): Promise<void> {
  const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 3);
  const ms = (times: number[]): string => times.map((t) => t.toFixed(0)).join(' / ');
  for (let round = 1; round <= rounds; round++) {
    const load = loadavg()[0]!.toFixed(1);
    const echo = await firstMessages(ECHO_ENTRY);
    const app = await firstMessages(APP_ENTRY);
    process.stdout.write(`round ${round}, load ${load}: first message ${(app[0]! / echo[0]!).toFixed(2)}× the echo bot's; app ms ${ms(app)}; echo ms ${ms(echo)}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`firstMessage failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

/**
 * The real application (src/index.ts startProcess(), configured from the environment like `node dist/src/index.js`) in a
 * child process forked with --expose-gc, so the memory benchmark can ask it, over IPC, for its memory after a full
 * garbage collection: parent sends {type: 'memory'}, child answers {type: 'memory', usage: process.memoryUsage()}.
 * Announces {type: 'ready', url} once listening.
 */
import { startProcess } from '../src/index';

interface MemoryRequest {
  type: 'memory';
}

async function main(): Promise<void> {
  // The same process-wide set-up as `node dist/src/index.js`.
  const app = await startProcess();
  process.send?.({ type: 'ready', url: app.url });
  process.on('message', (message: MemoryRequest) => {
    if (message?.type !== 'memory') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    process.send?.({ type: 'memory', usage: process.memoryUsage(), collected: Boolean(gc) });
  });
  process.on('disconnect', () => void app.stop().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  process.stderr.write(`app server failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

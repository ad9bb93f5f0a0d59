/**
 * Runs the compiled app as its own process — `node dist/src/index.js`, what production runs — to test what only a
 * real process shows: refusing to start, SIGTERM handling, stdout logs. The build comes from `npm test` (tsc -p .);
 * when dist/ is missing or older than src/, it is compiled here first (type errors are the type-check's business).
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const ENTRY = join(ROOT, 'dist/src/index.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureCompiled(): void {
  if (existsSync(ENTRY) && statSync(ENTRY).mtimeMs >= newestSource(join(ROOT, 'src'))) return;
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', ROOT], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
  if (!existsSync(ENTRY)) throw new Error(`Could not compile the app (tsc -p .):\n${result.stdout}\n${result.stderr}`);
}

/**
 * The environment of a spawned app: nothing inherited except PATH (so a developer's own MicrosoftAppId or .env does
 * not leak in: the app runs in `cwd`, where there is no .env), content and model from this checkout.
 */
export function appEnv(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    CONTENT_DIR: join(ROOT, 'dialogs'),
    INTENTS_DIR: join(ROOT, 'intents'),
    MODEL_PATH: join(ROOT, 'models/nlu-model.json'),
    LOG_LEVEL: 'info',
    ...env,
  };
}

export class AppProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: Array<() => void> = [];

  private constructor(
    readonly child: ChildProcess,
    /** Started in its own process group (spawnCommand): kill() stops the whole group, e.g. npm and the node it ran. */
    private readonly group = false,
  ) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      this.notify();
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.notify();
    });
    this.exited = new Promise((resolveExit) =>
      child.once('exit', (code, signal) => {
        this.notify();
        resolveExit({ code, signal });
      }),
    );
  }

  static spawn(env: Record<string, string>, cwd: string): AppProcess {
    const child = spawn(process.execPath, [ENTRY], { cwd, env: appEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const app = new AppProcess(child);
    // Never leave a server behind if the test process dies first.
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    process.once('exit', kill);
    void app.exited.then(() => process.off('exit', kill));
    return app;
  }

  /**
   * Runs a command with exactly `env` (nothing inherited), e.g. `npm start --silent` in a release folder. It gets its
   * own process group, so kill() also stops the processes it started.
   */
  static spawnCommand(command: string, args: string[], cwd: string, env: Record<string, string>): AppProcess {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const app = new AppProcess(child, true);
    const kill = (): void => app.killGroup();
    process.once('exit', kill);
    void app.exited.then(() => process.off('exit', kill));
    return app;
  }

  /** The JSON log lines written so far (every stdout line must be JSON). */
  get logLines(): Array<Record<string, unknown>> {
    return this.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Waits until a log line matches (fails if the process exits first or after `timeoutMs`). */
  async waitForLog(predicate: (line: Record<string, unknown>) => boolean, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logLines.find(predicate);
      if (found) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`the app exited (${this.child.exitCode ?? this.child.signalCode}) first:\n${this.stdout}\n${this.stderr}`);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for a log line:\n${this.stdout}\n${this.stderr}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  /** Resolves with the base URL once the app logs that it is listening. */
  async listening(): Promise<string> {
    const line = await this.waitForLog((l) => typeof l.msg === 'string' && l.msg.includes('is listening on') && typeof l.url === 'string');
    return line.url as string;
  }

  async kill(): Promise<void> {
    if (this.group) this.killGroup();
    else if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  private killGroup(): void {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

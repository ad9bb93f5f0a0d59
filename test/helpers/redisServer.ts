/**
 * Starts a private, throw-away redis-server for a test file (127.0.0.1, free port, no persistence) and stops it after.
 * CI only needs the Debian package `redis-server` installed, not a running service.
 * If redis-server is missing, startRedisServer() throws a clear error so the Redis tests FAIL (they never skip).
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

export interface RedisServerHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The binary to run; REDIS_SERVER_BIN overrides it (e.g. to prove the suite fails when it is missing). */
const binary = (): string => process.env.REDIS_SERVER_BIN ?? 'redis-server';

export function assertRedisServerInstalled(): void {
  const bin = binary();
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `redis-server is not installed (running "${bin} --version" failed: ${probe.error?.message ?? probe.stderr}). ` +
        'The Redis storage tests need it: apt-get update && apt-get install -y redis-server (CI installs it; these tests do not skip).',
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function waitForReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`redis-server on port ${port} did not become ready in 15 s:\n${output}`)), 15000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null): void => fail(new Error(`redis-server on port ${port} exited (code ${code}) before it was ready:\n${output}`));
    function cleanup(): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    }
    function fail(err: Error): void {
      cleanup();
      reject(err);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function startOnce(dir: string, port?: number, appendOnly = false): Promise<RedisServerHandle> {
  port ??= await freePort();
  const child = spawn(
    binary(),
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', appendOnly ? 'yes' : 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'notice'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Never leave a server behind, even if the test process dies without running afterAll.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  try {
    await waitForReady(child, port);
  } catch (err) {
    process.off('exit', killOnExit);
    child.kill('SIGKILL');
    throw err;
  }
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Starts redis-server on a free port. Retries twice if the port was taken between picking and binding it. */
export async function startRedisServer(): Promise<RedisServerHandle> {
  assertRedisServerInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'redis-test-'));
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await startOnce(dir);
      return {
        ...handle,
        stop: async () => {
          await handle.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      lastError = err;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

export interface RestartableRedisHandle extends RedisServerHandle {
  /** Stops redis-server (SIGTERM: the append-only file is flushed), keeping its data directory. */
  pause(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  resume(): Promise<void>;
}

/** A redis-server with the append-only file on, that a fault test can stop and start again (its data survives). */
export async function startRestartableRedisServer(): Promise<RestartableRedisHandle> {
  assertRedisServerInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'redis-fault-'));
  let current: RedisServerHandle | undefined = await startOnce(dir, undefined, true);
  const port = current.port;
  return {
    url: current.url,
    port,
    pause: async () => {
      await current?.stop();
      current = undefined;
    },
    resume: async () => {
      current ??= await startOnce(dir, port, true);
    },
    stop: async () => {
      await current?.stop();
      current = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

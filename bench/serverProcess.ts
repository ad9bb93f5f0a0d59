/**
 * Starts a server under test in its own process (so the load generator and the server each get a core):
 * the real application (dist/src/index.js) with a given storage, or the echo baseline (dist/bench/echoServer.js).
 * The bench picks a free port and waits until GET /healthz answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** dist/ of the compiled project (this file is dist/bench/serverProcess.js). */
export const DIST = path.resolve(__dirname, '..');
export const APP_ENTRY = path.join(DIST, 'src', 'index.js');
export const ECHO_ENTRY = path.join(DIST, 'bench', 'echoServer.js');

export interface ServerUnderTest {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Resident set size of the server process (bytes), from /proc. */
  rssBytes(): number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The environment of the real application for a bench run: no credentials, local only, quiet logs, and no per-client
 * rate limit (all load comes from one address; the per-conversation limit stays on).
 */
export function appEnvironment(port: number, storage: 'memory' | 'sqlite', sqlitePath: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    STORAGE: storage,
    SQLITE_PATH: sqlitePath,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_CLIENT: '0',
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    REDIS_URL: '',
    DIRECT_LINE_SECRET: '',
    ADMIN_KEY: '',
    // The bench reads the event-loop delay from /metrics.
    METRICS_KEY: BENCH_METRICS_KEY,
  };
}

export const BENCH_METRICS_KEY = 'bench-metrics-key-0123456789';

/**
 * The event-loop delay p99 (ms) since the previous scrape, from the application's /metrics (prom-client resets its
 * monitorEventLoopDelay histogram at every scrape): scrape once before a run and once after it.
 */
export async function eventLoopDelayP99Ms(url: string): Promise<number> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_KEY}` } });
  const text = await response.text();
  const match = /^nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(text);
  return match ? Number(match[1]) * 1000 : NaN;
}

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** Resolves once `url` answers GET /healthz 200; rejects when the process exits first or after `timeoutMs`. */
export async function waitForHealthy(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000, intervalMs = 2): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`server at ${url} was not ready in ${timeoutMs} ms:\n${output()}`);
}

export function spawnServer(entry: string, env: NodeJS.ProcessEnv, cwd: string, nodeArgs: string[] = []): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [...nodeArgs, entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-16_384);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

export async function startServer(entry: string, env: NodeJS.ProcessEnv, cwd: string, nodeArgs: string[] = []): Promise<ServerUnderTest> {
  const port = Number(env.PORT);
  const url = `http://127.0.0.1:${port}`;
  const { child, output } = spawnServer(entry, env, cwd, nodeArgs);
  try {
    await waitForHealthy(url, child, output);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url,
    pid: child.pid!,
    child,
    rssBytes: () => rssOf(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

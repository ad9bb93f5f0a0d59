/**
 * Starts the real application in this process — `start(loadConfig(env))`, exactly what `npm start` runs — on
 * 127.0.0.1, port 0, with an explicit environment (no .env, no process.env), and captures its JSON logs.
 */
import type { DestinationStream } from 'pino';
import { loadConfig } from '../../src/config/config';
import { start } from '../../src/index';

export type App = Awaited<ReturnType<typeof start>>;

/** What every test app gets unless the test overrides it. */
export const TEST_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
  STORAGE: 'memory',
  LOG_LEVEL: 'warn',
};

/** A pino destination that keeps every line (the logs of one app). */
export class CapturedLogs implements DestinationStream {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  get text(): string {
    return this.lines.join('');
  }

  /** Every line parsed; a line that is not JSON fails the test that reads it. */
  entries(): Array<Record<string, unknown>> {
    return this.lines.flatMap((chunk) => chunk.split('\n').filter((l) => l.trim() !== '')).map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export interface RunningApp {
  app: App;
  url: string;
  logs: CapturedLogs;
  /** Stops the app (idempotent). */
  stop(): Promise<void>;
}

export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const logs = new CapturedLogs();
  const app = await start(loadConfig({ ...TEST_ENV, ...env }), { logDestination: logs });
  return { app, url: app.url, logs, stop: () => app.stop() };
}

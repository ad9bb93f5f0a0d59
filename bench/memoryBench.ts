/**
 * Memory: the real application (the store it is given; the bench uses SQLite, the default) after 10,000
 * conversations have each taken three turns (complaint, "no", "yes it worked") through POST /api/messages, driven by
 * 10 concurrent keep-alive clients; every turn must answer 200 with replies. The application runs in a child forked
 * with --expose-gc (appServer.ts): RSS as it stands, and heap/RSS after a full garbage collection.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { rssOf } from './serverProcess';
import { messageActivity, walkText } from './walk';

export interface MemoryReading {
  rssBytes: number;
  heapUsedBytes: number;
}

export interface MemoryFigures {
  conversations: number;
  turns: number;
  /** After start-up and 20 warm-up conversations, after a full GC. */
  before: MemoryReading;
  /** Right after the last turn, as the process stands (no forced GC). */
  afterRssBytes: number;
  /** After the last turn and a full GC. */
  afterGc: MemoryReading;
  seconds: number;
}

const REPLIES = ['no', 'yes it worked'];

function post(agent: http.Agent, url: URL, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: '/api/messages', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function driveConversations(baseUrl: string, conversations: number, concurrency = 10, tag = 'mem'): Promise<number> {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let turns = 0;
  const worker = async (): Promise<void> => {
    for (let walk = next++; walk < conversations; walk = next++) {
      const id = `${tag}-${walk}`;
      for (let turn = 0; turn < 3; turn++) {
        const response = await post(agent, url, JSON.stringify(messageActivity(id, walkText(walk, turn, REPLIES))));
        if (response.status !== 200 || !response.body.includes('"activities"')) {
          throw new Error(`turn ${turn} of ${id}: HTTP ${response.status} ${response.body.slice(0, 200)}`);
        }
        turns++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return turns;
}

interface AppChild {
  url: string;
  child: ChildProcess;
  memory(gc: boolean): Promise<MemoryReading>;
  stop(): Promise<void>;
}

/** Forks dist/bench/appServer.js with --expose-gc and waits until it listens. */
export function forkApp(env: NodeJS.ProcessEnv, cwd: string): Promise<AppChild> {
  const child = fork(path.join(__dirname, 'appServer.js'), [], { cwd, env, execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-8192)));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`app server exited with code ${code}:\n${stderr}`)));
    child.once('message', (message: { type: string; url: string }) => {
      if (message.type !== 'ready') return reject(new Error(`unexpected message ${JSON.stringify(message)}`));
      resolve({
        url: message.url,
        child,
        memory: (gc) =>
          gc
            ? new Promise((done) => {
                child.once('message', (m: { usage: NodeJS.MemoryUsage }) => done({ rssBytes: m.usage.rss, heapUsedBytes: m.usage.heapUsed }));
                child.send({ type: 'memory' });
              })
            : Promise.resolve({ rssBytes: rssOf(child.pid!), heapUsedBytes: NaN }),
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            if (child.exitCode !== null) return done();
            const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
            child.disconnect();
          }),
      });
    });
  });
}

export async function benchMemory(app: AppChild, conversations: number): Promise<MemoryFigures> {
  await driveConversations(app.url, 20, 4, 'mem-warmup'); // load code paths before the baseline reading
  const before = await app.memory(true);
  const started = Date.now();
  const turns = await driveConversations(app.url, conversations, 10);
  const seconds = (Date.now() - started) / 1000;
  const afterRssBytes = (await app.memory(false)).rssBytes;
  const afterGc = await app.memory(true);
  return { conversations, turns, before, afterRssBytes, afterGc, seconds };
}

/**
 * The release as every deployment runs it: what `npm run release` wrote, moved to an empty folder (no node_modules of
 * the repository above it), started with `npm start` (= node dist/src/index.js: no compiler, no training):
 * - a walk over HTTP (/api/messages, expectReplies), the web page and every script and style it loads, /readyz 200;
 *   nothing trained at start and no deprecation warning (node --trace-deprecation, on 22, 24 and 26 with smoke.sh);
 * - with Redis: /readyz 200 naming redis; after Redis stops, /readyz is 503 naming redis and the process lives on.
 *
 * RELEASE_DIR=<folder> runs it against a release built elsewhere (scripts/smoke.sh does, for Node.js 22 and 26);
 * otherwise the test builds one (scripts/release.js --out), which takes a minute or two.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { AppProcess, ROOT } from '../helpers/compiledApp';
import { HttpConversation, solutionsIn } from '../helpers/chat';
import { startRedisServer, type RedisServerHandle } from '../helpers/redisServer';

const work = mkdtempSync(join(tmpdir(), 'release-e2e-'));
let appDir = '';
const running: AppProcess[] = [];
let redis: RedisServerHandle | undefined;

beforeAll(() => {
  if (process.env.RELEASE_DIR) {
    appDir = resolve(process.env.RELEASE_DIR);
    return;
  }
  const built = join(work, 'built');
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/release.js'), '--out', built], { cwd: ROOT, encoding: 'utf8', timeout: 540_000 });
  if (result.status !== 0) throw new Error(`npm run release failed:\n${result.stdout}\n${result.stderr}`);
  // Moved, not rebuilt: nothing in the release may point back to where it was written.
  appDir = join(work, 'app');
  renameSync(built, appDir);
}, 600_000);

afterAll(async () => {
  await Promise.all(running.map((app) => app.kill()));
  await redis?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** `npm start` in the release folder with only PATH (this Node first), HOME and the given settings. */
function startRelease(env: Record<string, string> = {}): AppProcess {
  const app = AppProcess.spawnCommand('npm', ['start', '--silent'], appDir, {
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: work,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    // A deprecated API used anywhere (our code or a dependency) prints a warning with its stack: the tests fail on it.
    NODE_OPTIONS: '--trace-deprecation --trace-warnings',
    ...env,
  });
  running.push(app);
  return app;
}

async function get(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
}

test('the release folder is self-contained: its own package.json, model and production dependencies only', () => {
  for (let dir = dirname(appDir); dir !== dirname(dir); dir = dirname(dir)) expect(existsSync(join(dir, 'node_modules'))).toBe(false);
  const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies?: object };
  expect(pkg.scripts.start).toBe('node dist/src/index.js');
  expect(pkg.devDependencies).toBeUndefined();
  for (const needed of ['dist/src/index.js', 'models/nlu-model.json', 'dialogs/causes.yaml', 'intents/ruled_out.yaml', 'public/index.html', 'teams/manifest.template.json', 'package-lock.json']) {
    expect(existsSync(join(appDir, needed))).toBe(true);
  }
  // The page's Web Chat bundle ships as one file; botframework-webchat and its dependencies stay behind.
  for (const devOnly of ['typescript', 'jest', 'ts-jest', 'eslint', 'playwright-core', 'botframework-webchat', 'react']) expect(existsSync(join(appDir, 'node_modules', devOnly))).toBe(false);
  expect(existsSync(join(appDir, 'public/webchat.js'))).toBe(true);
  // The pages' own scripts and styles, bundled from src/web/ (scripts/buildWeb.js); the sources stay behind.
  for (const bundle of ['public/app.js', 'public/embed.js', 'public/admin/admin.js', 'public/admin/admin.css', 'public/agent/agent.js', 'public/agent/agent.css']) {
    expect([bundle, existsSync(join(appDir, bundle))]).toEqual([bundle, true]);
  }
  expect(existsSync(join(appDir, 'src'))).toBe(false);
});

test('npm start serves a walk over HTTP, the web page with its scripts, and /readyz 200 — with the shipped model', async () => {
  const app = startRelease();
  const url = await app.listening();
  const started = app.logLines.find((l) => typeof l.msg === 'string' && l.msg.includes('is listening on'))!;
  expect(started.nluModel).toBe('loaded');
  expect(app.stdout).not.toContain('training now');

  const person = new HttpConversation(url);
  await person.join();
  expect(solutionsIn(await person.say('backup failed but I have space'))).toEqual([2]);
  expect(solutionsIn(await person.say('no'))).toEqual([3]);

  const page = await get(`${url}/`);
  expect(page.status).toBe(200);
  const assets = [...page.text.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]!);
  expect(assets).toEqual(expect.arrayContaining(['/webchat.js', '/app.js', '/styles.css']));
  for (const asset of assets) expect([asset, (await get(`${url}${asset}`)).status]).toEqual([asset, 200]);
  // The page's own texts in another language (dialogs/i18n/ shipped with the release).
  const spanish = await get(`${url}/api/page-texts/es`);
  expect(spanish.status).toBe(200);
  expect((JSON.parse(spanish.text) as { texts: { title: string } }).texts.title).toBe('Ayuda con copias de seguridad de iCloud');

  const ready = await get(`${url}/readyz`);
  expect(ready.status).toBe(200);
  expect(JSON.parse(ready.text)).toMatchObject({ status: 'ready', checks: [{ name: 'model', status: 'ok' }, { name: 'sqlite', status: 'ok' }] });
  expect(app.stderr).not.toMatch(/Warning/);
  await app.kill();
});

test('with Redis: /readyz names redis; when Redis stops it is 503 naming redis, and the process keeps serving /healthz', async () => {
  redis = await startRedisServer();
  const app = startRelease({ REDIS_URL: redis.url });
  const url = await app.listening();
  const person = new HttpConversation(url);
  expect(solutionsIn(await person.say('backup failed but I have space'))).toEqual([2]);
  const ready = await get(`${url}/readyz`);
  expect(ready.status).toBe(200);
  expect(JSON.parse(ready.text)).toMatchObject({
    status: 'ready',
    checks: ['model', 'redis', 'redis-pubsub', 'redis-directline'].map((name) => ({ name, status: 'ok' })),
  });

  await redis.stop();
  redis = undefined;
  const notReady = await get(`${url}/readyz`);
  expect(notReady.status).toBe(503);
  expect(JSON.parse(notReady.text)).toMatchObject({ status: 'not ready', failing: expect.arrayContaining(['redis']) });
  // The store's connection at once; the pub/sub and Direct Line connections to the same Redis (issue 27) as soon as
  // their clients see the connection close (a moment later: asked again until then, for at most 10 s).
  let failing: string[] = [];
  for (const started = Date.now(); Date.now() - started < 10_000; await new Promise((resolve) => setTimeout(resolve, 200))) {
    const answer = await get(`${url}/readyz`);
    expect(answer.status).toBe(503);
    failing = (JSON.parse(answer.text) as { failing: string[] }).failing;
    if (failing.length === 3) break;
  }
  expect(failing).toEqual(['redis', 'redis-pubsub', 'redis-directline']);
  expect((await get(`${url}/healthz`)).status).toBe(200);
  await app.waitForLog((l) => l.msg === 'Not ready: redis does not answer');
  expect(app.child.exitCode).toBeNull();
  expect(app.stderr).not.toMatch(/Warning/);
  await app.kill();
});

// Fault measurement (issue 27), not a test: npx tsc -p . && node bench/faults/measure.js "$PWD" redis|redis-hang|sqlite-full|sqlite-readonly|sqlite-locked
// As root (sqlite-full mounts a 1 MB tmpfs and fills it). Uses /tmp/faults-measure for redis data and mounts.
const path = require('path');
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const wt = process.argv[2];
const mode = process.argv[3];
process.chdir(wt);
const { start } = require(path.join(wt, 'dist/src/index.js'));
const { loadConfig } = require(path.join(wt, 'dist/src/config/config.js'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () => new Promise((res) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
function startRedis(port, dir) {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((res) => { let out = ''; child.stdout.on('data', (d) => { out += d; if (out.includes('Ready to accept')) res(child); }); });
}
const stopRedis = (child) => new Promise((res) => { child.once('exit', res); child.kill('SIGTERM'); });
let n = 0;
async function post(url, body, timeoutMs = 60000) {
  const t0 = Date.now();
  try {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    const text = await r.text();
    return { ms: Date.now() - t0, status: r.status, text };
  } catch (e) { return { ms: Date.now() - t0, status: 'client gave up: ' + e.name, text: '' }; }
}
function say(base, conv, text, timeoutMs) {
  return post(`${base}/api/messages`, { type: 'message', id: String(++n), text, channelId: 'emulator', serviceUrl: 'http://127.0.0.1:9/', deliveryMode: 'expectReplies', from: { id: 'u1' }, recipient: { id: 'bot' }, conversation: { id: conv } }, timeoutMs);
}
const sol = (r) => { const m = [...r.text.matchAll(/Solution (\d)/g)].map((x) => x[1]); const flags = [/went wrong on our side/.test(r.text) ? '+turnFailed' : '', /reach my memory/.test(r.text) ? '+storeUnavailable' : ''].join(''); return (m.length ? 'S' + [...new Set(m)].join(',') : r.text ? '(no solution)' : '') + flags; };
const show = (label, r) => console.log(`${label}: ${r.ms} ms, HTTP ${r.status}, ${sol(r)}`);
async function timed(url, opts, timeoutMs = 60000) { const t0 = Date.now(); try { const r = await fetch(url, { ...opts, signal: AbortSignal.timeout(timeoutMs) }); const b = await r.text(); return `${Date.now() - t0} ms HTTP ${r.status} ${b.slice(0, 80)}`; } catch (e) { return `${Date.now() - t0} ms ${e.name}`; } }
async function probes(app) {
  if (!app.probes) return 'no probes';
  const out = [];
  for (const p of app.probes) { const t0 = Date.now(); try { await p.check(); out.push(`${p.name} ok`); } catch (e) { out.push(`${p.name} FAIL (${e.message.slice(0, 60)})`); } out[out.length - 1] += ` ${Date.now() - t0} ms`; }
  return out.join('; ');
}
(async () => {
  fs.mkdirSync('/tmp/faults-measure', { recursive: true });
  const dir = fs.mkdtempSync('/tmp/faults-measure/run-');
  let env = { NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'fatal' };
  let redis, port;
  if (mode.startsWith('redis')) { port = await freePort(); redis = await startRedis(port, dir); env = { ...env, STORAGE: 'redis', REDIS_URL: `redis://127.0.0.1:${port}` }; }
  else if (mode === 'sqlite-full') {
    // A real small filesystem: 1 MB tmpfs (root only), filled up (ENOSPC) or remounted read-only.
    const mnt = fs.mkdtempSync('/tmp/faults-measure/mnt-');
    require('child_process').execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
    env = { ...env, STORAGE: 'sqlite', SQLITE_PATH: path.join(mnt, 'bot.sqlite') };
    process.on('exit', () => { try { require('child_process').execFileSync('umount', ['-l', mnt]); } catch {} });
  }
  else env = { ...env, STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'bot.sqlite') };
  const app = await start(loadConfig(env));
  const base = app.url;
  const conv = 'measure-' + Date.now();
  show('turn 1', await say(base, conv, 'my iCloud backup failed'));
  show('turn 2 "no"', await say(base, conv, 'no'));
  let locker;
  if (mode === 'redis') await stopRedis(redis);
  if (mode === 'redis-hang') redis.kill('SIGSTOP'); // Redis stops answering; its sockets stay open (no RST)
  const mnt = path.dirname(env.SQLITE_PATH || '/');
  if (mode === 'sqlite-full') { try { require('child_process').execFileSync('dd', ['if=/dev/zero', `of=${mnt}/filler`, 'bs=4k'], { stdio: 'ignore' }); } catch {} }
  // Read-only: a mount cannot be made read-only under open files, and as root chmod does not stop writes: the store's
  // own connection is switched to query_only, which fails writes with SQLITE_READONLY as a read-only file does.
  const storeDb = () => { const st = app.storage.inner ?? app.storage; return st.db; };
  if (mode === 'sqlite-readonly') storeDb().pragma('query_only = 1');
  if (mode === 'sqlite-locked') { const Database = require(path.join(wt, 'node_modules/better-sqlite3')); locker = new Database(env.SQLITE_PATH); locker.exec('BEGIN EXCLUSIVE'); }
  console.log(`--- fault injected: ${mode}`);
  show('turn 3 "no" (fault)', await say(base, conv, 'no'));
  console.log('token request /api/directline/token:', await timed(`${base}/api/directline/token`, { method: 'POST' }));
  console.log('/healthz:', await timed(`${base}/healthz`, {}));
  console.log('/readyz:', await timed(`${base}/readyz`, {}));
  show('turn 3b "no" (fault, second turn)', await say(base, conv, 'no'));
  show('turn 4 "no" (fault, client gives up after 3 s)', await say(base, conv, 'no', 3000));
  await sleep(6000);
  console.log('/readyz 6 s later, fault still there:', await timed(`${base}/readyz`, {}));
  show('turn 4b "no" (fault still there)', await say(base, conv, 'no'));
  await sleep(1000);
  if (mode === 'redis') redis = await startRedis(port, dir);
  if (mode === 'redis-hang') redis.kill('SIGCONT');
  if (mode === 'sqlite-full') fs.rmSync(`${mnt}/filler`);
  if (mode === 'sqlite-readonly') storeDb().pragma('query_only = 0');
  if (locker) { locker.exec('ROLLBACK'); locker.close(); }
  { const t0 = Date.now(); let st = 0; while (Date.now() - t0 < 60000) { try { st = (await fetch(`${base}/readyz`)).status; } catch {} if (st === 200) break; await sleep(100); } console.log(`/readyz 200 again ${Date.now() - t0} ms after the fault was removed (last status ${st})`); }
  console.log('--- fault removed');
  await sleep(mode.startsWith('redis') ? 30000 : 6000); // let anything queued drain
  console.log('/readyz (probes):', await probes(app));
  show('turn 5 "no, still failing" (after recovery; expect S3)', await say(base, conv, 'no, still failing'));
  if (mode.startsWith('sqlite')) { const Database = require(path.join(wt, 'node_modules/better-sqlite3')); const d = new Database(env.SQLITE_PATH); console.log('integrity_check:', d.pragma('integrity_check', { simple: true })); d.close(); }
  await app.stop();
  if (redis) await stopRedis(redis);
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });

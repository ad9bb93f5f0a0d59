/**
 * Where the time of a turn goes: runs the application under `node --cpu-prof` (memory or SQLite storage), drives
 * 10 connections of walks for a few seconds, stops it, and summarises the profile — self time by area
 * (our modules by folder, node_modules by package, node internals, GC) and the hottest functions.
 *   node scripts/run.js bench/profile.ts [--storage=memory|sqlite] [--echo] [--duration=8] [--connections=10] [--top=30]
 *     [--text="backup failed but I have space"]
 * (--echo profiles the echo baseline instead; --text makes every request the first turn of a new conversation with
 * that text instead of walks.) Only samples taken during the measured load count. The raw profile is
 * kept in bench/profiles/ (open it in Chrome DevTools → Performance).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRun } from './loadRun';
import { APP_ENTRY, appEnvironment, ECHO_ENTRY, freePort, startServer } from './serverProcess';

const ROOT = path.resolve(__dirname, '..', '..');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

/** The area a frame belongs to: src/<folder>, a node_modules package, node internals, or a V8 pseudo-frame. */
export function areaOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)' || functionName === '(program)') return functionName;
    return `native ${functionName || '(anonymous)'}`;
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) {
    const parts = url.slice(dist + '/dist/'.length).split('/');
    return parts.slice(0, Math.min(2, parts.length - 1)).join('/') || parts[0]!;
  }
  return url;
}

/**
 * Summarises the samples taken inside `window` (µs on the monotonic clock that V8 profiles and process.hrtime share
 * on Linux), so start-up and shutdown do not count.
 */
export function summarise(profile: CpuProfile, top: number, window?: { fromUs: number; toUs: number }, turns?: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs.entries()].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
  const busy = total - idle;

  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    const area = areaOf(frame);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const where = frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${where} [${area}]`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const pct = (us: number): string =>
    `${((us / busy) * 100).toFixed(1).padStart(5)}%${turns ? `  ${(us / turns).toFixed(0).padStart(5)} µs/turn` : ''}`;
  const lines = [
    `busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled (idle ${((idle / total) * 100).toFixed(0)}%)` +
      (turns ? `; ${turns} turns → ${(busy / turns).toFixed(0)} µs of CPU per turn` : ''),
    '',
    'self time by area (share of busy time, µs per turn):',
  ];
  for (const [area, us] of [...areas.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${area}`);
  lines.push('', 'hottest functions (self time):');
  for (const [fn, us] of [...functions.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${fn}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const storage = option('storage', 'memory') === 'sqlite' ? 'sqlite' : 'memory';
  const durationS = Number(option('duration', '8'));
  const connections = Number(option('connections', '10'));
  const top = Number(option('top', '30'));
  const outDir = path.join(ROOT, 'bench', 'profiles');
  mkdirSync(outDir, { recursive: true });
  const tmp = mkdtempSync(path.join(tmpdir(), 'bench-profile-'));
  const before = new Set(readdirSync(outDir));
  const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);
  let window: { fromUs: number; toUs: number } | undefined;
  let turns = 0;
  try {
    const port = await freePort();
    const entry = process.argv.includes('--echo') ? ECHO_ENTRY : APP_ENTRY;
    // --env=NAME=value (repeatable) overrides the application's environment, e.g. --env=METRICS_KEY= to profile without metrics.
    const overrides = Object.fromEntries(
      process.argv.filter((a) => a.startsWith('--env=')).map((a) => {
        const [name, ...value] = a.slice('--env='.length).split('=');
        return [name!, value.join('=')];
      }),
    );
    const env = { ...appEnvironment(port, storage, path.join(tmp, 'bot.sqlite')), ...overrides };
    const server = await startServer(entry, env, ROOT, ['--cpu-prof', `--cpu-prof-dir=${outDir}`]);
    try {
      await loadRun(server.url, { connections: 10, durationS: 2, tag: 'profile-warmup' });
      const fromUs = nowUs();
      const text = option('text', '');
      const f = await loadRun(server.url, { connections, durationS, tag: 'profile', ...(text ? { turn: { text } } : {}) });
      window = { fromUs, toUs: nowUs() };
      turns = f.requests;
      process.stdout.write(`${entry === ECHO_ENTRY ? 'echo bot' : `${storage} storage`}, ${connections} connections, ${durationS} s: ${f.turnsPerSecond.toFixed(0)} turns/s, p50 ${f.p50Ms.toFixed(2)} ms, p99 ${f.p99Ms.toFixed(2)} ms, max ${f.maxMs.toFixed(0)} ms\n`);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const written = readdirSync(outDir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (written.length === 0) throw new Error(`no profile was written to ${outDir}`);
  const file = path.join(outDir, written[0]!);
  process.stdout.write(`profile: ${path.relative(ROOT, file)}\n\n${summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top, window, turns)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`profile failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}

/** The benchmark's results as Markdown (bench/results.md): the machine, then one table per figure. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { ClassifierFigures } from './classifierBench';
import type { LoadFigures } from './loadRun';
import type { MemoryFigures } from './memoryBench';
import { median } from './stats';

export type LoadTarget = 'echo' | 'memory' | 'sqlite';
export type TurnKind = 'first' | 'mid';

export interface FixedRateFigures {
  /** Offered turns/s: half the target's own first-turn capacity at the highest connection count. */
  rate: number;
  figures: LoadFigures;
  eventLoopDelayP99Ms: number;
}

export interface LoadResults {
  connections: number[];
  /** Best round per target, kind and connection level (index into `connections`). */
  runs: Partial<Record<LoadTarget, Record<TurnKind, LoadFigures[]>>>;
  /** Every round's ratio bot turns/s ÷ echo turns/s of the same round, per bot, kind and level. */
  ratios: Partial<Record<'memory' | 'sqlite', Record<TurnKind, number[][]>>>;
  /** Event-loop delay p99 of the application during the runs at the highest connection count (best round). */
  eventLoopDelayP99Ms: Partial<Record<LoadTarget, number>>;
  fixedRate: Partial<Record<'memory' | 'sqlite', FixedRateFigures>>;
}

export interface MachineInfo {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  commit?: string;
  /** 1-minute load average when the bench started and ended (other work on the machine disturbs the figures). */
  loadAverageBefore: string;
  loadAverageAfter?: string;
}

export interface BenchResults {
  machine: MachineInfo;
  settings: { durationS: number; rounds: number; connections: number[]; memoryConversations: number; quick: boolean };
  classifier?: ClassifierFigures;
  startup?: { runsMs: number[]; medianMs: number };
  load?: LoadResults;
  memory?: MemoryFigures;
  totalSeconds?: number;
  /** Markdown appended as is (bench/profiles.md: the CPU profiles before and after). */
  appendix?: string;
}

/** Targets (issue 13): bot ÷ echo turns/s on SQLite at 10 and 50 connections; p99 at half capacity; RSS. */
export const TARGET_RATIO = 0.6;
export const TARGET_FIXED_RATE_P99_MS = 100;
export const TARGET_MAX_MS = 1000;
export const TARGET_RSS_MB = 300;

export function loadAverage(): string {
  return os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' / ');
}

export function machineInfo(): MachineInfo {
  let commit: string | undefined;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    commit = undefined;
  }
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    commit,
    loadAverageBefore: loadAverage(),
  };
}

const fixed = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

function table(header: string[], rows: string[][], align: Array<'l' | 'r'>): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'r' ? '---:' : ':---'))), ...rows.map(line)].join('\n');
}

const TARGET_LABELS: Record<LoadTarget, string> = {
  echo: 'echo bot (baseline)',
  memory: 'full turn, memory storage',
  sqlite: 'full turn, SQLite storage',
};

export function renderResults(r: BenchResults): string {
  const m = r.machine;
  const out: string[] = [];
  out.push('# Benchmark results');
  out.push('');
  out.push('Produced by `npm run bench` (bench/bench.ts). Not part of the test suite: figures depend on the machine.');
  out.push('');
  out.push(
    table(
      ['machine', ''],
      [
        ['date', m.date],
        ['CPU cores', String(m.cores)],
        ['CPU', m.cpu],
        ['memory', `${m.memoryGb} GB`],
        ['OS', m.os],
        ['Node.js', m.node],
        ['commit', m.commit ?? '–'],
        ['load average (1/5/15 min) at start → end', `${m.loadAverageBefore} → ${m.loadAverageAfter ?? '–'}`],
        [
          'load runs',
          `${r.settings.durationS} s each, ${r.settings.rounds} round(s) per server and connection count, best kept (warm-up per server)` +
            (r.settings.quick ? ' — QUICK MODE, not representative' : ''),
        ],
      ],
      ['l', 'l'],
    ),
  );

  if (r.classifier) {
    const c = r.classifier;
    out.push('', '## Classifier', '');
    out.push(
      table(
        ['figure', 'value'],
        [
          ['training time (incl. 5-fold calibration)', `${fixed(c.trainingMs)} ms (${c.trainingExamples} utterances)`],
          ['model load time (loadRecognizer, saved model)', `${fixed(c.loadMs)} ms`],
          ['latency per utterance, mean', `${fixed(c.meanUs)} µs`],
          ['latency per utterance, p50', `${fixed(c.p50Us)} µs`],
          ['latency per utterance, p99', `${fixed(c.p99Us)} µs`],
          ['latency per utterance, max', `${fixed(c.maxUs)} µs`],
          ['classifications', `${c.classifications} (held-out file: ${c.heldOutUtterances} utterances, repeated)`],
        ],
        ['l', 'r'],
      ),
    );
  }

  if (r.startup) {
    out.push('', '## Start-up', '');
    out.push(
      table(
        ['figure', 'value'],
        [
          ['process spawn → first answered POST /api/messages (median)', `${fixed(r.startup.medianMs)} ms`],
          ['runs', r.startup.runsMs.map((v) => `${fixed(v)} ms`).join(', ')],
        ],
        ['l', 'r'],
      ),
    );
    out.push('', 'SQLite storage in a fresh file, saved NLU model, `node dist/src/index.js`.');
  }

  if (r.load) {
    const L = r.load;
    out.push('', '## End-to-end: POST /api/messages with expectReplies', '');
    out.push(
      'autocannon on 127.0.0.1, each server in its own process (`node dist/src/index.js` with STORAGE=memory or sqlite, ' +
        'LOG_LEVEL=warn, RATE_LIMIT_PER_CLIENT=0; the echo bot: bench/echoServer.ts, a bare botbuilder echo bot as ' +
        "Microsoft's EchoBot sample builds it: restify + bodyParser, a stock CloudAdapter, no state). " +
        '**first turn**: every request opens a new conversation with "backup failed but I have ' +
        'space" (ruled-out detection, routing, Solution 2). **mid-walk**: "no" at Solution 2, sent once to each conversation ' +
        'the first-turn run opened. turns/s, p50, p99: each server\'s best round. × echo: the median over rounds of the ' +
        'bot\'s turns/s ÷ the echo bot\'s turns/s in the same round (nearest rank: the lower of two; range in brackets) (target ≥ ' +
        `${TARGET_RATIO} on SQLite at 10 and 50 connections). Latency: autocannon per-response times.`,
    );
    const kinds: Array<[TurnKind, string]> = [['first', 'first turn'], ['mid', 'mid-walk "no" at Solution 2']];
    for (const [kind, label] of kinds) {
      out.push('', `### ${label}`, '');
      const rows: string[][] = [];
      L.connections.forEach((connections, level) => {
        const cell = (target: LoadTarget): string[] => {
          const f = L.runs[target]?.[kind][level];
          if (!f) return ['–', '–', '–', '–'];
          const all = target === 'echo' ? [1] : (L.ratios[target]?.[kind][level] ?? []);
          const ratio = all.length > 0 ? median(all) : NaN;
          const mark = target === 'sqlite' && connections >= 10 && Number.isFinite(ratio) ? (ratio >= TARGET_RATIO ? ' ✅' : ' ❌') : '';
          const range = all.length > 1 ? ` (${fixed(Math.min(...all), 2)}–${fixed(Math.max(...all), 2)})` : '';
          const ratioCell = target === 'echo' ? '1' : `${fixed(ratio, 2)}${mark}${range}`;
          return [fixed(f.turnsPerSecond), ratioCell, fixed(f.p50Ms, 1), `${fixed(f.p99Ms, 1)} / ${fixed(f.maxMs, 0)}`];
        };
        const failed = (['echo', 'memory', 'sqlite'] as const).reduce((n, t) => {
          const f = L.runs[t]?.[kind][level];
          return n + (f ? f.non2xx + f.errors + f.timeouts : 0);
        }, 0);
        for (const target of ['echo', 'memory', 'sqlite'] as const) rows.push([String(connections), TARGET_LABELS[target], ...cell(target), target === 'sqlite' ? String(failed) : '']);
      });
      out.push(table(['connections', 'server', 'turns/s', '× echo', 'p50 ms', 'p99 / max ms', 'failed (all three)'], rows, ['r', 'l', 'r', 'r', 'r', 'r', 'r']));
    }

    const top = L.connections[L.connections.length - 1];
    out.push('', `### Latency under load (${top} connections)`, '');
    const rows: string[][] = [];
    for (const target of ['memory', 'sqlite'] as const) {
      const fr = L.fixedRate[target];
      const worst = Math.max(...(['first', 'mid'] as const).map((k) => L.runs[target]?.[k][L.connections.length - 1]?.maxMs ?? NaN));
      rows.push([
        TARGET_LABELS[target],
        fr ? `${fixed(fr.rate)} turns/s` : '–',
        fr ? `${fixed(fr.figures.p99Ms, 1)} ${fr.figures.p99Ms <= TARGET_FIXED_RATE_P99_MS ? '✅' : '❌'}` : '–',
        fr ? fixed(fr.figures.maxMs, 0) : '–',
        fr ? fixed(fr.eventLoopDelayP99Ms, 1) : '–',
        `${fixed(worst, 0)} ${worst <= TARGET_MAX_MS ? '✅' : '❌'}`,
        fixed(L.eventLoopDelayP99Ms[target] ?? NaN, 1),
      ]);
    }
    out.push(
      table(
        ['server', 'fixed rate (½ own capacity, first turn)', `p99 ms at that rate (≤ ${TARGET_FIXED_RATE_P99_MS})`, 'max ms at that rate', 'event-loop delay p99 ms at that rate', `slowest request at saturation, ms (≤ ${TARGET_MAX_MS})`, 'event-loop delay p99 ms at saturation'],
        rows,
        ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    out.push(
      '',
      'Fixed rate: bench/pacedRun.ts sends evenly spaced requests (open loop, up to 50 keep-alive sockets), latency counted ' +
        'from when each request was due; half of the target\'s own best first-turn turns/s at 50 connections.',
    );
    out.push('', 'Event-loop delay: `nodejs_eventloop_lag_p99_seconds` of the application\'s /metrics (prom-client, monitorEventLoopDelay at 10 ms resolution), reset before each run.');
  }

  if (r.memory) {
    const mem = r.memory;
    const perConversation = (bytes: number): string => `${fixed(bytes / mem.conversations / 1024, 1)} KB`;
    out.push('', '## Memory', '');
    out.push(
      table(
        ['figure', 'RSS', 'heap used'],
        [
          ['after start-up and 20 warm-up conversations (after full GC)', `${mb(mem.before.rssBytes)} MB`, `${mb(mem.before.heapUsedBytes)} MB`],
          [`right after ${mem.conversations.toLocaleString('en')} conversations × 3 turns`, `${mb(mem.afterRssBytes)} MB`, '–'],
          [
            `after ${mem.conversations.toLocaleString('en')} conversations × 3 turns, full GC (target RSS ≤ ${TARGET_RSS_MB} MB)`,
            `${mb(mem.afterGc.rssBytes)} MB ${mem.afterGc.rssBytes / 2 ** 20 <= TARGET_RSS_MB ? '✅' : '❌'}`,
            `${mb(mem.afterGc.heapUsedBytes)} MB`,
          ],
          [
            'retained per conversation (after GC − before)',
            perConversation(mem.afterGc.rssBytes - mem.before.rssBytes),
            perConversation(mem.afterGc.heapUsedBytes - mem.before.heapUsedBytes),
          ],
        ],
        ['l', 'r', 'r'],
      ),
    );
    out.push(
      '',
      `SQLite storage (the default; conversation state and analytics in the file), ${mem.turns.toLocaleString('en')} turns through ` +
        `POST /api/messages in ${fixed(mem.seconds, 1)} s from 10 keep-alive clients; the application runs under --expose-gc (bench/appServer.ts).`,
    );
  }
  if (r.totalSeconds !== undefined) out.push('', `Whole bench: ${fixed(r.totalSeconds)} s.`);
  if (r.appendix) out.push('', r.appendix.trim());
  return `${out.join('\n')}\n`;
}

/** The benchmark's results as Markdown (bench/results.md): the machine, then one table per figure. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { ClassifierFigures } from './classifierBench';
import type { LoadFigures } from './loadRun';
import type { MemoryFigures } from './memoryBench';

export type LoadTarget = 'echo' | 'memory' | 'sqlite';

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
  load?: Partial<Record<LoadTarget, LoadFigures[]>>;
  memory?: MemoryFigures;
  totalSeconds?: number;
}

/** Steering target: the full turn's throughput over the echo bot's. */
export const TARGET_RATIO = 0.5;

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
          `${r.settings.durationS} s each, ${r.settings.rounds} round(s) per server and connection count, best kept (3 s warm-up per server)` +
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
    out.push('', '## End-to-end: POST /api/messages with expectReplies', '');
    out.push(
      'autocannon on 127.0.0.1, each server in its own process (`node dist/src/index.js` with STORAGE=memory or sqlite, ' +
        'LOG_LEVEL=warn, RATE_LIMIT_PER_CLIENT=0; the echo bot: bench/echoServer.ts on the same createServer/createAdapter). ' +
        'Every request is one turn of its own conversation: walks of a complaint, "no", "no", "no", "yes it worked" ' +
        '(five complaints in rotation), a new conversation id per walk. Latency: autocannon per-response times.',
    );
    out.push('');
    const rows: string[][] = [];
    for (const target of ['echo', 'memory', 'sqlite'] as const) {
      for (const f of r.load[target] ?? []) {
        rows.push([
          TARGET_LABELS[target],
          String(f.connections),
          fixed(f.turnsPerSecond),
          fixed(f.p50Ms, 2),
          fixed(f.p99Ms, 2),
          String(f.requests),
          String(f.conversations),
          String(f.non2xx + f.errors + f.timeouts),
        ]);
      }
    }
    out.push(table(['server', 'connections', 'turns/s', 'p50 ms', 'p99 ms', 'turns', 'conversations', 'failed'], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));

    const echo = r.load.echo ?? [];
    if (echo.length > 0) {
      out.push('', `### Full turn ÷ echo bot throughput (target ≥ ${TARGET_RATIO * 100}%)`, '');
      const ratioRows = echo.map((e, i) => {
        const cell = (target: 'memory' | 'sqlite'): string => {
          const f = r.load?.[target]?.[i];
          if (!f || !(e.turnsPerSecond > 0)) return '–';
          const ratio = f.turnsPerSecond / e.turnsPerSecond;
          return `${fixed(ratio * 100)}% ${ratio >= TARGET_RATIO ? '✅' : '❌'}`;
        };
        return [String(e.connections), fixed(e.turnsPerSecond), cell('memory'), cell('sqlite')];
      });
      out.push(table(['connections', 'echo turns/s', 'memory storage', 'SQLite storage'], ratioRows, ['r', 'r', 'r', 'r']));
    }
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
          [`after ${mem.conversations.toLocaleString('en')} conversations × 3 turns, full GC`, `${mb(mem.afterGc.rssBytes)} MB`, `${mb(mem.afterGc.heapUsedBytes)} MB`],
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
      `Memory storage (conversation state and analytics kept in the process), ${mem.turns.toLocaleString('en')} turns through ` +
        `POST /api/messages in ${fixed(mem.seconds, 1)} s from 10 keep-alive clients; the application runs under --expose-gc (bench/appServer.ts).`,
    );
  }
  if (r.totalSeconds !== undefined) out.push('', `Whole bench: ${fixed(r.totalSeconds)} s.`);
  return `${out.join('\n')}\n`;
}

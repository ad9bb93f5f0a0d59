/**
 * A fixed-rate (open-loop) run: requests evenly spaced at `rate` per second for `durationS`, over a keep-alive agent
 * of up to `connections` sockets, each one the first turn of a new conversation. autocannon's `overallRate` is not
 * used because it sends each connection's quota for the second back to back and then waits for the next second, so
 * every second starts with a burst at saturation speed. Latency is measured from the moment a request was due
 * (not when a socket became free), so queueing in the client counts against the server too.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LoadFigures } from './loadRun';
import { percentile, Samples } from './stats';
import { messageActivity } from './walk';

export async function pacedRun(url: string, options: { rate: number; durationS: number; connections: number; text: string; tag: string }): Promise<LoadFigures> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies = new Samples();
  let sent = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let inFlight = 0;
  const started = performance.now();
  const intervalMs = 1000 / options.rate;

  const send = (dueAt: number): void => {
    const body = JSON.stringify(messageActivity(`${options.tag}-${sent}`, options.text));
    sent++;
    inFlight++;
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: '/api/messages',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          inFlight--;
          if (res.statusCode === 200) {
            ok++;
            latencies.push(performance.now() - dueAt);
          } else {
            non2xx++;
          }
        });
      },
    );
    req.on('error', () => {
      inFlight--;
      errors++;
    });
    req.end(body);
  };

  await new Promise<void>((resolve) => {
    const endAt = started + options.durationS * 1000;
    const tick = (): void => {
      const now = performance.now();
      // Every request that is due by now, each with its own due time.
      while (started + sent * intervalMs <= Math.min(now, endAt)) send(started + sent * intervalMs);
      if (now < endAt) setTimeout(tick, Math.max(0, Math.min(intervalMs, 5)));
      else resolve();
    };
    tick();
  });
  const deadline = performance.now() + 30_000;
  while (inFlight > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  agent.destroy();
  const sorted = latencies.sorted();
  let sum = 0;
  for (const v of sorted) sum += v;
  const seconds = (performance.now() - started) / 1000;
  return {
    connections: options.connections,
    durationS: seconds,
    requests: ok,
    turnsPerSecond: ok / options.durationS,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length > 0 ? sorted[sorted.length - 1]! : NaN,
    meanMs: sorted.length > 0 ? sum / sorted.length : NaN,
    non2xx,
    errors,
    timeouts: inFlight,
    conversations: sent,
  };
}

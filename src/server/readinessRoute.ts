/**
 * GET /readyz: 200 {status:"ready", checks:[...]} when every probe passes, 503 {status:"not ready", failing:[names],
 * checks:[...]} otherwise. Load balancers, App Service's health check and the container's HEALTHCHECK use it;
 * GET /healthz stays "the process is alive". A probe's own error (it may name hosts and ports) goes to the log, once
 * when the probe starts failing and once when it recovers, never into the response.
 */
import type { Request, Response, Server } from 'restify';
import type { Readiness, ReadinessReport } from '../health/readiness';
import { sendJson } from '../http/http';
import { redactCredentials, type Log } from '../logging/log';

export function mountReadinessRoute(server: Server, readiness: Pick<Readiness, 'check'> | undefined, log: Log): void {
  const failingBefore = new Set<string>();

  const logChanges = (report: ReadinessReport): void => {
    for (const check of report.checks) {
      if (!check.ok && !failingBefore.has(check.name)) {
        failingBefore.add(check.name);
        log.warn({ probe: check.name, reason: check.reason, detail: check.detail ? redactCredentials(check.detail) : undefined }, `Not ready: ${check.name} does not answer`);
      } else if (check.ok && failingBefore.delete(check.name)) {
        log.info({ probe: check.name }, `Ready again: ${check.name} answers`);
      }
    }
  };

  server.get('/readyz', async (_req: Request, res: Response) => {
    const report: ReadinessReport = readiness ? await readiness.check() : { ready: true, checks: [] };
    logChanges(report);
    const checks = report.checks.map((c) => ({ name: c.name, status: c.ok ? 'ok' : 'failed', ms: c.ms, ...(c.reason ? { reason: c.reason } : {}) }));
    if (report.ready) {
      sendJson(res, 200, { status: 'ready', checks });
      return;
    }
    sendJson(res, 503, { status: 'not ready', failing: report.checks.filter((c) => !c.ok).map((c) => c.name), checks });
  });
}

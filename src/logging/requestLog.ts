/**
 * A request id for every HTTP request and logs that carry it:
 * - the id is the caller's `X-Request-Id` when it is a short plain token (App Service / proxies set one), otherwise
 *   restify's `req.id()` (a uuid); it is echoed in the `X-Request-Id` response header;
 * - a child logger per request (`log.child({ reqId })` when the logger is pino, fields added otherwise);
 * - one line per finished request: method, path (never the query string: it may hold a Direct Line token), status, ms;
 * - handlers that log during a request take the request's logger with `logFor(req, fallback)`.
 * There is deliberately no AsyncLocalStorage "current request" logger: it turns on Node's promise hooks for every
 * promise of every turn, which cost 7–29% of a turn's CPU in the benchmark (bench/results.md).
 */
import type { Next, Request, Response } from 'restify';
import type { Log } from './log';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const logs = new WeakMap<Request, Log>();

type ChildCapable = Log & { child?: (bindings: object) => Log };

/** A child of `log` with `fields` on every entry. */
function childLog(log: Log, fields: object): Log {
  const parent = log as ChildCapable;
  if (typeof parent.child === 'function') return parent.child(fields);
  return {
    debug: (f, m) => log.debug({ ...fields, ...f }, m),
    info: (f, m) => log.info({ ...fields, ...f }, m),
    warn: (f, m) => log.warn({ ...fields, ...f }, m),
    error: (f, m) => log.error({ ...fields, ...f }, m),
  };
}

/** The request's child logger, or `fallback` for a request that did not pass requestLogging. */
export function logFor(req: Request, fallback: Log): Log {
  return logs.get(req) ?? fallback;
}

/** restify `pre` handler: assigns the request id, creates the child logger and logs the request when it finishes. */
export function requestLogging(log: Log) {
  return (req: Request, res: Response, next: Next): void => {
    const offered = req.headers['x-request-id'];
    // restify 11's req.id(reqId) sets the id once; @types/restify only declares the getter.
    const setId = req.id as unknown as (this: Request, reqId?: string) => string;
    let id: string;
    try {
      id = typeof offered === 'string' && REQUEST_ID_PATTERN.test(offered) ? setId.call(req, offered) : req.id();
    } catch {
      id = req.id(); // the id was fixed earlier in restify's pipeline
    }
    res.setHeader('X-Request-Id', id);
    const child = childLog(log, { reqId: id });
    logs.set(req, child);
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const fields = {
        method: req.method,
        path: req.getPath(),
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
      };
      // Page loads and health probes are frequent and dull; everything else is worth a line.
      if (req.method === 'GET' || req.method === 'HEAD') child.debug(fields, 'request');
      else child.info(fields, 'request');
    });
    next();
  };
}

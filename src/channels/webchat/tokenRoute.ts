/**
 * POST /api/directline/token — what the support page calls to get a Direct Line token.
 * With a Direct Line secret: a token from Azure Bot Service (the secret stays on the server).
 * Without one: a token for the local Direct Line emulator, when it is mounted. Otherwise 503.
 * Response: { token, conversationId, expires_in, domain, userId }.
 */
import type { Request, Response, Server } from 'restify';
import { requestOrigin, sendError, sendJson } from '../../http/http';
import { errorFields, Log } from '../../logging/log';
import { clientKey, RateLimit, SharedRateLimiter } from '../../http/rateLimiter';
import type { SharedLimitStore } from '../../http/limits';
import { sendTooManyRequests } from '../../http/limits';
import { DIRECT_LINE_PATH, DirectLineEmulator } from '../directline/emulator';
import { newUserId } from '../directline/ids';
import { generateUpstreamToken } from './upstreamToken';
import { logFor } from '../../logging/requestLog';

export const DEFAULT_DIRECT_LINE_ENDPOINT = 'https://directline.botframework.com';

/** The answer to POST /api/directline/token (the support page reads token and domain). */
export interface DirectLineTokenAnswer {
  token: string;
  conversationId: string;
  expires_in: number;
  /** Direct Line's base URL for Web Chat (Azure Bot Service or this server's emulator). */
  domain: string;
  userId?: string;
}

export interface TokenRouteDeps {
  secret?: string;
  endpoint?: string;
  emulator?: DirectLineEmulator;
  /** Fallback origin when the request has no usable Host header. */
  localOrigin: () => string;
  rateLimit: RateLimit;
  /** Redis to share the limit between instances. */
  rateLimitStore?: SharedLimitStore;
  log: Log;
  now?: () => number;
}

export function mountTokenRoute(server: Server, deps: TokenRouteDeps): void {
  const limiter = new SharedRateLimiter({ name: 'webchat-token', limit: deps.rateLimit, ...deps.rateLimitStore });
  const endpoint = (deps.endpoint ?? DEFAULT_DIRECT_LINE_ENDPOINT).replace(/\/+$/, '');

  server.post('/api/directline/token', async (req: Request, res: Response) => {
    const check = await limiter.take(clientKey(req));
    if (!check.allowed) return sendTooManyRequests(res, check.retryAfterSeconds, 'Too many requests; please wait a moment and try again');
    if (deps.secret) {
      const userId = newUserId();
      try {
        const upstream = await generateUpstreamToken(endpoint, deps.secret, userId);
        return sendJson(res, 200, { ...upstream, domain: `${endpoint}${DIRECT_LINE_PATH}`, userId } satisfies DirectLineTokenAnswer);
      } catch (error) {
        logFor(req, deps.log).error({ err: errorFields(error) }, 'Could not get a Direct Line token from Azure Bot Service');
        return sendError(res, 502, 'UpstreamError', 'The chat service is not reachable right now');
      }
    }
    if (deps.emulator) {
      const issued = deps.emulator.issueToken();
      return sendJson(res, 200, { ...issued, domain: `${requestOrigin(req, deps.localOrigin())}${DIRECT_LINE_PATH}` } satisfies DirectLineTokenAnswer);
    }
    sendError(res, 503, 'NotConfigured', 'Web Chat is not configured on this server');
  });
}

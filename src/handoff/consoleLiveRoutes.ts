/**
 * The console routes of what happens live in a hand-off beyond messages (mounted by consoleRoutes.ts, behind the same
 * sign-in, role and body checks as the other agent routes):
 *   POST /agent/api/requests/:id/typing         the agent is typing → a `typing` activity to the person (typingRelay.ts);
 *                                               200 {relayed}, 403 another agent's hand-off, 404/409 no such or closed
 *   GET  /agent/api/requests/:id/images/:slot   an image the person sent during the hand-off, while it is open: to
 *                                               the agent connected to it (or any agent while it waits); 403 another
 *                                               agent's, 404 closed, erased or expired. Served with the type sniffed
 *                                               from its bytes, nosniff, no caching, and a CSP that lets it run nothing.
 */
import type { Request, RequestHandler, Response, Server } from 'restify';
import { sendError, sendJson } from '../http/http';
import { requestId, sendFailure, type ApiHandler } from './consoleHttp';
import type { HandoffDesk } from './handoffDesk';
import type { TypingRelay } from './typingRelay';
import { isOpen, type HandoffAgent, type HandoffRequest } from './types';

export interface LiveRouteDeps {
  base: string;
  body: RequestHandler;
  desk: Pick<HandoffDesk, 'get' | 'repo'>;
  typing?: TypingRelay;
  /** Wraps a handler with the console's sign-in check and error handling (AgentConsoleRoutes.api). */
  api(handler: ApiHandler): (req: Request, res: Response) => Promise<void>;
}

/** An image opened on its own (a new tab) runs nothing and is never framed. */
const IMAGE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'";

export function mountLiveRoutes(server: Server, deps: LiveRouteDeps): void {
  const { base, typing } = deps;
  if (typing) {
    server.post(`${base}/api/requests/:id/typing`, deps.body, deps.api(async (req, res, agent) => {
      const id = requestId(req, res);
      if (!id) return;
      const result = await typing.fromAgent(id, agent);
      if (result.ok) return sendJson(res, 200, { relayed: result.relayed });
      sendFailure(res, result.reason);
    }));
  }
  server.get(`${base}/api/requests/:id/images/:slot`, deps.api((req, res, agent) => serveImage(deps.desk, req, res, agent)));
}

/** Who may see a request's images: the agent connected to it; while it waits, any agent (who may accept it). */
function mayView(request: HandoffRequest, agent: HandoffAgent): 'ok' | 'not_found' | 'not_yours' {
  if (!isOpen(request.state)) return 'not_found';
  if (request.state === 'waiting' || request.agent?.id === agent.id) return 'ok';
  return 'not_yours';
}

async function serveImage(desk: LiveRouteDeps['desk'], req: Request, res: Response, agent: HandoffAgent): Promise<void> {
  const id = requestId(req, res);
  if (!id) return;
  const slot = /^\d{1,2}$/.test(String(req.params.slot)) ? Number(req.params.slot) : -1;
  const request = await desk.get(id);
  const allowed = request ? mayView(request, agent) : 'not_found';
  if (allowed !== 'ok') return sendFailure(res, allowed);
  const image = await desk.repo.images.get(id, slot);
  if (!image) return sendError(res, 404, 'NotFound', 'No such image');
  res.writeHead(200, {
    'Content-Type': image.type,
    'Content-Length': String(image.bytes.length),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
    'Content-Security-Policy': IMAGE_POLICY,
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Disposition': `inline; filename="screenshot-${slot + 1}.${image.type === 'image/png' ? 'png' : 'jpg'}"`,
  });
  res.end(image.bytes);
}

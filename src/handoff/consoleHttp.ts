/** What the console's routes share: the request id of a route, and the status each desk failure is answered with. */
import type { Request, Response } from 'restify';
import { sendError } from '../http/http';
import type { DeskFailure, HandoffAgent } from './types';

/** A console API route's handler, run for a signed-in agent. */
export type ApiHandler = (req: Request, res: Response, agent: HandoffAgent) => Promise<void>;

const REQUEST_ID = /^[0-9a-f-]{36}$/;

const FAILURE_STATUS: Readonly<Record<DeskFailure, [number, string, string]>> = {
  not_found: [404, 'NotFound', 'No such request'],
  taken: [409, 'Taken', 'Another agent has already accepted this conversation'],
  not_yours: [403, 'NotYours', 'This conversation is not connected to you'],
  closed: [409, 'Closed', 'This conversation is no longer waiting or active'],
  undelivered: [502, 'Undelivered', 'The message could not be delivered to the person'],
  invalid: [400, 'BadArgument', 'The message must be 1 to 2000 characters'],
};

export function sendFailure(res: Response, reason: DeskFailure): void {
  const [status, code, message] = FAILURE_STATUS[reason];
  sendError(res, status, code, message);
}

/** The :id of a request route, or undefined after answering 404 (not a request id). */
export function requestId(req: Request, res: Response): string | undefined {
  const id = String(req.params.id ?? '');
  if (REQUEST_ID.test(id)) return id;
  sendError(res, 404, 'NotFound', 'No such request');
  return undefined;
}

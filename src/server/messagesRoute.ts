/**
 * POST /api/messages: Bot Framework activities → adapter.processHttpActivity (awaited), answered in one JSON shape.
 *   429  the client (before the body is read) or the conversation (once authenticated) is over its rate limit
 *   413 / 415 / 400  body too large / not JSON / malformed JSON (jsonBody), 400 an activity of the wrong shape
 *   401  no valid Bot Framework token when an app id is configured (also when the SDK fails while checking it)
 *   200  the turn ran (expectReplies bodies and invoke responses as JSON); unknown activity types run a turn that
 *        does nothing and also get 200
 *   501  an invoke the bot has no handler for (outside expectReplies; inside, the 501 is in the invokeResponse)
 *   500  the turn failed and even the error handler could not answer; no internal detail is sent
 */
import type { Request, Response, Server } from 'restify';
import { turnSpan } from '../telemetry/spans';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import { incomingActivityProblem } from '../channels/activityShape';
import { jsonBody, sendError, sendJson } from '../http/http';
import { MessageLimits, MessageRateLimits, sendTooManyRequests, SharedLimitStore } from '../http/limits';
import { errorFields, Log } from '../logging/log';
import { logFor } from '../logging/requestLog';
import type { SupportCloudAdapter } from '../channels/supportCloudAdapter';
import { TurnGate } from './turnGate';
import { understandingOf } from '../dialogs/turnUnderstanding';
import { setAbandonSignal } from '../state/turnAbandon';
import type { TurnMetrics, TurnOutcome } from '../metrics/botMetrics';

export interface MessagesRouteDeps {
  adapter: SupportCloudAdapter;
  bot: { run(context: TurnContext): Promise<void> };
  log: Log;
  maxBodyBytes: number;
  /** Default: DEFAULT_MESSAGE_LIMITS. */
  limits?: MessageLimits;
  /** Redis to share the limits between instances (memory when absent). */
  sharedLimits?: SharedLimitStore;
  now?: () => number;
  /** Fair admission of turns to the event loop (default: a TurnGate with its defaults). */
  turnGate?: TurnGate;
  /** Told about every turn (route, outcome, duration) for /metrics. */
  metrics?: TurnMetrics;
}

/** What running one turn through the adapter came to (before it is answered). */
interface TurnResult {
  /** The SDK authenticated the request and called the bot's logic. */
  authenticated: boolean;
  /** Seconds to wait when the conversation was over its rate limit (the turn did not run). */
  throttled?: number;
  response?: InvokeResponse;
  /** The route the turn took (for /metrics). */
  route: string;
  error?: unknown;
}

export function mountMessagesRoute(server: Server, deps: MessagesRouteDeps): MessageRateLimits {
  const limits = new MessageRateLimits(deps.limits, deps.sharedLimits);
  const gate = deps.turnGate ?? new TurnGate();
  const metrics = deps.metrics;

  server.post('/api/messages', limits.clientGate(), jsonBody(deps.maxBodyBytes), async (req: Request, res: Response) => {
    fillHandWrittenDefaults(req.body);
    const problem = incomingActivityProblem(req.body);
    if (problem) return sendError(res, 400, 'BadArgument', problem);
    // The measured time includes the wait for admission.
    const started = metrics ? process.hrtime.bigint() : 0n;
    // Wait for this loop iteration's allowance (FIFO): see turnGate.ts.
    const admitted = gate.enter();
    if (admitted) await admitted;
    const turn = await runTurn(req, res, deps, limits);
    const outcome = answerTurn(req, res, turn, deps);
    metrics?.turnFinished(turn.route, outcome, Number(process.hrtime.bigint() - started) / 1e9);
  });
  return limits;
}

/** Runs the turn through the adapter (one trace span); the conversation's rate limit is taken once it is authenticated. */
async function runTurn(req: Request, res: Response, deps: MessagesRouteDeps, limits: MessageRateLimits): Promise<TurnResult> {
  const { adapter, bot, metrics } = deps;
  // The SDK calls the logic only once the request is authenticated: before that, a failure is an auth failure.
  const turn: TurnResult = { authenticated: false, route: 'none' };
  // Fires when the client goes away before its answer (it gave up waiting): the turn must then not be saved.
  const abandoned = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abandoned.abort();
  });
  try {
    // One span per turn (a no-op unless tracing is on), continuing the caller's traceparent; never the text.
    turn.response = await turnSpan(req.headers, { 'bot.channel': String((req.body as Activity).channelId ?? '') }, () => adapter.processHttpActivity(req.body as Activity, authorizationOf(req), async (context) => {
      turn.authenticated = true;
      setAbandonSignal(context, abandoned.signal);
      const check = await limits.takeConversation(context.activity.channelId, context.activity.conversation.id);
      if (!check.allowed) {
        turn.throttled = check.retryAfterSeconds;
        return;
      }
      try {
        await bot.run(context);
      } finally {
        if (metrics) turn.route = understandingOf(context)?.nlu.route ?? (context.activity.type === 'message' ? 'none' : 'activity');
      }
    }));
  } catch (error) {
    turn.error = error;
  }
  return turn;
}

/** Answers the request from what the turn came to; returns the outcome for /metrics. */
function answerTurn(req: Request, res: Response, turn: TurnResult, deps: MessagesRouteDeps): TurnOutcome {
  const log = logFor(req, deps.log);
  if ('error' in turn) return answerFailedTurn(res, turn, deps.adapter, log);
  if (turn.throttled !== undefined) {
    log.warn({ channelId: String(req.body.channelId) }, '/api/messages: conversation over its rate limit');
    sendTooManyRequests(res, turn.throttled, 'Too many messages in this conversation; please wait a moment');
    return 'throttled';
  }
  const { response } = turn;
  const status = response?.status ?? 200;
  if (status === 501 && turn.authenticated && req.body.type === 'invoke') {
    // The Bot Framework's answer to an invoke the bot has no handler for (the status of the invoke response).
    log.debug({}, '/api/messages: invoke not implemented');
    sendError(res, 501, 'NotImplemented', 'The bot does not handle this invoke');
    return 'rejected';
  }
  if (status >= 500) {
    // An invoke answered with a server error: its text is not for the caller.
    log.error({ status }, '/api/messages: the adapter could not process the activity');
    sendError(res, status, 'InternalError', 'The bot could not process the activity');
    return 'error';
  }
  if (status >= 400) {
    sendError(res, status, 'BadRequest', 'The activity was not accepted');
    return 'rejected';
  }
  if (response?.body === undefined) {
    res.writeHead(status, { 'Content-Length': '0' });
    res.end();
  } else sendJson(res, status, response.body);
  return 'ok';
}

/** The adapter threw: 401 when the request was not (yet) authenticated, else 500 with no internal detail. */
function answerFailedTurn(res: Response, turn: TurnResult, adapter: SupportCloudAdapter, log: Log): TurnOutcome {
  const { error } = turn;
  if (!turn.authenticated && (error instanceof AuthenticationError || adapter.botAppId)) {
    // A forged or malformed token can make the SDK fail with other errors too (e.g. "invalid signature"): it is
    // still a refusal. The SDK's reason ("Invalid AppId passed on token: …") helps with a misconfigured app id.
    log.warn({ reason: errorFields(error).message.slice(0, 200) }, '/api/messages: token rejected');
    sendError(res, 401, 'Unauthorized', 'The request is not authorized');
    return 'rejected';
  }
  log.error({ err: errorFields(error) }, '/api/messages failed');
  sendError(res, 500, 'InternalError', 'The bot could not process the activity');
  return 'error';
}

/** The Authorization header ('' when absent), as CloudAdapter.process reads it. */
function authorizationOf(req: Request): string {
  const header = req.headers.authorization;
  return typeof header === 'string' ? header : '';
}

/**
 * Hand-written requests (curl, test scripts, the Emulator's "post activity") sometimes leave out the fields every
 * Bot Framework channel sends: `channelId`, `recipient`. When they are absent (not malformed), the turn runs as an
 * Emulator conversation with the bot as recipient rather than being refused. Channels always send both.
 */
function fillHandWrittenDefaults(body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const activity = body as Record<string, unknown>;
  if (activity.channelId === undefined) activity.channelId = 'emulator';
  if (activity.recipient === undefined) activity.recipient = { id: 'bot', role: 'bot' };
}

/**
 * One load run with autocannon against POST /api/messages. Two shapes:
 *   - walks (default): `connections` connections, each holding one walk after another (autocannon `requests` = the
 *     walk's turns; the first turn's setupRequest starts a new conversation id, and the per-connection context
 *     carries it through the following turns);
 *   - one turn per request (`turn`): every request is the same kind of turn — the first turn of a new conversation
 *     (`turn.text` with `turn.conversations` unset: a fresh id per request, the ids are kept in `issuedIds`), or the
 *     next turn of conversations that already exist (`turn.conversations`: one id per request, in order; the run
 *     stops after `amount` requests, so it never runs out of prepared conversations).
 * Latency comes from autocannon's per-response times (sub-millisecond precision), throughput from completed 2xx
 * responses over the measured duration. `overallRate` fixes the offered rate (requests/s over all connections).
 */
import autocannon from 'autocannon';
import { ConversationIds, messageActivity, walkText, WALK_REPLIES } from './walk';
import { percentile, Samples } from './stats';

export interface LoadFigures {
  connections: number;
  durationS: number;
  requests: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  conversations: number;
  /** Conversation ids started by this run (one-turn shape only), in order. */
  issuedIds?: string[];
}

interface WalkContext {
  conversationId?: string;
  walk?: number;
}

export interface LoadOptions {
  connections: number;
  durationS: number;
  tag: string;
  /** Walk replies after the complaint (walk shape). */
  replies?: readonly string[];
  /** One turn per request instead of walks. */
  turn?: { text: string; conversations?: readonly string[] };
  /** Stop after this many requests instead of after durationS. */
  amount?: number;
  /** Offered requests per second over all connections (fixed-rate run). */
  overallRate?: number;
}

function walkRequests(options: LoadOptions): { requests: autocannon.Request[]; ids: ConversationIds } {
  const ids = new ConversationIds(options.tag);
  const replies = options.replies ?? WALK_REPLIES;
  let walks = 0;
  const turns = 1 + replies.length;
  const requests: autocannon.Request[] = [];
  for (let turn = 0; turn < turns; turn++) {
    requests.push({
      method: 'POST',
      path: '/api/messages',
      headers: { 'content-type': 'application/json' },
      // autocannon passes the per-connection context as a second argument (its typings omit it).
      setupRequest: ((req: autocannon.Request, context: WalkContext) => {
        if (turn === 0) {
          context.conversationId = ids.take();
          context.walk = walks++;
        }
        return { ...req, body: JSON.stringify(messageActivity(context.conversationId!, walkText(context.walk!, turn, replies))) };
      }) as unknown as autocannon.Request['setupRequest'],
    });
  }
  return { requests, ids };
}

function turnRequests(options: LoadOptions, turn: NonNullable<LoadOptions['turn']>, issued: string[]): autocannon.Request[] {
  const ids = new ConversationIds(options.tag);
  let next = 0;
  return [
    {
      method: 'POST',
      path: '/api/messages',
      headers: { 'content-type': 'application/json' },
      setupRequest: ((req: autocannon.Request) => {
        let id: string;
        if (turn.conversations) {
          id = turn.conversations[next++ % turn.conversations.length]!;
        } else {
          id = ids.take();
          issued.push(id);
        }
        return { ...req, body: JSON.stringify(messageActivity(id, turn.text)) };
      }) as unknown as autocannon.Request['setupRequest'],
    },
  ];
}

export async function loadRun(url: string, options: LoadOptions): Promise<LoadFigures> {
  const issued: string[] = [];
  let requests: autocannon.Request[];
  let conversations: () => number;
  if (options.turn) {
    requests = turnRequests(options, options.turn, issued);
    const existing = options.turn.conversations;
    conversations = () => (existing ? Math.min(existing.length, latencies.length) : issued.length);
  } else {
    const walk = walkRequests(options);
    requests = walk.requests;
    conversations = () => walk.ids.issued;
  }

  const latencies = new Samples();
  // autocannon's own duration only advances in whole-second ticks when a run stops after `amount` requests, so such a
  // run is timed here: from the start to its last response.
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        pipelining: 1,
        timeout: 30,
        requests,
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationS }),
        ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
      },
      (err: unknown, res: autocannon.Result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      lastResponseAt = performance.now();
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  const sorted = latencies.sorted();
  const duration =
    options.amount !== undefined ? (lastResponseAt - startedAt) / 1000 : result.duration > 0 ? result.duration : options.durationS;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    connections: options.connections,
    durationS: duration,
    requests: result['2xx'],
    turnsPerSecond: result['2xx'] / duration,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length > 0 ? sorted[sorted.length - 1]! : NaN,
    meanMs: sorted.length > 0 ? sum / sorted.length : NaN,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    conversations: conversations(),
    ...(options.turn && !options.turn.conversations ? { issuedIds: issued } : {}),
  };
}

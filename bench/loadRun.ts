/**
 * One load run with autocannon against POST /api/messages: `connections` connections, each holding one walk after
 * another (autocannon `requests` = the walk's turns; the first turn's setupRequest starts a new conversation id, and
 * the per-connection context carries it through the following turns). Latency comes from autocannon's per-response
 * times (sub-millisecond precision), throughput from completed 2xx responses over the measured duration.
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
  meanMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  conversations: number;
}

interface WalkContext {
  conversationId?: string;
  walk?: number;
}

export async function loadRun(url: string, options: { connections: number; durationS: number; tag: string; replies?: readonly string[] }): Promise<LoadFigures> {
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

  const latencies = new Samples();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections: options.connections, pipelining: 1, duration: options.durationS, timeout: 30, requests },
      (err: unknown, res: autocannon.Result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  const sorted = latencies.sorted();
  const duration = result.duration > 0 ? result.duration : options.durationS;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    connections: options.connections,
    durationS: duration,
    requests: result['2xx'],
    turnsPerSecond: result['2xx'] / duration,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.length > 0 ? sum / sorted.length : NaN,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    conversations: ids.issued,
  };
}

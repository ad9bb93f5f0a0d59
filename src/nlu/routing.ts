/**
 * The routing rule (see notes/intents.md): ruled-out causes are removed from the ranking; a message that names no
 * remaining cause goes to the first cause, in the article's order, that is not ruled out.
 */
import type { IntentScore } from './types';

export const BACKUP_FAILED = 'backup_failed';
export const NONE = 'none';

/**
 * Conversation-control intents: replies with no topic of their own. Next to a ruled-out cause ("storage ok, wifi ok,
 * still failing" → the remainder "still failing" reads as `deny`) they do not name a cause, so the message is routed
 * like backup_failed.
 */
export const REPLY_INTENTS: ReadonlySet<string> = new Set([
  'greeting', 'thanks', 'help', 'cancel', 'start_over', 'affirm', 'deny', 'skip', 'repeat', 'go_back', 'where_was_i', 'walk_through',
]);

export interface RoutingInput {
  /** Every intent with its calibrated probability, best first. */
  ranking: readonly IntentScore[];
  /** Ruled-out cause ids. */
  ruledOut: readonly string[];
  /** Cause ids in the article's order (dialogs/causes.yaml). */
  causeOrder: readonly string[];
  /** intent → route (intents without an entry route to themselves). */
  routes: ReadonlyMap<string, string>;
  /**
   * An intent that only comes first because better-ranked causes were ruled out must have at least this probability
   * to be trusted; otherwise the message is treated as naming no cause.
   */
  floor: number;
  /** Defaults to REPLY_INTENTS. */
  replyIntents?: ReadonlySet<string>;
  /**
   * The rest of the message (ruled-out phrases removed) still says something: then a `none` at or above
   * NONE_KEEPS stays out of scope even though a cause was ruled out ("icloud.com login doesn't work with the latest
   * version of the browser" is about icloud.com, not a backup). Without it every `none` with a ruled-out cause is
   * a generic failure.
   */
  restHasContent?: boolean;
}

/** See RoutingInput.restHasContent. */
const NONE_KEEPS = 0.5;

export interface RoutingDecision {
  intent: string;
  confidence: number;
  route: string;
  /** The ranking without the effective intent and without ruled-out causes, best first. */
  alternatives: IntentScore[];
  /** True when the route came from the article order rather than from the intent itself. */
  byCauseOrder: boolean;
}

/**
 * 1. Walk the ranking; skip ruled-out causes; the first remaining intent is the effective intent.
 * 2. The route falls back to the first cause not ruled out (or backup_failed when nothing is ruled out) when the
 *    effective intent is backup_failed, or — while something is ruled out — it is `none`, a reply intent
 *    (REPLY_INTENTS), or it was promoted past ruled-out causes and is below `floor`. The reported intent is then backup_failed, with the probability mass of "a backup
 *    failure without a remaining named cause": backup_failed + the ruled-out causes + the intent that was set aside.
 * 3. Otherwise the route is the effective intent's route.
 */
export function decideRoute(input: RoutingInput): RoutingDecision {
  const { ranking, causeOrder, routes, floor } = input;
  const ruledOut = new Set(input.ruledOut);
  const routeOf = (intent: string): string => routes.get(intent) ?? intent;
  const remaining = ranking.filter((s) => !ruledOut.has(routeOf(s.intent)));
  const effective = remaining[0] ?? { intent: NONE, confidence: 0 };
  const effectiveRoute = routeOf(effective.intent);
  const replyIntents = input.replyIntents ?? REPLY_INTENTS;
  // Promoted: it only comes first because better-ranked (ruled-out) causes were dropped.
  const promoted = ranking.length > 0 && ranking[0]!.intent !== effective.intent;

  const noCauseNamed =
    effectiveRoute === BACKUP_FAILED ||
    (ruledOut.size > 0 &&
      ((effectiveRoute === NONE && !(input.restHasContent === true && effective.confidence >= NONE_KEEPS)) || replyIntents.has(effective.intent) || (promoted && effective.confidence < floor)));

  if (!noCauseNamed) {
    return {
      intent: effective.intent,
      confidence: effective.confidence,
      route: effectiveRoute,
      alternatives: remaining.slice(1),
      byCauseOrder: false,
    };
  }

  const firstCause = causeOrder.find((c) => !ruledOut.has(c));
  const route = ruledOut.size === 0 ? BACKUP_FAILED : (firstCause ?? BACKUP_FAILED);
  let confidence = 0;
  for (const s of ranking) {
    const r = routeOf(s.intent);
    if (r === BACKUP_FAILED || ruledOut.has(r) || s.intent === effective.intent) confidence += s.confidence;
  }
  const backupFailed = ranking.find((s) => routeOf(s.intent) === BACKUP_FAILED)?.intent ?? BACKUP_FAILED;
  return {
    intent: backupFailed,
    confidence: Math.min(1, confidence),
    route,
    alternatives: remaining.filter((s) => s.intent !== backupFailed && s.intent !== effective.intent),
    byCauseOrder: true,
  };
}

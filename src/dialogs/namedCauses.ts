/**
 * Which cause a walk starts with when a message names several (the rule MainDialog applies, shared with the screenshot
 * reader so that what it reports is what the bot opens): the classifier's route and every other cause it gives at
 * least NAMED_CAUSE of its probability, taken in the article's order — the earliest's solution comes first, the
 * others' follow. A route that is not a cause, or a message that rules causes out, is left as it is.
 */
import type { DialogContent } from '../content/loadContent';
import type { NluResult } from '../nlu/types';

/** Probability from which a second cause counts as named in the same message. */
const NAMED_CAUSE = 0.2;

export function earliestNamedCause(nlu: NluResult, content: Pick<DialogContent, 'cause' | 'causes'>): { route: string; others: string[] } {
  if (!content.cause(nlu.route) || nlu.ruledOut.length > 0) return { route: nlu.route, others: [] };
  const named = [nlu.route, ...nlu.alternatives.filter((a) => a.confidence >= NAMED_CAUSE).map((a) => a.intent)].filter(
    (id, i, all) => content.cause(id) !== undefined && all.indexOf(id) === i,
  );
  const order = content.causes.map((c) => c.id);
  named.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return { route: named[0]!, others: named.slice(1) };
}

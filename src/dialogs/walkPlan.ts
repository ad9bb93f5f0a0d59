import type { DialogContent } from '../content/loadContent';
import { BACKUP_FAILED } from '../nlu/routing';

/** The route that walks the solutions without a specific cause: all of them, from Solution 1 (the backup_failed intent). */
export const GENERIC_ROUTE = BACKUP_FAILED;

/**
 * The ordered solution ids a troubleshooting walk goes through for a route.
 * A cause's walk starts at the solution that addresses it and continues with the solutions after it, in the article's
 * order; the generic route starts at Solution 1. Solutions whose every addressed cause is ruled out are skipped.
 * The final solution (contact Apple Support) always ends the walk.
 */
export function planWalk(content: DialogContent, route: string, ruledOut: readonly string[] = []): string[] {
  const ordered = content.solutions.filter((s) => !s.final);
  let start = 0;
  if (route !== GENERIC_ROUTE) {
    const cause = content.cause(route);
    if (!cause) throw new Error(`planWalk: unknown route "${route}"`);
    start = Math.max(0, ordered.findIndex((s) => s.id === cause.solution));
  }
  const plan = ordered.slice(start).filter((s) => !isRuledOutSolution(content, s.id, ruledOut) || s.id === content.cause(route)?.solution);
  return [...plan.map((s) => s.id), content.finalSolution.id];
}

/** Whether a route opens a troubleshooting walk. */
export function isTroubleshootingRoute(content: DialogContent, route: string): boolean {
  return route === GENERIC_ROUTE || content.cause(route) !== undefined;
}

/** True when every cause a solution addresses has been ruled out (so the solution is not worth offering). */
export function isRuledOutSolution(content: DialogContent, solutionId: string, ruledOut: readonly string[]): boolean {
  const addressing = content.causes.filter((c) => c.solution === solutionId);
  return addressing.length > 0 && addressing.every((c) => ruledOut.includes(c.id));
}

/**
 * CSAT figures from the ratings people gave ("Did I help?" after a walk, "Did Sam help?" after a hand-off):
 * overall, the bot vs the agents, per route and per agent — each as 👍, 👎 and the share of 👍 — and the latest
 * comments (already masked when they were stored).
 */
import { NO_ROUTE, type CsatRating } from './types';

export interface CsatFigures {
  up: number;
  down: number;
  /** 👍 ÷ (👍 + 👎); null when nobody answered. */
  score: number | null;
}

export interface CsatComment {
  at: string;
  subject: 'bot' | 'agent';
  agentName?: string;
  route: string | null;
  score: 'up' | 'down';
  comment: string;
}

export interface CsatSummary {
  overall: CsatFigures;
  bot: CsatFigures;
  agents: CsatFigures;
  perRoute: (CsatFigures & { route: string; label: string })[];
  perAgent: (CsatFigures & { agentId: string; agentName: string })[];
  /** Newest first. */
  comments: CsatComment[];
}

/** Most comments returned. */
export const COMMENT_LIMIT = 50;

const empty = (): { up: number; down: number } => ({ up: 0, down: 0 });
export const figures = (t: { up: number; down: number }): CsatFigures => ({ up: t.up, down: t.down, score: t.up + t.down > 0 ? t.up / (t.up + t.down) : null });

export function summarizeCsat(ratings: readonly CsatRating[], routeLabels: Readonly<Record<string, string>> = {}): CsatSummary {
  const overall = empty();
  const bot = empty();
  const agents = empty();
  const routes = new Map<string, { up: number; down: number }>();
  const perAgent = new Map<string, { up: number; down: number; name: string }>();
  const add = (t: { up: number; down: number }, r: CsatRating): void => {
    t[r.score]++;
  };
  for (const r of ratings) {
    add(overall, r);
    add(r.subject === 'bot' ? bot : agents, r);
    const route = r.route ?? NO_ROUTE;
    if (!routes.has(route)) routes.set(route, empty());
    add(routes.get(route)!, r);
    if (r.subject === 'agent') {
      const id = r.agentId ?? 'unknown';
      const tally = perAgent.get(id) ?? { ...empty(), name: r.agentName ?? id };
      if (r.agentName) tally.name = r.agentName;
      add(tally, r);
      perAgent.set(id, tally);
    }
  }
  return {
    overall: figures(overall),
    bot: figures(bot),
    agents: figures(agents),
    perRoute: [...routes.entries()]
      .map(([route, t]) => ({ route, label: route === NO_ROUTE ? 'No troubleshooting walk' : (routeLabels[route] ?? route), ...figures(t) }))
      .sort((a, b) => b.up + b.down - (a.up + a.down) || a.route.localeCompare(b.route)),
    perAgent: [...perAgent.entries()]
      .map(([agentId, t]) => ({ agentId, agentName: t.name, ...figures(t) }))
      .sort((a, b) => b.up + b.down - (a.up + a.down) || a.agentName.localeCompare(b.agentName)),
    comments: commentsOf(ratings),
  };
}

/** The newest comments, newest first (ratings given oldest first). */
export function commentsOf(ratings: readonly CsatRating[]): CsatComment[] {
  return ratings
    .filter((r) => r.comment)
    .sort((a, b) => b.at - a.at)
    .slice(0, COMMENT_LIMIT)
    .map((r) => ({ at: new Date(r.at).toISOString(), subject: r.subject, ...(r.agentName ? { agentName: r.agentName } : {}), route: r.route, score: r.score, comment: r.comment! }));
}

/** "83% 👍 (5 of 6)" or "no ratings". */
export function formatCsat(f: CsatFigures): string {
  if (f.score === null) return 'no ratings';
  return `${Math.round(f.score * 100)}% 👍 (${f.up} of ${f.up + f.down})`;
}

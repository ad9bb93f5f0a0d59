/**
 * Agent console sign-in: agents sign in with the agent key from configuration (AGENT_KEY) and a display name, and
 * get a session token (see KeySessions) that the console sends as a Bearer token. Keys are never logged.
 */
import { randomUUID } from 'node:crypto';
import { KeySessions } from './keySessions';

/** An agent signed in with the shared key (the hand-off's HandoffAgent of kind 'console'). */
export interface KeyAgent {
  id: string;
  name: string;
  kind: 'console';
}

/** Display names: letters, digits, spaces and . ' - only, 1–40 characters. */
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} .'-]{0,39}$/u;

export function cleanAgentName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.trim().replace(/\s+/g, ' ');
  return NAME.test(name) ? name : undefined;
}

export class AgentAuth {
  private readonly sessions: KeySessions<{ agent: KeyAgent }>;

  constructor(agentKey: string, sessionTtlMs: number, now: () => number = Date.now) {
    this.sessions = new KeySessions(agentKey, 'agent-console-session', sessionTtlMs, now);
  }

  /** True when `candidate` is the agent key (constant time, whatever its length). */
  checkKey(candidate: unknown): boolean {
    return this.sessions.checkKey(candidate);
  }

  /** A session token for a newly signed-in agent. */
  issue(name: string): { token: string; agent: KeyAgent; expiresAt: number } {
    const agent: KeyAgent = { id: `agent-${randomUUID()}`, name, kind: 'console' };
    return { ...this.sessions.issue({ agent }), agent };
  }

  /** The agent of a valid, unexpired token; undefined otherwise. */
  verify(token: string | undefined): KeyAgent | undefined {
    const agent = this.sessions.verify(token)?.agent;
    const name = cleanAgentName(agent?.name);
    if (typeof agent?.id !== 'string' || !name) return undefined;
    return { id: agent.id, name, kind: 'console' };
  }
}

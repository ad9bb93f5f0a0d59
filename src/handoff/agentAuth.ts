/**
 * Agent console sign-in: agents sign in with the agent key from configuration (AGENT_KEY) and a display name, and
 * get a session token (HMAC-signed with a key derived from AGENT_KEY) that the console sends as a Bearer token.
 * Changing AGENT_KEY signs everyone out. Keys are compared in constant time and never logged.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { HandoffAgent } from './types';

export interface AgentSessionClaims {
  agent: HandoffAgent;
  /** Expiry, ms since epoch. */
  exp: number;
}

/** Display names: letters, digits, spaces and . ' - only, 1–40 characters. */
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} .'-]{0,39}$/u;

export function cleanAgentName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.trim().replace(/\s+/g, ' ');
  return NAME.test(name) ? name : undefined;
}

export class AgentAuth {
  private readonly keyDigest: Buffer;
  private readonly signingKey: Buffer;

  constructor(
    agentKey: string,
    private readonly sessionTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.keyDigest = createHash('sha256').update(agentKey).digest();
    this.signingKey = createHmac('sha256', agentKey).update('agent-console-session').digest();
  }

  /** True when `candidate` is the agent key (constant time, whatever its length). */
  checkKey(candidate: unknown): boolean {
    if (typeof candidate !== 'string' || candidate === '') return false;
    return timingSafeEqual(createHash('sha256').update(candidate).digest(), this.keyDigest);
  }

  /** A session token for a newly signed-in agent. */
  issue(name: string): { token: string; agent: HandoffAgent; expiresAt: number } {
    const agent: HandoffAgent = { id: `agent-${randomUUID()}`, name, kind: 'console' };
    const exp = this.now() + this.sessionTtlMs;
    const payload = Buffer.from(JSON.stringify({ agent, exp } satisfies AgentSessionClaims)).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, agent, expiresAt: exp };
  }

  /** The agent of a valid, unexpired token; undefined otherwise. */
  verify(token: string | undefined): HandoffAgent | undefined {
    if (!token) return undefined;
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const actual = Buffer.from(signature);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AgentSessionClaims;
      if (typeof claims.exp !== 'number' || claims.exp <= this.now()) return undefined;
      const name = cleanAgentName(claims.agent?.name);
      if (typeof claims.agent?.id !== 'string' || !name) return undefined;
      return { id: claims.agent.id, name, kind: 'console' };
    } catch {
      return undefined;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.signingKey).update(payload).digest('base64url');
  }
}

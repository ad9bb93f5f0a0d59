/**
 * Who an agent console request comes from, in either of the two sign-in modes:
 *   oidc        the organisation's accounts (src/auth/oidcSignIn.ts): the agent's id and name come from the ID
 *               token; only accounts with the agent role (OIDC_AGENT_ROLE) are agents.
 *   shared-key  AGENT_KEY for local use: one key for everyone plus a typed name (labelled "shared key" in the console).
 *               The session token travels as a Bearer token (API clients) or an HttpOnly cookie (the page, and its
 *               event stream, which cannot send headers).
 */
import type { Request } from 'restify';
import { bearerToken } from '../http/bearerToken';
import { cookieOf } from '../auth/cookies';
import type { OidcSignIn } from '../auth/oidcSignIn';
import { isAgent } from '../auth/roles';
import type { AgentAuth } from '../auth/agentAuth';
import type { HandoffAgent } from './types';

export const AGENT_KEY_COOKIE = 'agent_console';

export interface AgentIdentity {
  readonly mode: 'oidc' | 'shared-key';
  agentOf(req: Request): Promise<HandoffAgent | undefined>;
}

export class SharedKeyIdentity implements AgentIdentity {
  readonly mode = 'shared-key' as const;
  constructor(readonly auth: AgentAuth) {}

  async agentOf(req: Request): Promise<HandoffAgent | undefined> {
    return this.auth.verify(bearerToken(req.headers.authorization) ?? cookieOf(req, AGENT_KEY_COOKIE));
  }
}

export class OidcAgentIdentity implements AgentIdentity {
  readonly mode = 'oidc' as const;
  constructor(readonly oidc: OidcSignIn) {}

  async agentOf(req: Request): Promise<HandoffAgent | undefined> {
    const user = await this.oidc.userOf(req);
    if (!user || !isAgent(user, this.oidc.rules)) return undefined;
    return { id: user.id, name: user.name, kind: 'console' };
  }
}

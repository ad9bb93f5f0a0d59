/**
 * Who may do what, from the ID token's claims: agents and admins are recognised by an app role or a group in the
 * claim named by OIDC_ROLES_CLAIM (Entra ID: `roles` for app roles, `groups` for group object ids).
 */
export interface SignedInUser {
  /** Stable id from the token: Entra's `oid` when present, else `sub`. */
  id: string;
  name: string;
  email?: string;
  roles: string[];
}

export interface RoleRules {
  rolesClaim: string;
  agentRole: string;
  adminRole: string;
}

/** The values of the roles claim: an array of strings, or one string (space- or comma-separated). */
function rolesOf(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** The user of a token's claims; undefined without a subject. */
export function userOf(claims: Record<string, unknown>, rules: RoleRules): SignedInUser | undefined {
  const str = (key: string): string | undefined => (typeof claims[key] === 'string' && (claims[key] as string).trim() ? (claims[key] as string).trim() : undefined);
  const id = str('oid') ?? str('sub');
  if (!id) return undefined;
  const email = str('email') ?? str('preferred_username');
  const name = (str('name') ?? email ?? id).slice(0, 80);
  return { id, name, ...(email ? { email } : {}), roles: rolesOf(claims, rules.rolesClaim) };
}

export const isAgent = (user: SignedInUser | undefined, rules: RoleRules): boolean => Boolean(user?.roles.includes(rules.agentRole));
export const isAdmin = (user: SignedInUser | undefined, rules: RoleRules): boolean => Boolean(user?.roles.includes(rules.adminRole));

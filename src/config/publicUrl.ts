/**
 * One public-address setting, PUBLIC_URL. Its old names are still read: PUBLIC_BASE_URL (the same URL) and
 * BOT_PUBLIC_HOST (a bare host name, taken as https://<host>/), each with a deprecation warning for the log.
 */
import { ConfigError } from './configError';

type PublicUrlSource = 'PUBLIC_URL' | 'PUBLIC_BASE_URL' | 'BOT_PUBLIC_HOST';

export interface ResolvedPublicUrl {
  /** The environment with PUBLIC_URL filled in from an old name when only that is set. */
  env: NodeJS.ProcessEnv;
  /** The variable the value came from (for error messages), when there is one. */
  source?: PublicUrlSource;
  /** Deprecation warnings to log. */
  warnings: string[];
}

const given = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

/** A bare host name (optionally "*." and a :port), as the URL parser reads it: no scheme, path, query or user. */
function isHostName(value: string): boolean {
  try {
    const url = new URL(`https://${value}`);
    return url.host === value.toLowerCase() && url.pathname === '/' && !url.search && !url.hash && !url.username;
  } catch {
    return false;
  }
}

function fromOldName(env: NodeJS.ProcessEnv, name: 'PUBLIC_BASE_URL' | 'BOT_PUBLIC_HOST', value: string): string {
  if (name === 'PUBLIC_BASE_URL') return value;
  if (!isHostName(value)) {
    throw new ConfigError(name, `must be a host name like icloud-help.azurewebsites.net, without https:// or a path (got ${JSON.stringify(value)}); better, set PUBLIC_URL=https://<host>/`);
  }
  return `https://${value}/`;
}

/** Reads PUBLIC_URL, or one of its old names with a warning. Throws ConfigError naming a malformed BOT_PUBLIC_HOST. */
export function resolvePublicUrl(env: NodeJS.ProcessEnv): ResolvedPublicUrl {
  const oldNames = (['PUBLIC_BASE_URL', 'BOT_PUBLIC_HOST'] as const).filter((name) => given(env, name) !== undefined);
  const current = given(env, 'PUBLIC_URL');
  if (current) {
    const warnings = oldNames.map((name) => `${name} is deprecated and ignored: PUBLIC_URL is set (remove ${name})`);
    return { env, source: 'PUBLIC_URL', warnings };
  }
  const source = oldNames[0];
  if (!source) return { env, warnings: [] };
  const value = fromOldName(env, source, given(env, source)!);
  const warnings = [`${source} is deprecated: set PUBLIC_URL=${value} instead`];
  if (oldNames.length > 1) warnings.push(`BOT_PUBLIC_HOST is deprecated and ignored: PUBLIC_BASE_URL is read as PUBLIC_URL`);
  return { env: { ...env, PUBLIC_URL: value }, source, warnings };
}

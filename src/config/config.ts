/**
 * Configuration is read once, from the environment (and `.env` via dotenv), into one typed, validated object.
 * A bad value stops start-up with a message naming the variable. The variables, their defaults and descriptions are
 * in envSchema.ts (the README's table and `.env.example` are written from it by `npm run docs:config`).
 */
import { config as loadDotenv } from 'dotenv';
import { parseAllowedOrigins } from '../http/origins';
import { ConfigError } from './configError';
import { EnvSchema, type Env } from './envSchema';
import { resolvePublicUrl } from './publicUrl';

export { ConfigError } from './configError';

export interface AppConfig {
  nodeEnv: Env['NODE_ENV'];
  port: number;
  host: string;
  /** Passed as-is to botbuilder's ConfigurationBotFrameworkAuthentication (it reads these exact names). */
  botAuth: {
    MicrosoftAppType: Env['MicrosoftAppType'];
    MicrosoftAppId?: string;
    MicrosoftAppPassword?: string;
    MicrosoftAppTenantId?: string;
  };
  contentDir: string;
  intentsDir: string;
  modelPath: string;
  nlu: { confidenceThreshold: number; noneThreshold: number };
  maxMessageLength: number;
  logLevel: Env['LOG_LEVEL'];
  maxBodyBytes: number;
  heapGrowingPercent: number;
  messageLimits: { perClient: number; perConversation: number; windowSeconds: number };
  storage: { kind: 'sqlite' | 'memory' | 'redis'; sqlitePath: string; redisUrl?: string; keyPrefix: string; idleTtlMs: number };
  directLine: { secret?: string; endpoint: string; tokenTtlSeconds: number; signingKey?: string };
  allowedOrigins: string[];
  handoff: { agentKey?: string; acceptTimeoutSeconds: number; agentSessionMs: number };
  /** Sign-in with the organisation's accounts (agent console and dashboard); undefined = shared keys only. */
  oidc?: { issuer: string; clientId: string; clientSecret?: string; scopes: string; rolesClaim: string; agentRole: string; adminRole: string; publicUrl: string; sessionMs: number };
  publicUrl?: string;
  analytics: { adminKey?: string; abandonAfterMs: number; retentionMs: number };
  metrics: { key?: string; host?: string; port: number };
  telemetry: { otlpEndpoint?: string; appInsightsConnectionString?: string };
  images: { ocrWorkers: number; maxBytes: number; maxPixels: number };
  /** Warnings for the start-up log (deprecated variable names). */
  warnings: string[];
}

/** Validates an environment (defaults to process.env after loading .env). Throws ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = readEnvironment()): AppConfig {
  const publicUrl = resolvePublicUrl(env);
  const e = parseEnv(publicUrl.env);
  checkCredentials(e);
  checkKeysAndSignIn(e);
  checkOthers(e);
  return { ...toAppConfig(e, allowedOriginsOf(e)), warnings: publicUrl.warnings };
}

function parseEnv(env: NodeJS.ProcessEnv): Env {
  const parsed = EnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const variable = String(issue.path[0] ?? '?');
  // Never echo secrets (or URLs that may embed one) into logs.
  const shown = /password|secret|key|token|url/i.test(variable) ? '' : ` (${JSON.stringify(env[variable])})`;
  throw new ConfigError(variable, `is invalid${shown}: ${issue.message}`);
}

function checkCredentials(e: Env): void {
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError('MicrosoftAppPassword', `is required when MicrosoftAppId is set and MicrosoftAppType is ${e.MicrosoftAppType}`);
  }
  if (e.MicrosoftAppType === 'SingleTenant' && e.MicrosoftAppId && !e.MicrosoftAppTenantId) {
    throw new ConfigError('MicrosoftAppTenantId', 'is required when MicrosoftAppType is SingleTenant');
  }
  if (e.NODE_ENV === 'production' && !e.MicrosoftAppId) {
    throw new ConfigError('MicrosoftAppId', 'is required when NODE_ENV=production: without app credentials anyone could post to /api/messages');
  }
}

function checkKeysAndSignIn(e: Env): void {
  if (e.ADMIN_KEY && e.ADMIN_KEY.length < 16) throw new ConfigError('ADMIN_KEY', 'must be at least 16 characters (it guards the operators\' dashboard)');
  if (e.AGENT_KEY && e.AGENT_KEY.length < 16) throw new ConfigError('AGENT_KEY', 'must be at least 16 characters (it guards the agent console)');
  if (e.OIDC_ISSUER) {
    if (e.AGENT_KEY) throw new ConfigError('AGENT_KEY', 'must not be set when OIDC_ISSUER is set: agents sign in with their own accounts');
    if (!e.OIDC_CLIENT_ID) throw new ConfigError('OIDC_CLIENT_ID', 'is required when OIDC_ISSUER is set');
    if (!e.PUBLIC_URL) throw new ConfigError('PUBLIC_URL', 'is required when OIDC_ISSUER is set (the sign-in redirect is PUBLIC_URL/auth/callback)');
  } else if (e.OIDC_CLIENT_ID || e.OIDC_CLIENT_SECRET) {
    throw new ConfigError('OIDC_ISSUER', 'is required when OIDC_CLIENT_ID or OIDC_CLIENT_SECRET is set');
  }
  if (e.METRICS_KEY && e.METRICS_KEY.length < 16) throw new ConfigError('METRICS_KEY', 'must be at least 16 characters');
}

function checkOthers(e: Env): void {
  if (e.METRICS_HOST && !['127.0.0.1', '::1', 'localhost'].includes(e.METRICS_HOST)) {
    throw new ConfigError('METRICS_HOST', 'must be a loopback address (127.0.0.1, ::1 or localhost); use METRICS_KEY to expose /metrics beyond this machine');
  }
  if (e.STORAGE === 'redis' && !e.REDIS_URL) throw new ConfigError('REDIS_URL', 'is required when STORAGE=redis');
  if (e.NLU_NONE_THRESHOLD > e.NLU_CONFIDENCE_THRESHOLD) {
    throw new ConfigError('NLU_NONE_THRESHOLD', `(${e.NLU_NONE_THRESHOLD}) must not exceed NLU_CONFIDENCE_THRESHOLD (${e.NLU_CONFIDENCE_THRESHOLD})`);
  }
}

function allowedOriginsOf(e: Env): string[] {
  try {
    return parseAllowedOrigins(e.ALLOWED_ORIGINS);
  } catch (error) {
    throw new ConfigError('ALLOWED_ORIGINS', `is invalid: ${(error as Error).message}`);
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

function toAppConfig(e: Env, allowedOrigins: string[]): Omit<AppConfig, 'warnings'> {
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    botAuth: { MicrosoftAppType: e.MicrosoftAppType, MicrosoftAppId: e.MicrosoftAppId, MicrosoftAppPassword: e.MicrosoftAppPassword, MicrosoftAppTenantId: e.MicrosoftAppTenantId },
    contentDir: e.CONTENT_DIR,
    intentsDir: e.INTENTS_DIR,
    modelPath: e.MODEL_PATH,
    nlu: { confidenceThreshold: e.NLU_CONFIDENCE_THRESHOLD, noneThreshold: e.NLU_NONE_THRESHOLD },
    maxMessageLength: e.MAX_MESSAGE_LENGTH,
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    heapGrowingPercent: e.HEAP_GROWING_PERCENT,
    images: { ocrWorkers: e.OCR_WORKERS, maxBytes: e.IMAGE_MAX_BYTES, maxPixels: e.IMAGE_MAX_PIXELS },
    messageLimits: { perClient: e.RATE_LIMIT_PER_CLIENT, perConversation: e.RATE_LIMIT_PER_CONVERSATION, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS },
    storage: {
      kind: e.STORAGE ?? (e.REDIS_URL ? 'redis' : 'sqlite'),
      sqlitePath: e.SQLITE_PATH,
      redisUrl: e.REDIS_URL,
      keyPrefix: e.REDIS_KEY_PREFIX,
      idleTtlMs: Math.round(e.STATE_IDLE_TTL_DAYS * DAY_MS),
    },
    directLine: { secret: e.DIRECT_LINE_SECRET, endpoint: e.DIRECT_LINE_ENDPOINT, tokenTtlSeconds: e.DIRECT_LINE_TOKEN_TTL, signingKey: e.DIRECT_LINE_SIGNING_KEY },
    allowedOrigins,
    handoff: { agentKey: e.AGENT_KEY, acceptTimeoutSeconds: e.HANDOFF_ACCEPT_TIMEOUT_SECONDS, agentSessionMs: Math.round(e.AGENT_SESSION_HOURS * HOUR_MS) },
    oidc: oidcOf(e),
    publicUrl: e.PUBLIC_URL,
    analytics: {
      adminKey: e.ADMIN_KEY,
      abandonAfterMs: Math.round(e.ANALYTICS_ABANDON_MINUTES * 60 * 1000),
      retentionMs: Math.round(e.ANALYTICS_RETENTION_DAYS * DAY_MS),
    },
    metrics: { key: e.METRICS_KEY, host: e.METRICS_HOST, port: e.METRICS_PORT },
    telemetry: { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, appInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING },
  };
}

function oidcOf(e: Env): AppConfig['oidc'] {
  if (!e.OIDC_ISSUER) return undefined;
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID!,
    clientSecret: e.OIDC_CLIENT_SECRET,
    scopes: e.OIDC_SCOPES,
    rolesClaim: e.OIDC_ROLES_CLAIM,
    agentRole: e.OIDC_AGENT_ROLE,
    adminRole: e.OIDC_ADMIN_ROLE,
    publicUrl: e.PUBLIC_URL!,
    sessionMs: Math.round(e.AGENT_SESSION_HOURS * HOUR_MS),
  };
}

/** process.env with `.env` applied underneath (real environment variables win). Quiet: dotenv must not log. */
export function readEnvironment(): NodeJS.ProcessEnv {
  loadDotenv({ quiet: true });
  return process.env;
}

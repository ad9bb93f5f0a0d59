/**
 * Configuration is read once, from the environment (and `.env` via dotenv), into one typed, validated object.
 * A bad value stops start-up with a message naming the variable. `.env.example` documents every variable.
 */
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { DEFAULT_MESSAGE_LIMITS } from '../http/limits';
import { parseAllowedOrigins } from '../http/origins';

const port = z.coerce.number().int().min(0).max(65535);
const probability = z.coerce.number().min(0).max(1);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3978),
  /** Interface to listen on. 0.0.0.0 for containers / Azure App Service; tests use 127.0.0.1. */
  HOST: z.string().min(1).default('0.0.0.0'),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  /** Directory holding the content files. */
  CONTENT_DIR: z.string().min(1).default('dialogs'),
  INTENTS_DIR: z.string().min(1).default('intents'),
  /** Where the trained NLU model is kept (retrained when intents/ changes). */
  MODEL_PATH: z.string().min(1).default('models/nlu-model.json'),
  /** Below this confidence the bot asks a clarifying question instead of opening a dialog. */
  NLU_CONFIDENCE_THRESHOLD: probability.default(0.45),
  /** Below this confidence the message is treated as out of scope. */
  NLU_NONE_THRESHOLD: probability.default(0.2),
  /** Longest message (characters) the bot will read; longer ones get a polite "too long". */
  MAX_MESSAGE_LENGTH: z.coerce.number().int().positive().default(2000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted HTTP request body in bytes (larger → 413). */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(262144),
  /** Screenshots: OCR worker threads (0 = images are not read), largest image file in bytes, largest width × height. */
  OCR_WORKERS: z.coerce.number().int().min(0).max(16).default(2),
  IMAGE_MAX_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  IMAGE_MAX_PIXELS: z.coerce.number().int().min(10_000).default(16_000_000),
  /** V8's old generation may grow by this % of the live heap between full collections (src/util/heapGrowth.ts); 0 = V8's default. */
  HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(1000).default(50),
  /** Rate limits of POST /api/messages (429 beyond them), per RATE_LIMIT_WINDOW_SECONDS; 0 turns a limit off. */
  RATE_LIMIT_PER_CLIENT: z.coerce.number().int().min(0).default(DEFAULT_MESSAGE_LIMITS.perClient),
  RATE_LIMIT_PER_CONVERSATION: z.coerce.number().int().min(0).default(DEFAULT_MESSAGE_LIMITS.perConversation),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().positive().default(DEFAULT_MESSAGE_LIMITS.windowSeconds),
  /** Where state lives: sqlite (embedded default), memory (tests), redis (several instances; chosen when REDIS_URL is set). */
  STORAGE: z.enum(['sqlite', 'memory', 'redis']).optional(),
  SQLITE_PATH: z.string().min(1).default('data/bot.sqlite'),
  REDIS_URL: optionalString.pipe(z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional()),
  REDIS_KEY_PREFIX: z.string().default('bot:'),
  /** Traces: OTLP over HTTP to this collector (…/v1/traces), or to Azure Monitor with the connection string; neither = off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.string().regex(/^https?:\/\//, 'must start with http:// or https://').optional()),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString,
  /** Conversations idle longer than this are deleted from the store. */
  STATE_IDLE_TTL_DAYS: z.coerce.number().positive().default(30),
  /** Azure Bot Service Direct Line secret. When set the page gets tokens from Azure; when not, the built-in emulator serves it. */
  DIRECT_LINE_SECRET: optionalString,
  DIRECT_LINE_ENDPOINT: z.string().url().default('https://directline.botframework.com'),
  /** Lifetime of local Direct Line tokens in seconds (Web Chat refreshes them every 15 minutes). */
  DIRECT_LINE_TOKEN_TTL: z.coerce.number().int().min(900).default(1800),
  /** Key that signs local Direct Line tokens. When empty, one is generated once and kept in the store (shared by instances). */
  DIRECT_LINE_SIGNING_KEY: optionalString,
  /** Other sites that may embed the chat with /embed.js (comma-separated origins, e.g. https://help.example.com). */
  ALLOWED_ORIGINS: optionalString,
  /** Shared key agents sign in to the agent console (/agent) with, for local use. Unset (and no OIDC) = the console is off (404). */
  AGENT_KEY: optionalString,
  /** OpenID Connect issuer (Entra ID: https://login.microsoftonline.com/<tenant-id>/v2.0). Set = agents and admins sign in with their accounts. */
  OIDC_ISSUER: optionalString.pipe(z.string().url().optional()),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_SCOPES: z.string().min(1).default('openid profile email'),
  /** The ID-token claim holding app roles or groups (Entra ID: `roles` for app roles, `groups` for group ids). */
  OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** The value of that claim that makes someone an agent / an admin. */
  OIDC_AGENT_ROLE: z.string().min(1).default('Support.Agent'),
  OIDC_ADMIN_ROLE: z.string().min(1).default('Support.Admin'),
  /** The site's public address, e.g. https://help.example.com (the sign-in redirect is PUBLIC_URL/auth/callback). */
  PUBLIC_URL: optionalString.pipe(z.string().url().optional()),
  /** A person waiting this long for an agent to accept is told nobody answered (with Apple Support's contacts); they stay queued. */
  HANDOFF_ACCEPT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(120),
  /** How long an agent console sign-in lasts. */
  AGENT_SESSION_HOURS: z.coerce.number().positive().max(168).default(12),
  /** Key for the operators' dashboard (/admin) and its API. Unset = the dashboard is off (404). */
  ADMIN_KEY: optionalString,
  /** A conversation with no outcome and no message for this long counts as abandoned in the analytics. */
  ANALYTICS_ABANDON_MINUTES: z.coerce.number().positive().default(30),
  /** Analytics records older than this are deleted. */
  ANALYTICS_RETENTION_DAYS: z.coerce.number().positive().default(365),
  /** Bearer key for GET /metrics (Prometheus) on the bot's port. Unset (and no METRICS_HOST) = /metrics is off (404). */
  METRICS_KEY: optionalString,
  /** Loopback address (127.0.0.1, ::1, localhost) of a separate listener serving /metrics without a key. */
  METRICS_HOST: optionalString,
  /** Port of that listener. */
  METRICS_PORT: port.default(9464),
});

export type Env = z.infer<typeof EnvSchema>;

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
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Validates an environment (defaults to process.env after loading .env). Throws ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = readEnvironment()): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? '?');
    // Never echo secrets (or URLs that may embed one) into logs.
    const shown = /password|secret|key|token|url/i.test(variable) ? '' : ` (${JSON.stringify(env[variable])})`;
    throw new ConfigError(variable, `is invalid${shown}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError('MicrosoftAppPassword', `is required when MicrosoftAppId is set and MicrosoftAppType is ${e.MicrosoftAppType}`);
  }
  if (e.MicrosoftAppType === 'SingleTenant' && e.MicrosoftAppId && !e.MicrosoftAppTenantId) {
    throw new ConfigError('MicrosoftAppTenantId', 'is required when MicrosoftAppType is SingleTenant');
  }
  if (e.NODE_ENV === 'production' && !e.MicrosoftAppId) {
    throw new ConfigError('MicrosoftAppId', 'is required when NODE_ENV=production: without app credentials anyone could post to /api/messages');
  }
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
  if (e.METRICS_HOST && !['127.0.0.1', '::1', 'localhost'].includes(e.METRICS_HOST)) {
    throw new ConfigError('METRICS_HOST', 'must be a loopback address (127.0.0.1, ::1 or localhost); use METRICS_KEY to expose /metrics beyond this machine');
  }
  if (e.STORAGE === 'redis' && !e.REDIS_URL) throw new ConfigError('REDIS_URL', 'is required when STORAGE=redis');
  if (e.NLU_NONE_THRESHOLD > e.NLU_CONFIDENCE_THRESHOLD) {
    throw new ConfigError('NLU_NONE_THRESHOLD', `(${e.NLU_NONE_THRESHOLD}) must not exceed NLU_CONFIDENCE_THRESHOLD (${e.NLU_CONFIDENCE_THRESHOLD})`);
  }
  let allowedOrigins: string[];
  try {
    allowedOrigins = parseAllowedOrigins(e.ALLOWED_ORIGINS);
  } catch (error) {
    throw new ConfigError('ALLOWED_ORIGINS', `is invalid: ${(error as Error).message}`);
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    botAuth: {
      MicrosoftAppType: e.MicrosoftAppType,
      MicrosoftAppId: e.MicrosoftAppId,
      MicrosoftAppPassword: e.MicrosoftAppPassword,
      MicrosoftAppTenantId: e.MicrosoftAppTenantId,
    },
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
      idleTtlMs: Math.round(e.STATE_IDLE_TTL_DAYS * 24 * 60 * 60 * 1000),
    },
    directLine: {
      secret: e.DIRECT_LINE_SECRET,
      endpoint: e.DIRECT_LINE_ENDPOINT,
      tokenTtlSeconds: e.DIRECT_LINE_TOKEN_TTL,
      signingKey: e.DIRECT_LINE_SIGNING_KEY,
    },
    allowedOrigins,
    handoff: {
      agentKey: e.AGENT_KEY,
      acceptTimeoutSeconds: e.HANDOFF_ACCEPT_TIMEOUT_SECONDS,
      agentSessionMs: Math.round(e.AGENT_SESSION_HOURS * 60 * 60 * 1000),
    },
    oidc: e.OIDC_ISSUER
      ? {
          issuer: e.OIDC_ISSUER,
          clientId: e.OIDC_CLIENT_ID!,
          clientSecret: e.OIDC_CLIENT_SECRET,
          scopes: e.OIDC_SCOPES,
          rolesClaim: e.OIDC_ROLES_CLAIM,
          agentRole: e.OIDC_AGENT_ROLE,
          adminRole: e.OIDC_ADMIN_ROLE,
          publicUrl: e.PUBLIC_URL!,
          sessionMs: Math.round(e.AGENT_SESSION_HOURS * 60 * 60 * 1000),
        }
      : undefined,
    publicUrl: e.PUBLIC_URL,
    analytics: {
      adminKey: e.ADMIN_KEY,
      abandonAfterMs: Math.round(e.ANALYTICS_ABANDON_MINUTES * 60 * 1000),
      retentionMs: Math.round(e.ANALYTICS_RETENTION_DAYS * 24 * 60 * 60 * 1000),
    },
    metrics: { key: e.METRICS_KEY, host: e.METRICS_HOST, port: e.METRICS_PORT },
    telemetry: { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, appInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING },
  };
}

/** process.env with `.env` applied underneath (real environment variables win). Quiet: dotenv must not log. */
export function readEnvironment(): NodeJS.ProcessEnv {
  loadDotenv({ quiet: true });
  return process.env;
}

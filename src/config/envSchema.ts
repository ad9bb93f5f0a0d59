/**
 * Every environment variable the bot and its tools read: its type, default, section and description, in one place.
 * `npm run docs:config` writes the README's settings table and `.env.example` from this schema (test/configDocs.test.ts
 * fails when they are stale), so a new variable is documented by adding it here.
 */
import { z } from 'zod';
import { DEFAULT_MESSAGE_LIMITS } from '../http/limits';

/** The headings of `.env.example`, in order. */
export const SECTIONS = [
  'Server',
  'Bot Framework / Azure Bot Service (see docs/deploy.md)',
  'Web Chat page',
  'State',
  'Human hand-off (agent console at /agent)',
  'Agent and admin accounts: OpenID Connect (Entra ID; see docs/deploy.md)',
  'Language understanding',
  "Operators' dashboard (/admin) and analytics",
  'Traces (OpenTelemetry)',
  'Prometheus metrics (/metrics)',
  'Teams app package (npm run teams:package)',
  'Development tools (tests and scripts, not the server)',
] as const;
export type Section = (typeof SECTIONS)[number];

/** What the docs show beside a variable's type and default. */
export interface SettingDoc {
  section: Section;
  description: string;
  /** The default as the docs show it, when the schema cannot hold it (computed from other variables). */
  shownDefault?: string;
}

/** Attaches the documentation to a variable's schema (zod metadata, read by scripts/docsConfig.ts). */
function documented<T extends z.ZodType>(schema: T, section: Section, description: string, shownDefault?: string): T {
  const doc: SettingDoc = shownDefault === undefined ? { section, description } : { section, description, shownDefault };
  return schema.meta({ ...doc });
}

const port = z.coerce.number().int().min(0).max(65535);
const probability = z.coerce.number().min(0).max(1);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
const optionalUrl = optionalString.pipe(z.string().url().optional());

const SERVER = {
  NODE_ENV: documented(z.enum(['development', 'production', 'test']).default('development'), 'Server', '`development`, `production` or `test`; `production` refuses to start without `MicrosoftAppId` (anonymous access would be open).'),
  PORT: documented(port.default(3978), 'Server', 'The port the server listens on.'),
  HOST: documented(z.string().min(1).default('0.0.0.0'), 'Server', 'The interface to listen on: `0.0.0.0` for containers and Azure App Service, `127.0.0.1` for this machine only.'),
  MAX_BODY_BYTES: documented(z.coerce.number().int().min(1024).default(262144), 'Server', 'Largest accepted HTTP request body in bytes (larger → 413). While screenshots are read (OCR_WORKERS above 0) the limit is raised to hold one image of IMAGE_MAX_BYTES as a `data:` URI.'),
  HEAP_GROWING_PERCENT: documented(z.coerce.number().int().min(0).max(1000).default(50), 'Server', "V8's old generation grows by at most this % of the live heap between full collections (src/util/heapGrowth.ts; 50 keeps RSS near 250 MB under load where V8's default let it reach 400-475 MB, bench/results.md); `0` = V8's default."),
  OCR_WORKERS: documented(z.coerce.number().int().min(0).max(16).default(2), 'Server', 'Screenshots: OCR worker threads reading images sent in the chat (tesseract.js, English data from node_modules, never a CDN); `0` = images are not read (the person is asked to type what the screen says).'),
  IMAGE_MAX_BYTES: documented(z.coerce.number().int().min(1024).default(5 * 1024 * 1024), 'Server', 'Largest image file the bot reads, in bytes (larger → a clear "too large" answer).'),
  IMAGE_MAX_PIXELS: documented(z.coerce.number().int().min(10_000).default(16_000_000), 'Server', 'Largest image width × height, read from the header before decoding (decompression bombs get a clear answer, never decoded).'),
  MAX_MESSAGE_LENGTH: documented(z.coerce.number().int().positive().default(2000), 'Server', 'Longest message the bot reads, in characters; longer ones get a polite "too long".'),
  LOG_LEVEL: documented(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), 'Server', 'pino level (`fatal` … `trace`, `silent`); logs are JSON lines on stdout with a request id; secrets and password-like text are redacted.'),
  RATE_LIMIT_PER_CLIENT: documented(z.coerce.number().int().min(0).default(DEFAULT_MESSAGE_LIMITS.perClient), 'Server', 'Requests to POST /api/messages per client (its address, or the first X-Forwarded-For) per window; beyond it 429 with Retry-After; `0` = no limit. With Redis (REDIS_URL) the counts are shared by every instance, else each instance counts on its own.'),
  RATE_LIMIT_PER_CONVERSATION: documented(z.coerce.number().int().min(0).default(DEFAULT_MESSAGE_LIMITS.perConversation), 'Server', 'Turns per conversation per window (429 beyond it); `0` = no limit. Shared through Redis like the per-client limit.'),
  RATE_LIMIT_WINDOW_SECONDS: documented(z.coerce.number().positive().default(DEFAULT_MESSAGE_LIMITS.windowSeconds), 'Server', 'The window of both rate limits, in seconds.'),
};

const BOT_FRAMEWORK = {
  MicrosoftAppType: documented(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'), 'Bot Framework / Azure Bot Service (see docs/deploy.md)', '`MultiTenant`, `SingleTenant` or `UserAssignedMSI`.'),
  MicrosoftAppId: documented(optionalString, 'Bot Framework / Azure Bot Service (see docs/deploy.md)', 'The bot\'s app id. Empty (local use): the bot accepts anonymous requests (Bot Framework Emulator style); set: it requires valid Bot Framework tokens. `NODE_ENV=production` requires it.'),
  MicrosoftAppPassword: documented(optionalString, 'Bot Framework / Azure Bot Service (see docs/deploy.md)', 'Client secret of the app registration (not needed for `UserAssignedMSI`). Never commit it.'),
  MicrosoftAppTenantId: documented(optionalString, 'Bot Framework / Azure Bot Service (see docs/deploy.md)', 'Required for `SingleTenant` (and recommended for `UserAssignedMSI`).'),
};

const WEB_CHAT = {
  DIRECT_LINE_SECRET: documented(optionalString, 'Web Chat page', 'Azure Bot Service Direct Line secret: the page gets short-lived tokens from /api/directline/token (the secret never reaches the browser). Empty: the built-in Direct Line serves the page.'),
  DIRECT_LINE_ENDPOINT: documented(z.string().url().default('https://directline.botframework.com'), 'Web Chat page', "Azure's Direct Line endpoint (with DIRECT_LINE_SECRET)."),
  DIRECT_LINE_TOKEN_TTL: documented(z.coerce.number().int().min(900).default(1800), 'Web Chat page', 'Lifetime of built-in Direct Line tokens in seconds (at least 900: Web Chat refreshes them every 15 minutes).'),
  DIRECT_LINE_SIGNING_KEY: documented(optionalString, 'Web Chat page', 'Signs the built-in Direct Line\'s tokens. Empty: a key is generated once and kept in the store (SQLite file or Redis), so tokens stay valid across restarts and on every instance; set it to rotate it or keep it out of the store.', 'generated once, kept in the store'),
  ALLOWED_ORIGINS: documented(optionalString, 'Web Chat page', 'Other sites that may embed the chat with `<script src="https://<bot>/embed.js">` (comma-separated origins, e.g. `https://help.example.com`); the bot\'s own page always works.'),
  PUBLIC_URL: documented(optionalUrl, 'Web Chat page', "The site's public address, e.g. `https://help.example.com`: the sign-in redirect is PUBLIC_URL/auth/callback (required with OIDC_ISSUER), https makes cookies Secure, and the Teams package takes its host for validDomains. The old names PUBLIC_BASE_URL and BOT_PUBLIC_HOST are still read, with a deprecation warning."),
};

const STATE = {
  STORAGE: documented(z.enum(['sqlite', 'memory', 'redis']).optional(), 'State', '`sqlite` (embedded), `memory` or `redis` (several instances). `memory` is for tests and trials: lost on restart, every conversation in the process heap (~4 KB each until STATE_IDLE_TTL_DAYS).', '`sqlite` (`redis` when REDIS_URL is set)'),
  SQLITE_PATH: documented(z.string().min(1).default('data/bot.sqlite'), 'State', 'The embedded store.'),
  REDIS_URL: documented(optionalString.pipe(z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional()), 'State', '`redis://[:password@]host:6379/0` (`rediss://` for TLS): shared state, rate limits and hand-off events for several instances behind a load balancer.'),
  REDIS_KEY_PREFIX: documented(z.string().default('bot:'), 'State', 'Prefix of every Redis key (several bots can share one Redis).'),
  STATE_IDLE_TTL_DAYS: documented(z.coerce.number().positive().default(30), 'State', 'Conversations idle longer than this many days are deleted.'),
};

const HANDOFF = {
  AGENT_KEY: documented(optionalString, 'Human hand-off (agent console at /agent)', 'One SHARED key agents sign in to /agent with, for local use (16+ characters; refused with OIDC_ISSUER). Empty and no OIDC: the console is off (404); requests for a person still send handoff.initiate for an external agent hub.'),
  HANDOFF_ACCEPT_TIMEOUT_SECONDS: documented(z.coerce.number().int().min(1).default(120), 'Human hand-off (agent console at /agent)', "A person waiting this long without an agent accepting is told nobody is free, with Apple Support's contacts (they stay queued)."),
  AGENT_SESSION_HOURS: documented(z.coerce.number().positive().max(168).default(12), 'Human hand-off (agent console at /agent)', "How long an agent's or admin's sign-in lasts, in hours (at most 168)."),
};

const OIDC_SECTION = 'Agent and admin accounts: OpenID Connect (Entra ID; see docs/deploy.md)' as const;
const OIDC = {
  OIDC_ISSUER: documented(optionalUrl, OIDC_SECTION, 'Issuer, e.g. `https://login.microsoftonline.com/<tenant-id>/v2.0` (locally `npm run dev:oidc`: `http://127.0.0.1:4000`). Set: agents and admins sign in with their own accounts (authorization code + PKCE); needs PUBLIC_URL.'),
  OIDC_CLIENT_ID: documented(optionalString, OIDC_SECTION, "The app registration's client id (required with OIDC_ISSUER)."),
  OIDC_CLIENT_SECRET: documented(optionalString, OIDC_SECTION, "The app registration's client secret."),
  OIDC_SCOPES: documented(z.string().min(1).default('openid profile email'), OIDC_SECTION, 'Scopes asked for at sign-in.'),
  OIDC_ROLES_CLAIM: documented(z.string().min(1).default('roles'), OIDC_SECTION, 'The ID-token claim with app roles or groups (Entra ID: `roles`, or `groups` with group object ids as the roles below).'),
  OIDC_AGENT_ROLE: documented(z.string().min(1).default('Support.Agent'), OIDC_SECTION, 'The value of that claim that makes someone an agent.'),
  OIDC_ADMIN_ROLE: documented(z.string().min(1).default('Support.Admin'), OIDC_SECTION, 'The value of that claim that makes someone an admin.'),
};

const LANGUAGE = {
  CONTENT_DIR: documented(z.string().min(1).default('dialogs'), 'Language understanding', 'The dialog content (causes, solutions, prompts, answers, knowledge).'),
  INTENTS_DIR: documented(z.string().min(1).default('intents'), 'Language understanding', 'The training and held-out utterances.'),
  MODEL_PATH: documented(z.string().min(1).default('models/nlu-model.json'), 'Language understanding', 'Where the trained NLU model is kept (retrained when intents/ changes; the dialog-act model sits beside it).'),
  NLU_CONFIDENCE_THRESHOLD: documented(probability.default(0.45), 'Language understanding', 'Below this confidence (0..1) the bot asks a clarifying question.'),
  NLU_NONE_THRESHOLD: documented(probability.default(0.2), 'Language understanding', 'Below this confidence (0..1, not above NLU_CONFIDENCE_THRESHOLD) a message is out of scope.'),
};

const ADMIN = {
  ADMIN_KEY: documented(optionalString, "Operators' dashboard (/admin) and analytics", 'Key for /admin and `npm run report` (16+ characters). Empty: the dashboard is off (404) unless OIDC is set; then admins (OIDC_ADMIN_ROLE) sign in with their accounts and this key still works as a Bearer key for scripts.'),
  ANALYTICS_ABANDON_MINUTES: documented(z.coerce.number().positive().default(30), "Operators' dashboard (/admin) and analytics", 'No outcome and no reply for this many minutes = abandoned.'),
  ANALYTICS_RETENTION_DAYS: documented(z.coerce.number().positive().default(365), "Operators' dashboard (/admin) and analytics", 'Analytics records older than this many days are deleted.'),
};

const OBSERVABILITY = {
  OTEL_EXPORTER_OTLP_ENDPOINT: documented(optionalString.pipe(z.string().regex(/^https?:\/\//, 'must start with http:// or https://').optional()), 'Traces (OpenTelemetry)', 'Traces over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`, e.g. `http://otel-collector:4318`; off when unset.'),
  APPLICATIONINSIGHTS_CONNECTION_STRING: documented(optionalString, 'Traces (OpenTelemetry)', 'Or traces to Azure Monitor / Application Insights (`@azure/monitor-opentelemetry`).'),
  METRICS_KEY: documented(optionalString, 'Prometheus metrics (/metrics)', 'Bearer key for GET /metrics on the bot\'s own port (16+ characters; scrape with `Authorization: Bearer <key>`). Unset (and no METRICS_HOST): /metrics is off (404).'),
  METRICS_HOST: documented(optionalString, 'Prometheus metrics (/metrics)', 'Or serve /metrics WITHOUT a key on a separate listener bound to a loopback address (`127.0.0.1`, `::1`, `localhost`), for a scraper on the same machine or pod.'),
  METRICS_PORT: documented(port.default(9464), 'Prometheus metrics (/metrics)', 'Port of that listener.'),
};

const TEAMS_SECTION = 'Teams app package (npm run teams:package)' as const;
/** Read by scripts/teamsPackage.ts (which checks them itself); the server ignores them. */
const TEAMS = {
  TEAMS_APP_ID: documented(optionalString, TEAMS_SECTION, "The Teams app's id (a GUID); defaults to MicrosoftAppId."),
  TEAMS_APP_VERSION: documented(optionalString, TEAMS_SECTION, "x.y.z; defaults to package.json's version. Raise it for every re-upload.", "package.json's version"),
  TEAMS_DEVELOPER_NAME: documented(optionalString, TEAMS_SECTION, 'Publisher name shown in Teams (at most 32 characters).'),
  TEAMS_DEVELOPER_WEBSITE_URL: documented(optionalString, TEAMS_SECTION, 'https URL of the publisher; defaults to PUBLIC_URL.'),
  TEAMS_PRIVACY_URL: documented(optionalString, TEAMS_SECTION, 'https URL of the privacy statement; defaults to the website URL.'),
  TEAMS_TERMS_URL: documented(optionalString, TEAMS_SECTION, 'https URL of the terms of use; defaults to the website URL.'),
  CHROMIUM_PATH: documented(optionalString, 'Development tools (tests and scripts, not the server)', 'The Chromium the browser tests and `npm run screenshots:render` drive (playwright-core); default `/usr/bin/chromium` (Debian\'s package).'),
};

export const EnvSchema = z.object({
  ...SERVER,
  ...BOT_FRAMEWORK,
  ...WEB_CHAT,
  ...STATE,
  ...HANDOFF,
  ...OIDC,
  ...LANGUAGE,
  ...ADMIN,
  ...OBSERVABILITY,
  ...TEAMS,
});

export type Env = z.infer<typeof EnvSchema>;

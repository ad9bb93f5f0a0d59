/**
 * Configuration is read once, from the environment (and `.env` via dotenv), into one typed, validated object.
 * A bad value stops start-up with a message naming the variable. `.env.example` documents every variable.
 */
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

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
    const value = env[variable];
    throw new ConfigError(variable, `is invalid (${JSON.stringify(value)}): ${issue.message}`);
  }
  const e = parsed.data;
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError('MicrosoftAppPassword', `is required when MicrosoftAppId is set and MicrosoftAppType is ${e.MicrosoftAppType}`);
  }
  if (e.MicrosoftAppType === 'SingleTenant' && e.MicrosoftAppId && !e.MicrosoftAppTenantId) {
    throw new ConfigError('MicrosoftAppTenantId', 'is required when MicrosoftAppType is SingleTenant');
  }
  if (e.NLU_NONE_THRESHOLD > e.NLU_CONFIDENCE_THRESHOLD) {
    throw new ConfigError('NLU_NONE_THRESHOLD', `(${e.NLU_NONE_THRESHOLD}) must not exceed NLU_CONFIDENCE_THRESHOLD (${e.NLU_CONFIDENCE_THRESHOLD})`);
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
  };
}

/** process.env with `.env` applied underneath (real environment variables win). Quiet: dotenv must not log. */
export function readEnvironment(): NodeJS.ProcessEnv {
  loadDotenv({ quiet: true });
  return process.env;
}

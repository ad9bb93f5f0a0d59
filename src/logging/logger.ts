import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs (pino) to stdout. Credentials are redacted by path; callers never log user text
 * (the server logs ids, types and timings only).
 */
export function createLogger(level: string, destination?: pino.DestinationStream, mixin?: () => object): Logger {
  return pino(
    {
      level,
      // Tracing on: each line gets the active trace id (telemetry/spans.ts traceFields).
      ...(mixin ? { mixin } : {}),
      base: { service: 'icloud-backup-help' },
      redact: {
        paths: [
          'password',
          '*.password',
          'MicrosoftAppPassword',
          '*.MicrosoftAppPassword',
          'secret',
          '*.secret',
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'req.headers.authorization',
          'text',
          '*.text',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

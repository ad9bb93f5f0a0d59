import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs (pino) to stdout. Credentials are redacted by path; callers never log user text
 * (the server logs ids, types and timings only).
 */
export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
  options: { mask?: (text: string) => string; mixin?: () => object } = {},
): Logger {
  const { mask, mixin } = options;
  return pino(
    {
      level,
      // Tracing on: each line gets the active trace id (telemetry/spans.ts traceFields).
      ...(mixin ? { mixin } : {}),
      base: { service: 'icloud-backup-help' },
      // Error messages may quote what was sent (a parser's "unexpected token near …"): they go through the same
      // masking as everything stored (src/privacy/redact.ts, given by index.ts), on the fields that carry them.
      ...(mask ? { formatters: { log: (fields: Record<string, unknown>) => maskErrorFields(fields, mask) } } : {}),
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

/** The free-text fields of a log line that can quote a person's input: `error`, and `err.message` / `err.stack`. */
function maskErrorFields(fields: Record<string, unknown>, mask: (text: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...fields };
  if (typeof out.error === 'string') out.error = mask(out.error);
  const err = out.err;
  if (err && typeof err === 'object' && !Array.isArray(err)) {
    const e = { ...(err as Record<string, unknown>) };
    if (typeof e.message === 'string') e.message = mask(e.message);
    if (typeof e.stack === 'string') e.stack = mask(e.stack);
    out.err = e;
  }
  return out;
}

/**
 * The logging surface the server and channels need. A pino logger satisfies it; tests pass `silentLog`
 * or a recorder. Callers put structured fields in `fields` and never tokens, secrets or user text.
 */
export interface Log {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export const silentLog: Log = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]'],
  [/(password|secret|token)(["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi, '$1$2[redacted]'],
];

/** Removes things that look like credentials from a message before it is logged. */
export function redactCredentials(text: string): string {
  return SECRET_PATTERNS.reduce((acc, [pattern, replacement]) => acc.replace(pattern, replacement), text);
}

/** An error reduced to loggable fields (name, redacted message, stack), never the whole object (it may hold requests with headers). */
export function errorFields(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) {
    return { name: error.name, message: redactCredentials(error.message), stack: error.stack ? redactCredentials(error.stack) : undefined };
  }
  return { name: typeof error, message: redactCredentials(String(error)) };
}

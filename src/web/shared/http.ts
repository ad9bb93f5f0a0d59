/** fetch() for the pages' JSON APIs: an HttpError (status, parsed body) for every answer that is not OK. */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The parsed JSON body of the answer, when it had one. */
    readonly data: unknown = null,
  ) {
    super(message);
  }
}

/** The status of an HttpError (0 for a network failure or anything else). */
export function statusOf(error: unknown): number {
  return error instanceof HttpError ? error.status : 0;
}

/** The body's JSON, or null when it is empty or not JSON. */
async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

/** The server's `{ error: { message } }`, else `HTTP <status>`. */
function messageOf(data: unknown, status: number): string {
  const message = (data as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === 'string' ? message : `HTTP ${status}`;
}

/** The Response when it is OK; otherwise throws an HttpError. */
export async function checked(response: Response): Promise<Response> {
  if (response.ok) return response;
  const data = await bodyOf(response);
  throw new HttpError(response.status, messageOf(data, response.status), data);
}

/**
 * Sends `body` (as JSON when given) and returns the answer's JSON as T — T is the server's own type of that answer,
 * imported with `import type`. Throws an HttpError for an answer that is not OK.
 */
export async function fetchJson<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const response = await fetch(url, {
    credentials: 'same-origin',
    ...rest,
    headers: { Accept: 'application/json', ...(json === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const data = await bodyOf(response);
  if (!response.ok) throw new HttpError(response.status, messageOf(data, response.status), data);
  return data as T;
}

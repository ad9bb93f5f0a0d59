/**
 * Exchanges the Direct Line secret for a conversation token with Azure Bot Service, server-side, so the secret
 * never reaches the browser. POST {endpoint}/v3/directline/tokens/generate with `Authorization: Bearer <secret>`.
 */
export interface UpstreamToken {
  conversationId: string;
  token: string;
  expires_in: number;
}

class UpstreamTokenError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'UpstreamTokenError';
  }
}

export async function generateUpstreamToken(
  endpoint: string,
  secret: string,
  userId: string,
  timeoutMs = 10_000,
  fetchImpl: typeof fetch = fetch,
): Promise<UpstreamToken> {
  let response: Awaited<ReturnType<typeof fetch>>;
  try {
    response = await fetchImpl(`${endpoint.replace(/\/+$/, '')}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ user: { id: userId } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    // The message of a fetch error names the host at most; never the secret.
    throw new UpstreamTokenError(`Direct Line token request failed: ${error instanceof Error ? error.name : 'error'}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new UpstreamTokenError(`Direct Line token request returned HTTP ${response.status}`, response.status);
  }
  const body = (await response.json().catch(() => undefined)) as Partial<UpstreamToken> | undefined;
  if (!body || typeof body.token !== 'string' || typeof body.conversationId !== 'string') {
    throw new UpstreamTokenError('Direct Line token response was not understood');
  }
  return { token: body.token, conversationId: body.conversationId, expires_in: typeof body.expires_in === 'number' ? body.expires_in : 1800 };
}

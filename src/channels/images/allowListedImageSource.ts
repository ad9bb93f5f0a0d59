/**
 * Downloads an image attachment (Teams inline images) with the bot's token, only from the Bot Framework / Teams hosts
 * of an allow-list: the server never requests an address a person chose. Redirects are refused (a redirect could
 * lead anywhere), the body is read up to the image limit, and a slow host is given up on.
 */
import type { TurnContext } from 'botbuilder';
import type { ImageBytes, ImageSource } from './imageAttachments';

/**
 * Where Teams and the Bot Framework serve attachments (a leading "." allows the subdomains). Azure Direct Line (Web
 * Chat's uploads when DIRECT_LINE_SECRET is set) hands the bot `https://directline.botframework.com/attachments/<conversation>/<activity>/<n>/<name>`
 * (or the regional europe. / india.directline.botframework.com): covered by ".botframework.com".
 */
export const BOT_FRAMEWORK_IMAGE_HOSTS = ['smba.trafficmanager.net', '.botframework.com', '.asm.skype.com', '.teams.microsoft.com'];

/**
 * The hosts images are downloaded from: the Bot Framework / Teams hosts, and — when the page talks to Azure's Direct
 * Line (a secret is set) — exactly the host of DIRECT_LINE_ENDPOINT, whose attachments its uploads become (a sovereign
 * cloud's, e.g. directline.botframework.azure.us, is not under botframework.com). Only an https endpoint counts.
 */
export function imageHostsFor(directLine?: { secret?: string; endpoint: string }): string[] {
  if (!directLine?.secret) return [...BOT_FRAMEWORK_IMAGE_HOSTS];
  let endpoint: URL;
  try {
    endpoint = new URL(directLine.endpoint);
  } catch {
    return [...BOT_FRAMEWORK_IMAGE_HOSTS];
  }
  const host = endpoint.hostname.toLowerCase();
  const covered = BOT_FRAMEWORK_IMAGE_HOSTS.some((h) => (h.startsWith('.') ? host.endsWith(h) : host === h));
  return endpoint.protocol === 'https:' && !covered ? [...BOT_FRAMEWORK_IMAGE_HOSTS, host] : [...BOT_FRAMEWORK_IMAGE_HOSTS];
}

export interface AllowListOptions {
  hosts: readonly string[];
  /** The bot's token for this turn's channel (undefined: none, e.g. anonymous local mode). */
  token: (context: TurnContext) => Promise<string | undefined>;
  /** Tests only: accept http:// (a local stub host). */
  allowHttp?: boolean;
  timeoutMs?: number;
}

export class AllowListedImageSource implements ImageSource {
  constructor(private readonly options: AllowListOptions) {}

  /** True when the URL's host is on the allow-list (exactly, or a subdomain of a ".suffix" entry). */
  allows(url: string): boolean {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (parsed.protocol !== 'https:' && !(this.options.allowHttp && parsed.protocol === 'http:')) return false;
    if (parsed.username || parsed.password) return false;
    const host = parsed.hostname.toLowerCase();
    return this.options.hosts.some((h) => (h.startsWith('.') ? host.endsWith(h) && host.length > h.length : host === h));
  }

  async bytesOf(url: string, context: TurnContext, maxBytes: number): Promise<ImageBytes | undefined> {
    if (!this.allows(url)) return undefined;
    const token = await this.options.token(context);
    const response = await fetch(url, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      redirect: 'error',
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    }).catch(() => undefined);
    if (!response?.ok || !response.body) return { ok: false, failure: 'unavailable' };
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) return { ok: false, failure: 'too_big' };
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) return { ok: false, failure: 'too_big' };
      chunks.push(chunk);
    }
    return { ok: true, bytes: Buffer.concat(chunks) };
  }
}

/** The bot's token from the turn's connector client (Bot Framework app credentials), when the bot has an app id. */
export async function connectorToken(context: TurnContext): Promise<string | undefined> {
  const client = context.turnState.get(context.adapter.ConnectorClientKey) as { credentials?: { getToken?: (force?: boolean) => Promise<string> } } | undefined;
  const getToken = client?.credentials?.getToken;
  if (!getToken) return undefined;
  return getToken.call(client.credentials).catch(() => undefined);
}

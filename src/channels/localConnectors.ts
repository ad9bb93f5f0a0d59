/**
 * Channels hosted inside this process (the local Direct Line emulator) receive the bot's replies through the
 * Bot Connector REST API on a loopback serviceUrl. This registry maps such serviceUrls to a per-process random
 * secret, so (a) outgoing calls to them are signed with that secret instead of an Azure AD token (which would need
 * the internet) and (b) the connector endpoints can refuse calls that do not carry it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export class LocalConnectorRegistry {
  private readonly prefixes = new Set<string>();
  /** Sent as `Authorization: Bearer <secret>` on calls to registered serviceUrls. Never leaves the process. */
  readonly secret = randomBytes(32).toString('base64url');

  /** Registers a serviceUrl (no trailing slash) served by this process. Returns a function that unregisters it. */
  register(serviceUrl: string): () => void {
    const prefix = `${serviceUrl.replace(/\/+$/, '')}/`;
    this.prefixes.add(prefix);
    return () => {
      this.prefixes.delete(prefix);
    };
  }

  /** True when a request URL goes to a registered local serviceUrl. */
  isLocal(url: string): boolean {
    for (const prefix of this.prefixes) {
      if (url.startsWith(prefix)) return true;
    }
    return false;
  }

  /** Checks an incoming Authorization header against the secret (constant time). */
  isAuthorized(authorizationHeader: string | undefined): boolean {
    if (!authorizationHeader) return false;
    const expected = Buffer.from(`Bearer ${this.secret}`);
    const actual = Buffer.from(authorizationHeader);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

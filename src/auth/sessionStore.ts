/**
 * Server-side sign-in sessions in the bot's storage (memory, SQLite or Redis — shared by every instance), so signing
 * out ends the session everywhere at once and a stolen cookie is worthless after sign-out or expiry. The cookie holds
 * only a random 256-bit id; the stored key is its SHA-256, so the store's contents cannot be replayed as cookies.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Storage } from 'botbuilder';

const key = (id: string): string => `auth/sessions/${createHash('sha256').update(id).digest('hex')}`;

interface Stored<T> {
  data: T;
  /** ms since epoch */
  expiresAt: number;
}

export class SessionStore<T extends object> {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores `data` for `ttlMs`; returns the id for the cookie. */
  async create(data: T, ttlMs: number): Promise<{ id: string; expiresAt: number }> {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + ttlMs;
    await this.storage.write({ [key(id)]: { data, expiresAt } satisfies Stored<T> });
    return { id, expiresAt };
  }

  /** The session's data while it is unexpired; an expired session is deleted on the way. */
  async get(id: string | undefined): Promise<{ data: T; expiresAt: number } | undefined> {
    if (!id || id.length > 100) return undefined;
    const items = await this.storage.read([key(id)]);
    const stored = items[key(id)] as Stored<T> | undefined;
    if (!stored || typeof stored.expiresAt !== 'number') return undefined;
    if (stored.expiresAt <= this.now()) {
      await this.storage.delete([key(id)]);
      return undefined;
    }
    return { data: stored.data, expiresAt: stored.expiresAt };
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id && id.length <= 100) await this.storage.delete([key(id)]);
  }
}

import { randomBytes } from 'node:crypto';

/** Unguessable conversation id (128 bits); knowing it is part of what protects a conversation. */
export function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

export function newUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

/** A user id supplied by a client is accepted only in Direct Line's `dl_` form. */
export function isAcceptableUserId(id: unknown): id is string {
  return typeof id === 'string' && /^dl_[A-Za-z0-9_-]{1,64}$/.test(id);
}

export function isConversationId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(id);
}

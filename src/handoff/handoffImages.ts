/**
 * Images a person sends during a hand-off, kept for the agent only while the hand-off is open (the agent sees the
 * image next to the text read from it). One stored item per image in the bot's store (memory, SQLite, Redis), so any
 * instance can serve it to the agent's console:
 *   handoff/images/<requestId>/<slot>   { type, data (base64), bytes, at }
 * At most MAX_IMAGES_PER_REQUEST per request, each no larger than the image limit (IMAGE_MAX_BYTES, checked before
 * OCR). Deleted when the hand-off closes and when the conversation is erased (every slot, so none can be missed);
 * otherwise they expire with the store's idle TTL like the request itself (an image is written before the request that
 * names it, so it never outlives it). The type is the one sniffed from the bytes, never what a client claimed.
 */
import type { Storage } from 'botbuilder';
import { sniffImageFormat } from '../ocr/imageCheck';
import type { HandoffImageType } from './types';

/** Images kept per hand-off request; later ones reach the agent as their text only. */
export const MAX_IMAGES_PER_REQUEST = 5;

const imageKey = (requestId: string, slot: number): string => `handoff/images/${requestId}/${slot}`;

/** Every key an image of the request can have (for deletion: the slots taken need not be known). */
export function imageKeysOf(requestId: string): string[] {
  return Array.from({ length: MAX_IMAGES_PER_REQUEST }, (_, slot) => imageKey(requestId, slot));
}

const TYPES: Readonly<Record<string, HandoffImageType>> = { png: 'image/png', jpeg: 'image/jpeg' };

/** The image's type from its signature; undefined for anything the console does not show. */
export function imageTypeOf(bytes: Uint8Array): HandoffImageType | undefined {
  const format = sniffImageFormat(bytes);
  return format ? TYPES[format] : undefined;
}

interface StoredImage {
  type: HandoffImageType;
  /** base64 */
  data: string;
  bytes: number;
  at: string;
}

export interface KeptImage {
  type: HandoffImageType;
  bytes: Buffer;
}

export class HandoffImages {
  constructor(private readonly storage: Storage) {}

  async put(requestId: string, slot: number, image: KeptImage, at: string): Promise<void> {
    if (!Number.isInteger(slot) || slot < 0 || slot >= MAX_IMAGES_PER_REQUEST) throw new Error(`hand-off: no image slot ${slot}`);
    const item: StoredImage = { type: image.type, data: image.bytes.toString('base64'), bytes: image.bytes.length, at };
    await this.storage.write({ [imageKey(requestId, slot)]: item });
  }

  async get(requestId: string, slot: number): Promise<KeptImage | undefined> {
    if (!Number.isInteger(slot) || slot < 0 || slot >= MAX_IMAGES_PER_REQUEST) return undefined;
    const key = imageKey(requestId, slot);
    const item = (await this.storage.read([key]))[key] as Partial<StoredImage> | undefined;
    if (!item || typeof item.data !== 'string' || (item.type !== 'image/png' && item.type !== 'image/jpeg')) return undefined;
    return { type: item.type, bytes: Buffer.from(item.data, 'base64') };
  }

  /** The request's images, for a privacy export (base64, as kept). */
  async exportOf(requestId: string): Promise<Array<{ slot: number; type: string; bytes: number; at: string; base64: string }>> {
    const keys = imageKeysOf(requestId);
    const items = await this.storage.read(keys);
    return keys.flatMap((key, slot) => {
      const item = items[key] as StoredImage | undefined;
      return item ? [{ slot, type: item.type, bytes: item.bytes, at: item.at, base64: item.data }] : [];
    });
  }

  async deleteAll(requestId: string): Promise<void> {
    await this.storage.delete(imageKeysOf(requestId));
  }
}

/**
 * The hand-off queue in the bot's storage (any BotStore: memory, SQLite, Redis), so a restart or another instance
 * sees the same queue and pairings. Keys:
 *   handoff/requests/<id>            one HandoffRequest
 *   handoff/index                    { open: [ids] }: the requests waiting or active, oldest first
 *   handoff/conversations/<hash>     { requestId? }: the person's conversation → its current request
 *   handoff/agents                   { agents: { <agentId>: { name, lastSeenAt } } }: console agents signed in
 *   handoff/ratings/<hash>           { requestId?, agentId, agentName, route }: "Did Sam help?" asked, not answered yet
 *   handoff/history/<hash>           { requestIds: [ids] }: every request of the conversation (so an erasure finds closed ones)
 *   handoff/images/<id>/<slot>       an image the person sent during the hand-off (handoffImages.ts)
 * Every change is read → change → write with the eTag it was read with; a conflict (another agent, instance or
 * turn wrote in between) re-reads and tries again, so concurrent changes are never lost and a claim has one winner.
 */
import { createHash } from 'node:crypto';
import type { Storage } from 'botbuilder';
import { isETagConflict } from '../storage/botStore';
import { HandoffImages, imageKeysOf } from './handoffImages';
import type { HandoffRequest } from './types';

const INDEX_KEY = 'handoff/index';
const AGENTS_KEY = 'handoff/agents';
export const requestKey = (id: string): string => `handoff/requests/${id}`;
const pointerKey = (conversationKey: string): string =>
  `handoff/conversations/${createHash('sha256').update(conversationKey).digest('hex').slice(0, 40)}`;

const ratingKey = (conversationKey: string): string =>
  `handoff/ratings/${createHash('sha256').update(conversationKey).digest('hex').slice(0, 40)}`;

const historyKey = (conversationKey: string): string =>
  `handoff/history/${createHash('sha256').update(conversationKey).digest('hex').slice(0, 40)}`;

export interface PendingRatingDoc {
  requestId?: string;
  agentId?: string;
  agentName?: string;
  route?: string | null;
}

interface IndexDoc {
  open: string[];
}
interface HistoryDoc {
  requestIds: string[];
}
interface PointerDoc {
  requestId?: string;
}
export interface AgentPresence {
  name: string;
  lastSeenAt: number;
}
interface AgentsDoc {
  agents: Record<string, AgentPresence>;
}

const MAX_ATTEMPTS = 12;

/** A change to one stored document: the new value, or `undefined` to leave it as it is. */
export type Change<T> = (current: T | undefined) => T | undefined;

export class HandoffRepository {
  /** The images people sent during their hand-offs, in the same store. */
  readonly images: HandoffImages;

  /** `onChange` hears of every request created or changed (the agent consoles are pushed the news). */
  constructor(
    private readonly storage: Storage,
    private readonly onChange: (request: HandoffRequest) => void = () => undefined,
  ) {
    this.images = new HandoffImages(storage);
  }

  /** Reads a document without its eTag. */
  private async read<T extends object>(key: string): Promise<{ value: T | undefined; eTag: string | undefined }> {
    const items = await this.storage.read([key]);
    const item = items[key] as (T & { eTag?: string }) | undefined;
    if (!item) return { value: undefined, eTag: undefined };
    const { eTag, ...value } = item;
    return { value: value as T, eTag };
  }

  /**
   * Applies `change` to the stored document with optimistic concurrency: the write carries the eTag of the read,
   * and a conflict runs `change` again on the fresh value. Resolves to the value now stored (changed or not).
   */
  async update<T extends object>(key: string, change: Change<T>): Promise<{ value: T | undefined; changed: boolean }> {
    for (let attempt = 1; ; attempt++) {
      const { value, eTag } = await this.read<T>(key);
      const next = change(value === undefined ? undefined : structuredClone(value));
      if (next === undefined) return { value, changed: false };
      try {
        await this.storage.write({ [key]: eTag ? { ...next, eTag } : { ...next } });
        return { value: next, changed: true };
      } catch (error) {
        if (!isETagConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
        // Someone else wrote in between: read again and re-apply the change. A short random pause spreads retries.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5 * attempt)));
      }
    }
  }

  /**
   * Creates the (empty) queue index if it is missing. Stores treat a write to a missing key as unconditional, so the
   * index is created once up front; from then on every change to it is eTag-conditional.
   */
  async ensureIndex(): Promise<void> {
    const { value } = await this.read<IndexDoc>(INDEX_KEY);
    if (!value) await this.storage.write({ [INDEX_KEY]: { open: [] } });
  }

  // ---- requests -------------------------------------------------------------------------------------------

  async getRequest(id: string): Promise<HandoffRequest | undefined> {
    return (await this.read<HandoffRequest>(requestKey(id))).value;
  }

  async getRequests(ids: readonly string[]): Promise<HandoffRequest[]> {
    if (ids.length === 0) return [];
    const keys = ids.map(requestKey);
    const items = await this.storage.read(keys);
    return keys.flatMap((key) => {
      const item = items[key] as (HandoffRequest & { eTag?: string }) | undefined;
      if (!item) return [];
      const { eTag: _eTag, ...request } = item;
      return [request as HandoffRequest];
    });
  }

  /** Stores a new request, opens it in the index and points its conversation at it. */
  async createRequest(request: HandoffRequest): Promise<void> {
    await this.storage.write({ [requestKey(request.id)]: { ...request } });
    await this.update<IndexDoc>(INDEX_KEY, (index) => {
      const open = index?.open ?? [];
      return open.includes(request.id) ? undefined : { open: [...open, request.id] };
    });
    await this.update<PointerDoc>(pointerKey(request.conversationKey), () => ({ requestId: request.id }));
    await this.update<HistoryDoc>(historyKey(request.conversationKey), (doc) => ({ requestIds: [...(doc?.requestIds ?? []).filter((id) => id !== request.id), request.id] }));
    this.onChange(request);
  }

  // ---- privacy requests ------------------------------------------------------------------------------------

  /** Every request of the conversation this store still has (closed ones included), oldest first. */
  async requestsOf(conversationKey: string): Promise<HandoffRequest[]> {
    const ids = new Set((await this.read<HistoryDoc>(historyKey(conversationKey))).value?.requestIds ?? []);
    const current = await this.requestIdFor(conversationKey);
    if (current) ids.add(current);
    return (await this.getRequests([...ids])).filter((r) => r.conversationKey === conversationKey);
  }

  /** Deletes the conversation's requests (taken out of the queue first), their images, its pointer, its pending rating and its history. */
  async eraseConversation(conversationKey: string): Promise<number> {
    const requests = await this.requestsOf(conversationKey);
    const ids = new Set(requests.map((r) => r.id));
    if (ids.size > 0) await this.update<IndexDoc>(INDEX_KEY, (index) => (index && index.open.some((id) => ids.has(id)) ? { open: index.open.filter((id) => !ids.has(id)) } : undefined));
    const imageKeys = [...ids].flatMap(imageKeysOf);
    await this.storage.delete([...[...ids].map(requestKey), ...imageKeys, pointerKey(conversationKey), ratingKey(conversationKey), historyKey(conversationKey)]);
    return requests.length;
  }

  /** Changes a request with optimistic concurrency (see update). Undefined when the request does not exist. */
  async updateRequest(id: string, change: (request: HandoffRequest) => HandoffRequest | undefined): Promise<{ request: HandoffRequest | undefined; changed: boolean }> {
    const result = await this.update<HandoffRequest>(requestKey(id), (current) => (current ? change(current) : undefined));
    if (result.changed && result.value) this.onChange(result.value);
    return { request: result.value, changed: result.changed };
  }

  /** Ids of the open (waiting or active) requests, oldest first. */
  async openIds(): Promise<string[]> {
    return (await this.read<IndexDoc>(INDEX_KEY)).value?.open ?? [];
  }

  /**
   * Takes a closed request out of the index, and its conversation's pointer if it still points at it; deletes its
   * images (kept for the agent only while the hand-off is open).
   */
  async forget(request: HandoffRequest): Promise<void> {
    await this.update<IndexDoc>(INDEX_KEY, (index) => (index && index.open.includes(request.id) ? { open: index.open.filter((id) => id !== request.id) } : undefined));
    await this.clearPointer(request.conversationKey, request.id);
    if (request.imageSlots) await this.images.deleteAll(request.id);
  }

  // ---- conversation pointers ------------------------------------------------------------------------------

  /** The request a conversation is paired with, if any. */
  async requestIdFor(conversationKey: string): Promise<string | undefined> {
    return (await this.read<PointerDoc>(pointerKey(conversationKey))).value?.requestId;
  }

  /** Unpairs the conversation, only if it is still paired with `requestId` (a newer request is left alone). */
  async clearPointer(conversationKey: string, requestId: string): Promise<void> {
    await this.update<PointerDoc>(pointerKey(conversationKey), (pointer) => (pointer?.requestId === requestId ? {} : undefined));
  }

  // ---- CSAT after a hand-off ----------------------------------------------------------------------------

  async setPendingRating(conversationKey: string, doc: Required<PendingRatingDoc>): Promise<void> {
    await this.update<PendingRatingDoc>(ratingKey(conversationKey), () => ({ ...doc }));
  }

  /** The conversation's unanswered "Did Sam help?", removed as it is read (so it is answered at most once). */
  async takePendingRating(conversationKey: string): Promise<Required<PendingRatingDoc> | undefined> {
    let taken: Required<PendingRatingDoc> | undefined;
    await this.update<PendingRatingDoc>(ratingKey(conversationKey), (doc) => {
      taken = doc?.requestId && doc.agentId ? (doc as Required<PendingRatingDoc>) : undefined;
      return taken ? {} : undefined;
    });
    return taken;
  }

  // ---- agents signed in -----------------------------------------------------------------------------------

  async agents(): Promise<Record<string, AgentPresence>> {
    return (await this.read<AgentsDoc>(AGENTS_KEY)).value?.agents ?? {};
  }

  /** Records that an agent is signed in now (entries older than `ttlMs` are dropped on the way). */
  async touchAgent(agentId: string, name: string, now: number, ttlMs: number): Promise<void> {
    await this.update<AgentsDoc>(AGENTS_KEY, (doc) => ({ agents: { ...fresh(doc?.agents ?? {}, now, ttlMs), [agentId]: { name, lastSeenAt: now } } }));
  }

  async removeAgent(agentId: string, now: number, ttlMs: number): Promise<void> {
    await this.update<AgentsDoc>(AGENTS_KEY, (doc) => {
      if (!doc?.agents[agentId]) return undefined;
      const agents = fresh(doc.agents, now, ttlMs);
      delete agents[agentId];
      return { agents };
    });
  }
}

function fresh(agents: Record<string, AgentPresence>, now: number, ttlMs: number): Record<string, AgentPresence> {
  return Object.fromEntries(Object.entries(agents).filter(([, a]) => now - a.lastSeenAt < ttlMs));
}

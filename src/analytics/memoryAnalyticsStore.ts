/** In-process analytics (tests, STORAGE=memory): a map of conversations and an array of low-confidence messages. */
import { conversationKey } from '../util/conversationKey';
import { mergeTurn } from './snapshot';
import type { AnalyticsStore, ConversationRecord, ConversationSnapshot, CsatRating, LowConfidenceMessage } from './types';

/** The to-do list keeps at most this many messages in memory (oldest dropped first). */
export const MEMORY_LOW_CONFIDENCE_LIMIT = 10_000;

export class MemoryAnalyticsStore implements AnalyticsStore {
  private readonly records = new Map<string, ConversationRecord>();
  private messages: LowConfidenceMessage[] = [];
  private readonly csat = new Map<string, CsatRating>();

  async recordRating(rating: CsatRating): Promise<void> {
    this.csat.set(rating.id, { ...rating });
  }

  async ratings(from: number, to: number): Promise<CsatRating[]> {
    return [...this.csat.values()].filter((r) => r.at >= from && r.at < to).sort((a, b) => a.at - b.at).map((r) => ({ ...r }));
  }

  async recordTurn(snapshot: ConversationSnapshot): Promise<void> {
    const key = conversationKey(snapshot);
    this.records.set(key, mergeTurn(this.records.get(key), snapshot));
  }

  async recordLowConfidence(message: LowConfidenceMessage): Promise<void> {
    this.messages.push({ ...message });
    if (this.messages.length > MEMORY_LOW_CONFIDENCE_LIMIT) this.messages.splice(0, this.messages.length - MEMORY_LOW_CONFIDENCE_LIMIT);
  }

  async conversations(from: number, to: number): Promise<ConversationRecord[]> {
    const result: ConversationRecord[] = [];
    for (const r of this.records.values()) {
      if (r.lastActivityAt >= from && r.lastActivityAt < to) result.push({ ...r, solutions: r.solutions.map((s) => ({ ...s })) });
    }
    return result.sort((a, b) => a.lastActivityAt - b.lastActivityAt);
  }

  async lowConfidence(from: number, to: number, limit: number): Promise<LowConfidenceMessage[]> {
    return this.messages
      .filter((m) => m.at >= from && m.at < to)
      .sort((a, b) => b.at - a.at)
      .slice(0, limit)
      .map((m) => ({ ...m }));
  }

  async prune(before: number): Promise<number> {
    let removed = 0;
    for (const [key, r] of this.records) {
      if (r.lastActivityAt < before) {
        this.records.delete(key);
        removed++;
      }
    }
    this.messages = this.messages.filter((m) => m.at >= before);
    for (const [id, r] of this.csat) if (r.at < before) this.csat.delete(id);
    return removed;
  }

  async flush(): Promise<void> {
    // Nothing is buffered.
  }

  async close(): Promise<void> {
    // Nothing to release.
  }
}

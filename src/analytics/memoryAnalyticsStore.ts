/** In-process analytics (tests, STORAGE=memory): a map of conversations and an array of low-confidence messages. */
import { conversationKey } from '../util/conversationKey';
import { mergeTurn } from './snapshot';
import { conversationDigest, type ConversationRef, type RemovedCounts } from '../privacy/personalData';
import { conversationContribution, CounterDeltas, MemoryCounters, ratingContribution } from './counters';
import type { AnalyticsBatch, AnalyticsStore, ExportPage, ConversationRecord, ConversationSnapshot, CounterGrain, CounterRow, CsatRating, LowConfidenceMessage } from './types';

/** The to-do list keeps at most this many messages in memory (oldest dropped first). */
const MEMORY_LOW_CONFIDENCE_LIMIT = 10_000;

export class MemoryAnalyticsStore implements AnalyticsStore {
  private readonly records = new Map<string, ConversationRecord>();
  private messages: LowConfidenceMessage[] = [];
  private readonly csat = new Map<string, CsatRating>();
  private readonly counts = new MemoryCounters();

  async recordRating(rating: CsatRating): Promise<void> {
    this.changeCounts(ratingContribution, this.csat.get(rating.id), rating);
    this.csat.set(rating.id, { ...rating });
  }

  async ratings(from: number, to: number): Promise<CsatRating[]> {
    return [...this.csat.values()].filter((r) => r.at >= from && r.at < to).sort((a, b) => a.at - b.at).map((r) => ({ ...r }));
  }

  async recordTurn(snapshot: ConversationSnapshot): Promise<void> {
    const key = conversationKey(snapshot);
    this.putRecord(key, mergeTurn(this.records.get(key), snapshot));
  }

  private putRecord(key: string, record: ConversationRecord): void {
    this.changeCounts(conversationContribution, this.records.get(key), record);
    this.records.set(key, record);
  }

  /** Moves the counters from what `previous` added to what `next` adds (either may be absent). */
  private changeCounts<T>(contributionOf: (item: T) => ReturnType<typeof ratingContribution>, previous: T | undefined, next: T | undefined): void {
    const deltas = new CounterDeltas();
    if (previous) deltas.add(contributionOf(previous), -1);
    if (next) deltas.add(contributionOf(next));
    this.counts.apply(deltas);
  }

  async importBatch(batch: AnalyticsBatch): Promise<void> {
    for (const c of batch.conversations) {
      const key = conversationKey(c);
      const previous = this.records.get(key);
      const merged = mergeTurn(previous, c);
      this.putRecord(key, { ...merged, messages: (previous?.messages ?? 0) + c.messages });
    }
    for (const r of batch.ratings) await this.recordRating(r);
    for (const m of batch.lowConfidence) await this.recordLowConfidence(m);
  }

  async counters(grain: CounterGrain, from: number, to: number): Promise<CounterRow[]> {
    return this.counts.rows(grain, from, to);
  }

  async *exportPages(from: number, to: number, pageSize: number, withRatings = true): AsyncGenerator<ExportPage> {
    const records = await this.conversations(from, to);
    const ratings = withRatings ? await this.ratings(from, to) : [];
    for (let i = 0; i < records.length; i += pageSize) {
      const page = records.slice(i, i + pageSize);
      const keys = new Set(page.map(conversationKey));
      yield { records: page, ratings: ratings.filter((r) => keys.has(conversationKey(r))) };
    }
  }

  async ratingComments(from: number, to: number, limit: number): Promise<CsatRating[]> {
    return (await this.ratings(from, to))
      .filter((r) => r.comment)
      .sort((a, b) => b.at - a.at)
      .slice(0, limit);
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
        this.changeCounts(conversationContribution, r, undefined);
        this.records.delete(key);
        removed++;
      }
    }
    this.messages = this.messages.filter((m) => m.at >= before);
    for (const [id, r] of this.csat) {
      if (r.at >= before) continue;
      this.changeCounts(ratingContribution, r, undefined);
      this.csat.delete(id);
    }
    return removed;
  }

  // ---- privacy requests (src/privacy) -------------------------------------------------------------------

  async eraseConversation(ref: ConversationRef): Promise<RemovedCounts> {
    const digest = conversationDigest(ref);
    const conversations = this.records.delete(conversationKey(ref)) ? 1 : 0;
    const before = this.messages.length;
    this.messages = this.messages.filter((m) => m.conversationRef !== digest);
    let csat = 0;
    for (const [id, r] of this.csat) if (r.channelId === ref.channelId && r.conversationId === ref.conversationId && this.csat.delete(id)) csat++;
    return { 'analytics.conversations': conversations, 'analytics.lowConfidence': before - this.messages.length, 'analytics.csat': csat };
  }

  async exportConversation(ref: ConversationRef): Promise<Record<string, unknown>> {
    const digest = conversationDigest(ref);
    const record = this.records.get(conversationKey(ref));
    const lowConfidence = this.messages.filter((m) => m.conversationRef === digest);
    const ratings = [...this.csat.values()].filter((r) => r.channelId === ref.channelId && r.conversationId === ref.conversationId);
    return exportShape(record, lowConfidence, ratings);
  }

  async flush(): Promise<void> {
    // Nothing is buffered.
  }

  async close(): Promise<void> {
    // Nothing to release.
  }
}

/** The analytics part of a personal-data export (docs/privacy.md), without empty parts. */
export function exportShape(record: ConversationRecord | undefined, lowConfidence: LowConfidenceMessage[], ratings: CsatRating[]): Record<string, unknown> {
  return {
    ...(record ? { conversation: record } : {}),
    ...(lowConfidence.length > 0 ? { lowConfidenceMessages: lowConfidence.map(({ conversationRef: _ref, ...m }) => m) } : {}),
    ...(ratings.length > 0 ? { csatRatings: ratings } : {}),
  };
}

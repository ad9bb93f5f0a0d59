/**
 * Schema of the knowledge base (dialogs/knowledge.yaml): questions people ask around a failed backup, each with
 * several phrasings, one answer, the solutions it belongs to and where the answer comes from.
 */
import { z } from 'zod';

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case: lower-case letters, digits and _');
const text = z.string().trim().min(1, 'must not be empty');

/** A section of the source article, or `general` for a well-known fact about iPhone and iCloud on current iOS. */
const SOURCE_PATTERN = /^(general|article: (causes|solution [1-8]|faq [1-4]|bonus tip))$/;

const KnowledgeEntrySchema = z.strictObject({
  id,
  /** Short label of the question, shown on a "Did you mean …?" button (e.g. "Where is Reset Network Settings?"). */
  title: text,
  /** Ways people ask it. Retrieval matches a question against every phrasing of every entry. */
  questions: z.array(text).min(3, 'needs at least 3 question phrasings'),
  answer: text,
  /** Solution ids this entry is about: preferred while the person is on one of them ("where is that?"). */
  solutions: z.array(id).optional(),
  /** `general`, or the article section the answer is faithful to: `article: solution 5`, `article: faq 2`, `article: causes`, `article: bonus tip`. */
  source: z.string().regex(SOURCE_PATTERN, 'must be "general" or "article: causes | solution 1..8 | faq 1..4 | bonus tip"'),
});

export const KnowledgeFileSchema = z.strictObject({
  /**
   * Words and phrases that mean the same for retrieval: canonical word → what people type instead
   * (e.g. cellular: [mobile data, 5g]). Matched on whole words after normalisation.
   */
  synonyms: z.record(id, z.array(text).min(1)).optional(),
  /**
   * Phrases that name a solution explicitly (solution id → phrases). A question naming another solution is about
   * that solution, not the one the person is on ("does reset all settings delete my photos?" at Solution 6).
   */
  topics: z.record(id, z.array(text).min(1)).optional(),
  entries: z.array(KnowledgeEntrySchema).min(1),
  /**
   * Questions that sound close to the entries but that nothing here answers: never answered, they teach retrieval
   * where "I don't know" starts (the fusion's null option, tuned by cross-validation: npm run eval:kb -- --tune).
   */
  unanswered: z.array(text).optional(),
});

export type KnowledgeEntry = z.infer<typeof KnowledgeEntrySchema>;
export type KnowledgeFile = z.infer<typeof KnowledgeFileSchema>;

// ---------- intents/test/knowledge/*.yaml (held out, never in the knowledge base) ----------
/** Who wrote a held-out file's questions, how, and the promise that they were never used for tuning. */
const ProvenanceSchema = z.strictObject({ writer: text, method: text, date: text });

export const KnowledgeHeldOutFileSchema = z.strictObject({
  provenance: ProvenanceSchema.optional(),
  examples: z.array(z.strictObject({ text, entry: id, solution: id.optional() })).min(1),
});

export const KnowledgeUnanswerableFileSchema = z.strictObject({
  provenance: ProvenanceSchema.optional(),
  questions: z.array(z.strictObject({ text, solution: id.optional() })).min(1),
});

export type KnowledgeHeldOut = z.infer<typeof KnowledgeHeldOutFileSchema>;
export type KnowledgeUnanswerable = z.infer<typeof KnowledgeUnanswerableFileSchema>;

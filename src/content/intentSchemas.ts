/**
 * Schemas for the NLU data files that carry provenance and topics:
 *   - intents/train/*.yaml: an intent file (as before) that may also have a `topic` (for intents routed to `none`:
 *     what the out-of-scope message is about) and a `sources` block of real phrasings, each source with its address;
 *   - intents/test/*.yaml: held-out examples, either the plain `examples:` list or real ones grouped under their source.
 */
import { z } from 'zod';

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case: lower-case letters, digits and _');
const text = z.string().trim().min(1, 'must not be empty');
/** Where a real phrasing was found: an http(s) address. */
const url = z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) address');

/** Real phrasings from one public page (forum thread, Q&A page, bug report). */
const TrainingSourceSchema = z.strictObject({
  url,
  title: text.optional(),
  utterances: z.array(text).min(1, 'needs at least 1 utterance'),
});

export const IntentFileSchema = z.strictObject({
  intent: id,
  /** The route this intent opens; defaults to the intent's own name. */
  route: id.optional(),
  /** What the intent means, for people editing the data. */
  description: text.optional(),
  /** For an intent routed to `none`: the near-domain topic (dialogs/topics.yaml) its messages are about. */
  topic: id.optional(),
  /** Hand-written utterances. */
  utterances: z.array(text).default([]),
  /** Real phrasings, grouped under the page they come from. */
  sources: z.array(TrainingSourceSchema).optional(),
});

const HeldOutExampleSchema = z.strictObject({
  text,
  /** Expected route. */
  route: id,
  /** Expected ruled-out causes, when the example tests them. */
  ruledOut: z.array(id).optional(),
  /** Expected topic (route none only): restore, icloud_sync, … (dialogs/topics.yaml). */
  topic: id.optional(),
});

const HeldOutSourceSchema = z.strictObject({
  url,
  title: text.optional(),
  examples: z.array(HeldOutExampleSchema).min(1),
});

/** Either `examples:` (hand-written) or `sources:` (real, with their addresses), or both. */
export const HeldOutFileSchema = z
  .strictObject({
    examples: z.array(HeldOutExampleSchema).optional(),
    sources: z.array(HeldOutSourceSchema).optional(),
  })
  .refine((f) => (f.examples?.length ?? 0) + (f.sources?.length ?? 0) > 0, 'needs `examples` or `sources`');

export type IntentFile = z.infer<typeof IntentFileSchema>;
export type HeldOutFile = z.infer<typeof HeldOutFileSchema>;

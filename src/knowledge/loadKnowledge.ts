/**
 * Loads dialogs/knowledge.yaml, validates it against its schema and cross-checks it (unique ids, known solution ids,
 * no phrasing claimed by two entries, no {placeholders}). Problems throw a ContentError naming file and field.
 */
import { relative } from 'node:path';
import { ContentError } from '../content/contentError';
import { formatPath, readYamlFile } from '../content/readYaml';
import { placeholdersIn } from '../content/template';
import { KnowledgeFileSchema, type KnowledgeEntry } from './schema';
import { ENGLISH_TERMS, type TermLanguage, termsOf } from './terms';
import type { z } from 'zod';

export interface KnowledgeBaseContent {
  entries: KnowledgeEntry[];
  synonyms: Record<string, string[]>;
  topics: Record<string, string[]>;
  /** Close-sounding questions nothing here answers (for tuning where "I don't know" starts). */
  unanswered: string[];
  entry(id: string): KnowledgeEntry | undefined;
}

export const KNOWLEDGE_FILE = 'knowledge.yaml';

/** How a knowledge file is read: readYamlFile, or a language's copy (content/i18n readLocalizedYamlFile). */
export type KnowledgeReader = (file: string, schema: typeof KnowledgeFileSchema) => z.infer<typeof KnowledgeFileSchema>;

/**
 * Reads and validates `file`; `solutionIds` are the ids in dialogs/solutions.yaml. Another language: `read` gives
 * its translated copy and `terms` its words (two phrasings that say the same are found in that language).
 */
export function loadKnowledge(
  file: string,
  solutionIds: ReadonlySet<string>,
  terms: TermLanguage = ENGLISH_TERMS,
  read: KnowledgeReader = readYamlFile,
  /** A translation: a phrasing retrieval cannot use (no words, said by another entry, answers an unanswered one) is left out and reported here, not an error. */
  dropped?: (field: string, problem: string) => void,
): KnowledgeBaseContent {
  const shown = relative(process.cwd(), file) || file;
  const fail = (field: ReadonlyArray<PropertyKey>, problem: string): never => {
    throw new ContentError(shown, formatPath(field), problem);
  };
  const parsed = read(file, KnowledgeFileSchema);
  const synonyms = parsed.synonyms ?? {};
  const topics = parsed.topics ?? {};
  for (const key of Object.keys(topics)) {
    if (!solutionIds.has(key)) fail(['topics', key], `"${key}" is not a solution id in solutions.yaml`);
  }
  const byId = new Map<string, KnowledgeEntry>();
  const phrasingOwner = new Map<string, string>();
  const usable = (field: ReadonlyArray<PropertyKey>, problem: string | undefined): boolean => {
    if (problem === undefined) return true;
    if (!dropped) fail(field, problem);
    dropped?.(formatPath(field), problem);
    return false;
  };
  parsed.entries.forEach((entry, i) => {
    if (byId.has(entry.id)) fail(['entries', i, 'id'], `duplicate entry id "${entry.id}"`);
    byId.set(entry.id, entry);
    (entry.solutions ?? []).forEach((s, j) => {
      if (!solutionIds.has(s)) fail(['entries', i, 'solutions', j], `"${s}" is not a solution id in solutions.yaml (known: ${[...solutionIds].join(', ')})`);
    });
    entry.questions = entry.questions.filter((q, j) => {
      const key = termsOf(q, synonyms, terms).join(' ');
      // "where is that?" may belong to several entries of different solutions: the solution in context decides.
      const owner = phrasingOwner.get(key);
      const shared = owner !== undefined && owner !== entry.id && !(byId.get(owner)?.solutions?.length && entry.solutions?.length);
      const problem = key === '' ? 'has no words retrieval can match' : shared ? `says the same as a phrasing of entry "${owner}"; only entries with "solutions" may share a phrasing` : undefined;
      if (!usable(['entries', i, 'questions', j], problem)) return false;
      phrasingOwner.set(key, entry.id);
      return true;
    });
    for (const field of ['title', 'answer'] as const) {
      const found = placeholdersIn(entry[field]);
      if (found.length > 0) fail(['entries', i, field], `contains {${found[0]}}, but placeholders are only filled in prompts.yaml`);
    }
  });
  const unanswered = (parsed.unanswered ?? []).filter((q, i) => {
    const owner = phrasingOwner.get(termsOf(q, synonyms, terms).join(' '));
    return usable(['unanswered', i], owner === undefined ? undefined : `says the same as a phrasing of entry "${owner}", which answers it`);
  });
  return { entries: parsed.entries, synonyms, topics, unanswered, entry: (id) => byId.get(id) };
}

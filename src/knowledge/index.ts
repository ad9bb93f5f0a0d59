export { loadKnowledge, KNOWLEDGE_FILE, type KnowledgeBaseContent } from './loadKnowledge';
export { KnowledgeIndex, type Retrieval } from './knowledgeIndex';
export type { KnowledgeEntry } from './schema';
export { KnowledgeBase, loadKnowledgeBase } from './knowledgeBase';

import { join } from 'node:path';
import type { DialogContent } from '../content/loadContent';
import { KnowledgeIndex as Index } from './knowledgeIndex';
import { KNOWLEDGE_FILE as FILE, loadKnowledge as load } from './loadKnowledge';

/** Loads and indexes `<contentDir>/knowledge.yaml`, checked against the content's solution ids. */
export function loadKnowledgeIndex(contentDir: string, content: DialogContent): Index {
  return new Index(load(join(contentDir, FILE), new Set(content.solutions.map((s) => s.id))));
}

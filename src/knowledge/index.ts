export { loadKnowledge, KNOWLEDGE_FILE, type KnowledgeBaseContent } from './loadKnowledge';
export { KnowledgeIndex, DEFAULT_THRESHOLDS, type Candidate, type Retrieval, type RetrievalContext, type RetrievalThresholds } from './knowledgeIndex';
export type { KnowledgeEntry } from './schema';

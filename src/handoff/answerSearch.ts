/**
 * "Answers at hand" for agents: the bot's own solutions and FAQ answers (and any other source, such as a knowledge
 * base, through the small AnswerSource interface), searched with BM25 (the well-kept wink-bm25-text-search) so an
 * agent can insert one into the reply box, edit it and send it.
 *
 *   new AnswerSearch([contentAnswers(content)])            // today: dialogs/solutions.yaml and answers.yaml
 *   new AnswerSearch([contentAnswers(content), kbAnswers])  // a knowledge base is one more source
 *   new AnswerSearch([contentAnswers(esContent)], stemmerEs)  // a language's answers, with its stemmer
 *
 * LocalizedAnswerSearch holds one per language: an agent gets the answers in the person's language.
 */
import PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer');
import type { Language } from '../content/i18n/languages';

/** A language's stemmer (natural's Porter stemmers; src/text/languages.ts has one per language). */
export interface Stemmer {
  stem(word: string): string;
}
import type { DialogContent } from '../content/loadContent';

const bm25 = require('wink-bm25-text-search') as () => Bm25Engine;

interface Bm25Engine {
  defineConfig(config: { fldWeights: Record<string, number>; bm25Params?: Record<string, number> }): void;
  definePrepTasks(tasks: Array<(input: string) => string[]>): void;
  addDoc(doc: Record<string, string>, id: string): void;
  consolidate(): void;
  search(text: string, limit?: number): Array<[string, number]>;
}

export interface AnswerDoc {
  /** Unique across sources, e.g. `solution:check_storage`, `faq:what_does_failed_mean`. */
  id: string;
  kind: 'solution' | 'faq' | 'knowledge';
  title: string;
  /** The text inserted into the reply box (plain text; the agent edits it before sending). */
  text: string;
}

export interface AnswerSource {
  documents(): AnswerDoc[];
}

/** Markdown bold is for chat clients; the reply box gets plain text. */
const plain = (text: string): string => text.replace(/\*\*([^*]+)\*\*/g, '$1').trim();

/** The bot's solutions (with their numbered steps) and FAQ answers (in the content's language). */
export function contentAnswers(content: DialogContent): AnswerSource {
  return {
    documents: () => [
      ...content.solutions.map((s) => ({
        id: `solution:${s.id}`,
        kind: 'solution' as const,
        title: s.title,
        text: plain(
          [`${s.title}: ${s.why}`, ...s.steps.map((step, i) => `${i + 1}. ${step.text}${step.detail ? ` ${step.detail}` : ''}`), s.note ? `${content.prompts.note ?? 'Note:'} ${s.note}` : '', s.warning ? `⚠️ ${s.warning}` : '']
            .filter(Boolean)
            .join('\n'),
        ),
      })),
      ...content.answers.map((a) => ({ id: `faq:${a.intent}`, kind: 'faq' as const, title: a.question, text: plain(a.answer) })),
    ],
  };
}

/** The knowledge base's answers (dialogs/knowledge.yaml): what the bot itself answers to follow-up questions. */
export function knowledgeAnswers(knowledge: { entries: ReadonlyArray<{ id: string; title: string; answer: string }> }): AnswerSource {
  return {
    documents: () => knowledge.entries.map((e) => ({ id: `knowledge:${e.id}`, kind: 'knowledge' as const, title: e.title, text: plain(e.answer) })),
  };
}

const STOP = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'is', 'are', 'it', 'my', 'your', 'i', 'you', 'do', 'does', 'how', 'what', 'can', 'with', 'be', 'this', 'that']);

/** Lower case, accents folded (é → e, ñ → n, ß → ss), stop words out (English's), each word stemmed. */
function tokenizer(stemmer: Stemmer): (text: string) => string[] {
  return (text) => {
    const folded = text.toLowerCase().replace(/ß/g, 'ss').replace(/œ/g, 'oe').normalize('NFD').replace(/\p{M}+/gu, '');
    return (folded.match(/[a-z0-9]+/g) ?? []).filter((t) => !STOP.has(t)).map((t) => stemmer.stem(t));
  };
}

export class AnswerSearch {
  private readonly docs = new Map<string, AnswerDoc>();
  private readonly engine: Bm25Engine | undefined;
  private readonly tokens: (text: string) => string[];

  /** `stemmer`: the documents' language's (it reads them and the queries); default English. */
  constructor(sources: readonly AnswerSource[], stemmer: Stemmer = PorterStemmer) {
    const tokens = tokenizer(stemmer);
    this.tokens = tokens;
    for (const source of sources) for (const doc of source.documents()) this.docs.set(doc.id, doc);
    // BM25 needs a few documents to weigh terms; with fewer, search falls back to word overlap.
    if (this.docs.size >= 3) {
      const engine = bm25();
      engine.defineConfig({ fldWeights: { title: 3, body: 1 } });
      engine.definePrepTasks([tokens]);
      for (const doc of this.docs.values()) engine.addDoc({ title: doc.title, body: doc.text }, doc.id);
      engine.consolidate();
      this.engine = engine;
    }
  }

  get size(): number {
    return this.docs.size;
  }

  /** The best matches for `query`, best first (at most `limit`). An empty query lists the first documents. */
  search(query: string, limit = 5): AnswerDoc[] {
    const q = query.trim().slice(0, 200);
    if (!q) return [...this.docs.values()].slice(0, limit);
    if (this.engine) return this.engine.search(q, limit).flatMap(([id]) => (this.docs.has(id) ? [this.docs.get(id)!] : []));
    const wanted = new Set(this.tokens(q));
    return [...this.docs.values()].filter((d) => this.tokens(`${d.title} ${d.text}`).some((t) => wanted.has(t))).slice(0, limit);
  }
}

/** The answers at hand in each language, each built on its first search; a language without its own gets English's. */
export class LocalizedAnswerSearch {
  private readonly built = new Map<Language, AnswerSearch>();

  /** `build`: a language's answers (undefined: it has none, English's are searched). */
  constructor(private readonly build: (language: Language) => AnswerSearch | undefined) {}

  /** The best matches for `query` among the answers in `language`, best first. */
  search(query: string, limit = 5, language: Language = 'en'): AnswerDoc[] {
    return this.in(language).search(query, limit);
  }

  private in(language: Language): AnswerSearch {
    let search = this.built.get(language);
    if (!search) {
      search = this.build(language) ?? (language === 'en' ? new AnswerSearch([]) : this.in('en'));
      this.built.set(language, search);
    }
    return search;
  }
}

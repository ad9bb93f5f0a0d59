/**
 * Keeps a language's translation files in step with the English (`npm run i18n:sync`): adds every English string that
 * has no entry yet (its `source` and an empty `text` for the translator to fill), in the English order, and keeps every
 * existing entry and comment as it is. Stale entries are left for the translator (validate lists them); obsolete ones
 * are kept and reported, or removed with `prune`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Document, isMap, isScalar, parse, parseDocument, type Pair, YAMLMap } from 'yaml';
import type { Language } from './languages';
import { translationPathFor } from './translationFile';
import { translatableStrings } from './translationKeys';

export interface SyncResult {
  file: string;
  added: number;
  obsolete: string[];
  pruned: number;
  total: number;
}

const HEADER = (language: Language, english: string): string =>
  [
    ` Translation (${language}) of ${english}. Each key is a string of the English file; "source" is the English it was`,
    ' translated from, "text" the translation. An empty text is said in English. When the English changes, npm run',
    ' validate reports the entry as stale: update "text", then copy the new English into "source".',
    ' Keep {placeholders} and **bold** as in the English. A list of phrasings (questions, examples) need not match the',
    ' English line by line: write the ways people say it in this language.',
  ].join('\n');

function keyOf(pair: Pair): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}

function openDocument(path: string, language: Language, englishName: string): Document {
  if (existsSync(path)) return parseDocument(readFileSync(path, 'utf8'));
  const doc = new Document({ language, strings: {} });
  doc.commentBefore = HEADER(language, englishName);
  return doc;
}

export function syncTranslationFile(englishPath: string, language: Language, englishName: string, options: { prune?: boolean } = {}): SyncResult {
  const path = translationPathFor(englishPath, language);
  const doc = openDocument(path, language, englishName);
  let strings = doc.get('strings', true);
  if (!isMap(strings)) {
    strings = new YAMLMap();
    doc.set('strings', strings);
  }
  const map = strings as YAMLMap;
  const existing = new Map(map.items.map((pair) => [keyOf(pair as Pair), pair as Pair]));
  const english = translatableStrings(parse(readFileSync(englishPath, 'utf8')));
  const items: Pair[] = [];
  let added = 0;
  for (const string of english) {
    const pair = existing.get(string.key);
    existing.delete(string.key);
    if (pair) items.push(pair);
    else {
      items.push(doc.createPair(string.key, { source: string.value, text: typeof string.value === 'string' ? '' : [] }));
      added++;
    }
  }
  const obsolete = [...existing.keys()];
  if (!options.prune) items.push(...existing.values());
  map.items = items;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, doc.toString({ lineWidth: 120 }));
  return { file: path, added, obsolete, pruned: options.prune ? obsolete.length : 0, total: english.length };
}

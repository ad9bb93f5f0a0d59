/**
 * Compares a language's translation file with the English reference, string by string. Used at start-up (to decide
 * which translations to use; the rest falls back to English) and by `npm run validate` (to report them with lines).
 */
import { placeholdersIn } from '../template';
import type { TranslationEntry, TranslationFile } from './translationFile';
import { sameValue, type TranslatableString, type TranslatableValue } from './translationKeys';

type FindingKind = 'missing' | 'untranslated' | 'stale' | 'obsolete' | 'placeholders' | 'shape';

export interface TranslationFinding {
  kind: FindingKind;
  key: string;
  /** The English string (absent for an obsolete key). */
  english?: TranslatableString;
  /** The translation's entry (absent when the key is missing). */
  entry?: TranslationEntry;
  message: string;
}

export interface Comparison {
  /** Translations that can be used, by key (stale ones included: they are reported, and better than English). */
  usable: Map<string, TranslatableValue>;
  findings: TranslationFinding[];
}

function placeholderSet(value: TranslatableValue): string {
  const all = (typeof value === 'string' ? [value] : value).flatMap((text) => placeholdersIn(text));
  return [...new Set(all)].sort().join(', ');
}

function shown(value: TranslatableValue): string {
  const text = typeof value === 'string' ? value : value.join(' | ');
  return text.length > 90 ? `${text.slice(0, 87)}...` : text;
}

/** What is wrong with one entry for one English string, if anything stops it from being used or makes it stale. */
function findingFor(english: TranslatableString, entry: TranslationEntry | undefined): TranslationFinding | undefined {
  const key = english.key;
  if (!entry) return { kind: 'missing', key, english, message: `not translated: "${key}" has no entry` };
  if (entry.text === undefined) return { kind: 'untranslated', key, english, entry, message: `not translated yet: "${key}" has an empty text` };
  if (typeof entry.text !== typeof english.value || Array.isArray(entry.text) !== Array.isArray(english.value)) {
    const want = typeof english.value === 'string' ? 'a sentence' : 'a list of phrasings';
    return { kind: 'shape', key, english, entry, message: `"${key}" must be ${want}, like the English` };
  }
  const wanted = placeholderSet(english.value);
  const got = placeholderSet(entry.text);
  if (wanted !== got) {
    return { kind: 'placeholders', key, english, entry, message: `"${key}" must use the placeholders of the English ({${wanted || 'none'}}), not {${got || 'none'}}` };
  }
  // A list is a language's own phrasings (questions, examples): it need not follow each English edit, so never stale.
  if (typeof english.value === 'string' && !sameValue(entry.source, english.value)) {
    return { kind: 'stale', key, english, entry, message: `stale: the English of "${key}" changed after it was translated; it is now "${shown(english.value)}" (update text, then copy the new English into source)` };
  }
  return undefined;
}

export function compareTranslations(english: readonly TranslatableString[], translation: TranslationFile | undefined): Comparison {
  const usable = new Map<string, TranslatableValue>();
  const findings: TranslationFinding[] = [];
  const known = new Set<string>();
  for (const string of english) {
    known.add(string.key);
    const entry = translation?.entries.get(string.key);
    const finding = findingFor(string, entry);
    if (finding) findings.push(finding);
    if (entry?.text !== undefined && (!finding || finding.kind === 'stale')) usable.set(string.key, entry.text);
  }
  for (const [key, entry] of translation?.entries ?? []) {
    if (!known.has(key)) findings.push({ kind: 'obsolete', key, entry, message: `obsolete: the English has no "${key}" any more (remove the entry)` });
  }
  return { usable, findings };
}

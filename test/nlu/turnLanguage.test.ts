/**
 * The turn's language is detected once (issue 23): the chooser's judgement of a message of MIN_WORDS+ words
 * (languageChoice.ts) is passed to the recognizer (TurnLanguage), whose own foreign-language check (language.ts) then
 * neither runs franc again nor judges again; a short message, which the chooser does not judge, is still checked by
 * the recognizer as before. franc is a counting stub (franc-min is ESM-only and Jest runs CommonJS).
 */
import { join } from 'node:path';
import type { Language } from '../../src/content/i18n/languages';
import { loadIntents } from '../../src/content/loadIntents';
import { TurnUnderstander, type LanguageReaders } from '../../src/dialogs/turnUnderstanding';
import type { Grammar } from '../../src/nlu/grammar';
import { loadGrammar } from '../../src/nlu/grammarFile';
import { LanguageDetector } from '../../src/nlu/language';
import { LanguageChooser, LanguageIdentifier } from '../../src/nlu/languageChoice';
import { IntentRecognizer, type IntentRanker } from '../../src/nlu/recognizer';
import { RuledOutDetector } from '../../src/nlu/ruledOut';
import type { NluResult, Recognizer, TurnLanguage } from '../../src/nlu/types';
import { CAUSE_ORDER, FIXTURE_INTENTS, REPO_ROOT } from './helpers';

const INTENTS = join(REPO_ROOT, 'intents');
const grammars = new Map<Language, Grammar>((['en', 'es', 'fr', 'de'] as const).map((l) => [l, loadGrammar(l === 'en' ? INTENTS : join(INTENTS, l), l)]));
const ENGLISH = ['my', 'backup', 'keeps', 'failing', 'every', 'night', 'it', 'does', 'not', 'work', 'the', 'and'];
const vocabularies = new Map<Language, ReadonlySet<string>>([
  ['en', new Set(ENGLISH)],
  ['es', new Set(['mi', 'copia', 'de', 'seguridad', 'no', 'funciona', 'desde', 'ayer'])],
  ['fr', new Set(['ma', 'sauvegarde', 'ne', 'marche', 'plus'])],
  ['de', new Set(['meine', 'sicherung', 'funktioniert', 'nicht', 'mehr', 'sicherungskopie'])],
]);

/** franc stub that counts its calls: German by a marker word, else English. */
function countingFranc(): { franc: (text: string) => string; calls: string[] } {
  const calls: string[] = [];
  return { calls, franc: (text: string) => (calls.push(text), /sicherung|funktioniert/.test(text) ? 'deu' : 'eng') };
}

const ranker: IntentRanker = { routes: new Map(), routingFloor: 0.2, rank: () => [{ intent: 'backup_failed', confidence: 0.9 }] };
const ruledOut = new RuledOutDetector(loadIntents(FIXTURE_INTENTS, { causeOrder: CAUSE_ORDER }).ruledOut, CAUSE_ORDER);

/** English's real recognizer (stub ranker) with its own language check; the other languages' stubs say who read it. */
function understanderWith(franc: (text: string) => string): { understander: TurnUnderstander; english: IntentRecognizer } {
  // The recognizer's check knows only the stop words: it would ask franc about the English message below.
  const english = new IntentRecognizer(ranker, ruledOut, CAUSE_ORDER, { language: new LanguageDetector(franc) });
  const stub = (language: string): LanguageReaders => ({
    recognizer: { recognize: (text: string): NluResult => ({ text, intent: `${language}_intent`, confidence: 0.9, route: 'backup_failed', ruledOut: [], alternatives: [] }) },
    questionKind: () => 'none',
  });
  const chooser = new LanguageChooser(grammars, new LanguageIdentifier(franc, vocabularies));
  const understander = new TurnUnderstander(english, () => 'none', undefined, 1000, {
    chooser,
    languages: new Map((['es', 'fr', 'de'] as const).map((l) => [l, stub(l)])),
    languageOfCode: (code) => ({ spa: 'es', fra: 'fr', deu: 'de' } as Record<string, Language>)[code],
  });
  return { understander, english };
}

describe('the turn\'s language, detected once', () => {
  it('an English turn of 4+ words runs franc at most once (the chooser\'s), and the recognizer does not check again', () => {
    const { franc, calls } = countingFranc();
    const { understander } = understanderWith(franc);
    // Clearly English by its words: the chooser needs no franc; the recognizer's check alone would have asked it.
    const clear = understander.understand({ text: 'backup keeps failing every night zorg blat frum', origin: 'typed' }, { stored: 'en' })!;
    expect(clear).toMatchObject({ language: 'en', nlu: { intent: 'backup_failed' } });
    expect(calls).toHaveLength(0);
    // Unclear by its words: franc once, in the chooser, and not again in the recognizer.
    const unclear = understander.understand({ text: 'keeps failing zorg blat frum glim', origin: 'typed' }, { stored: 'en' })!;
    expect(unclear).toMatchObject({ language: 'en', nlu: { intent: 'backup_failed' } });
    expect(calls).toHaveLength(1);
  });

  it('a short foreign message (under 4 words, not judged by the chooser) is still found by the recognizer\'s check', () => {
    const { franc, calls } = countingFranc();
    const { understander } = understanderWith(franc);
    const u = understander.understand({ text: 'Sicherungskopie funktioniert nicht', origin: 'typed' }, { stored: 'en' })!;
    expect(u).toMatchObject({ language: 'de', nlu: { intent: 'de_intent' } });
    expect(calls).toHaveLength(1);
  });

  it('passes the recognizer the chooser\'s decision: own language, franc\'s answer when unclear, nothing when short', () => {
    const { franc } = countingFranc();
    const seen: Array<TurnLanguage | undefined> = [];
    const recording: Recognizer = {
      recognize: (text: string, turn?: TurnLanguage): NluResult => (seen.push(turn), { text, intent: 'none', confidence: 1, route: 'none', ruledOut: [], alternatives: [] }),
    };
    const chooser = new LanguageChooser(grammars, new LanguageIdentifier(franc, vocabularies));
    const understander = new TurnUnderstander(recording, () => 'none', undefined, 1000, { chooser, languages: new Map(), languageOfCode: () => undefined });
    for (const text of ['my backup keeps failing every night', 'zzz qqq xxx www vvv', 'no']) understander.understand({ text, origin: 'typed' }, { stored: 'en' });
    expect(seen).toEqual([{ ownLanguage: true }, { franc: 'eng' }, undefined]);
    // When franc's bonus cannot change the winner the words alone decide: franc is not run at all.
    expect(chooser.choose({ text: 'my backup keeps failing every night' }).judged).toEqual({ identified: { language: 'en' } });
  });
});

describe('IntentRecognizer with the turn\'s language', () => {
  it('uses franc\'s answer passed in instead of running franc again, and skips the check for its own language', () => {
    const { franc, calls } = countingFranc();
    const recognizer = new IntentRecognizer(ranker, ruledOut, CAUSE_ORDER, { language: new LanguageDetector(franc, ENGLISH) });
    const german = 'meine Sicherung funktioniert seit gestern nicht mehr richtig';
    expect(recognizer.recognize(german, { franc: 'deu' })).toMatchObject({ route: 'none', topic: 'other_language', language: 'deu' });
    expect(recognizer.recognize(german, { ownLanguage: true })).toMatchObject({ route: 'backup_failed' });
    expect(calls).toHaveLength(0);
    // Without the turn's decision (a caller without a chooser): the recognizer's own check, as before.
    expect(recognizer.recognize(german)).toMatchObject({ language: 'deu' });
    expect(calls).toHaveLength(1);
  });
});

/**
 * Issue 26, the NLU in Spanish, French and German (fast: no trained model, franc stubbed): per-language normalisation,
 * grammars (intents/<lang>/grammar.yaml), ruled-out negation and question detection in each language with its real
 * ruled_out.yaml, English unchanged, and the training hash of English untouched by other languages' data.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Language } from '../../src/content/i18n/languages';
import { loadRuledOutRules, trainingHash } from '../../src/content/loadIntents';
import { ContentError } from '../../src/content/contentError';
import { ENGLISH_GRAMMAR } from '../../src/nlu/englishGrammar';
import type { Grammar } from '../../src/nlu/grammar';
import { loadGrammar } from '../../src/nlu/grammarFile';
import { isQuestion, questionKind } from '../../src/nlu/isQuestion';
import { RuledOutDetector } from '../../src/nlu/ruledOut';
import { replyParts } from '../../src/nlu/dialogActs';
import type { TextLanguage } from '../../src/text/languages';
import { foldAccents } from '../../src/text/languages';
import { normalizeReply, normalizeText } from '../../src/text/normalize';
import { stem, tokenize } from '../../src/text/tokenize';
import { CAUSE_ORDER, FIXTURE_INTENTS, REPO_ROOT } from './helpers';

// text/ keeps its own copy of the language codes (it is below content/ in the layers): both lists must agree.
const sameLanguages: [Language, TextLanguage] extends [TextLanguage, Language] ? true : false = true;

const INTENTS = join(REPO_ROOT, 'intents');
const grammarOf = (language: Language): Grammar => loadGrammar(language === 'en' ? INTENTS : join(INTENTS, language), language);
const detectorOf = (language: Exclude<Language, 'en'>): RuledOutDetector => {
  const dir = join(INTENTS, language);
  const routes = new Set([...CAUSE_ORDER, 'backup_failed']);
  return new RuledOutDetector(loadRuledOutRules(dir, routes, { causeOrder: CAUSE_ORDER }), CAUSE_ORDER, grammarOf(language));
};

describe('normalisation per language', () => {
  it('folds accents, straight quotes and ligatures outside English', () => {
    expect(sameLanguages).toBe(true);
    expect(normalizeText('¿Dónde está la opción “Copia en iCloud”?', 'es')).toBe('¿donde esta la opcion "copia en icloud"?');
    expect(normalizeText('Ma sauvegarde a échoué, c’est le cœur du problème', 'fr')).toBe("ma sauvegarde a echoue, c'est le coeur du probleme");
    expect(normalizeText('Größe über 5GB, WLAN-Verbindung', 'de')).toBe('grosse uber 5 gb, wlan-verbindung');
    expect(normalizeText('Ñandú pingüino', 'es')).toBe('nandu pinguino');
    expect(foldAccents('çàéèêëîïôöùûüÿñß')).toBe('caeeeeiioouuuynss');
  });

  it('keeps English exactly as before (contractions, variants, no folding)', () => {
    expect(normalizeText("I dont have Wi-Fi, im on 50GB")).toBe("i don't have wifi, i'm on 50 gb");
    expect(normalizeText('café')).toBe('café');
    expect(tokenize(normalizeText("it's not working"))).toEqual(['it', 'is', 'not', 'working']);
  });

  it('tokenises at apostrophes and stems with the language\'s Porter stemmer', () => {
    expect(tokenize(normalizeText("je n'ai pas l'option", 'fr'), 'fr')).toEqual(['je', 'n', 'ai', 'pas', 'l', 'option']);
    expect(stem('sauvegardes', 'fr')).toBe(stem('sauvegarde', 'fr'));
    expect(stem('copias', 'es')).toBe(stem('copia', 'es'));
    expect(stem('sicherungen', 'de')).toBe('sicher');
    expect(stem('backups')).toBe('backup');
  });
});

describe('grammar files', () => {
  it.each(['es', 'fr', 'de'] as const)('intents/%s/grammar.yaml loads', (language) => {
    const grammar = grammarOf(language);
    expect(grammar.language).toBe(language);
    expect(grammar.switchTo?.test(language === 'es' ? 'en espanol' : language === 'fr' ? 'en francais' : 'auf deutsch')).toBe(true);
  });

  it("English keeps its rules in code and takes its switch phrases from intents/grammar.yaml", () => {
    const english = grammarOf('en');
    expect(english.negation).toBe(ENGLISH_GRAMMAR.negation);
    expect(english.switchTo?.test('english please')).toBe(true);
  });

  it('reports a bad grammar file with FILE:LINE and the field', () => {
    const root = mkdtempSync(join(tmpdir(), 'grammar-'));
    try {
      cpSync(join(FIXTURE_INTENTS, 'es'), join(root, 'es'), { recursive: true });
      const file = join(root, 'es', 'grammar.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('negations: [no, nunca, sin, ni]', 'negations: [no, nunca, "sin", "después"]'));
      expect(() => loadGrammar(join(root, 'es'), 'es')).toThrow(ContentError);
      expect(() => loadGrammar(join(root, 'es'), 'es')).toThrow(/es\/grammar\.yaml:5: field "negations\[3\]": must be lower case words without accents/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('ruled-out detection with negations, per language (the real ruled_out.yaml files)', () => {
  it.each([
    ['es', 'no tengo espacio y la copia falla', []],
    ['es', 'la copia falla pero tengo espacio', ['storage_full']],
    ['es', 'la copia falla pero tengo espacio de sobra', ['storage_full']],
    ['fr', "je n'ai pas assez de place pour la sauvegarde", []],
    ['fr', "la sauvegarde échoue mais j'ai de la place", ['storage_full']],
    ['de', 'ich habe nicht genug Speicher', []],
    ['de', 'das Backup schlägt fehl aber ich habe genug Speicher', ['storage_full']],
  ] as const)('%s: "%s" rules out %j', (language, text, expected) => {
    expect(detectorOf(language).detect(text)).toEqual(expected);
  });
});

describe('questions per language', () => {
  it.each([
    ['es', '¿cómo veo mi almacenamiento?', true],
    ['es', 'donde esta la opcion de copia', true],
    ['es', 'mi copia falla', false],
    ['fr', 'comment je vérifie mon stockage', true],
    ['fr', 'ma sauvegarde échoue', false],
    ['de', 'wie prüfe ich meinen speicher', true],
    ['de', 'kann nicht sichern', false],
    ['de', 'mein backup schlägt fehl', false],
  ] as const)('%s: "%s" → %s', (language, text, expected) => {
    expect(isQuestion(text, grammarOf(language))).toBe(expected);
  });

  it('reads stuck and carry-on replies in each language', () => {
    expect(questionKind('no encuentro la opción', grammarOf('es'))).toBe('asks');
    expect(questionKind('y ahora qué?', grammarOf('es'))).toBe('none');
    expect(questionKind('je ne trouve pas le réglage', grammarOf('fr'))).toBe('asks');
    expect(questionKind('ich finde die Einstellung nicht', grammarOf('de'))).toBe('asks');
    expect(questionKind('fertig, aber wie lange dauert das?', grammarOf('de'))).toBe('tag');
  });

  it("splits a reply's two acts at the language's connective", () => {
    expect(replyParts('ya funcionó, pero cómo evito que vuelva a pasar?', grammarOf('es'))).toEqual(['ya funcionó', 'cómo evito que vuelva a pasar?']);
    expect(replyParts('ça marche mais comment éviter ça ?', grammarOf('fr'))).toEqual(['ça marche', 'comment éviter ça ?']);
  });

  it('keeps the "now" of "and now" with the second act, as English does ("and now it asks" → "now it asks")', () => {
    expect(replyParts('no funciono y ahora me pide la contrasena', grammarOf('es'))).toEqual(['no funciono', 'ahora me pide la contrasena']);
    expect(replyParts('ça marche pas et maintenant il demande mon mot de passe', grammarOf('fr'))).toEqual(['ça marche pas', 'maintenant il demande mon mot de passe']);
    expect(replyParts('nein und jetzt will es mein passwort', grammarOf('de'))).toEqual(['nein', 'jetzt will es mein passwort']);
    expect(replyParts('no and now its asking for my password')).toEqual(['no', 'now its asking for my password']);
  });
});

describe("English's training hash", () => {
  it('does not change when another language\'s data changes', () => {
    const root = mkdtempSync(join(tmpdir(), 'hash-'));
    try {
      cpSync(FIXTURE_INTENTS, join(root, 'intents'), { recursive: true });
      const before = trainingHash(join(root, 'intents'));
      const spanishBefore = trainingHash(join(root, 'intents', 'es'), 'es');
      writeFileSync(join(root, 'intents', 'es', 'train', 'thanks.yaml'), 'intent: thanks\nutterances: [gracias, muchas gracias, mil gracias, gracias de verdad, te lo agradezco]\n');
      expect(trainingHash(join(root, 'intents'))).toBe(before);
      expect(trainingHash(join(root, 'intents', 'es'), 'es')).not.toBe(spanishBefore);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('reply words per language', () => {
  it('are compared without accents outside English (intents/<lang>/replies.yaml is written without them)', () => {
    expect(normalizeReply('¡Sí, ya está!', 'es')).toBe('si ya esta');
    expect(normalizeReply('Ça a marché', 'fr')).toBe('ca a marche');
    expect(normalizeReply('Größer? Ja.', 'de')).toBe('grosser ja');
    expect(normalizeReply('Yes!  It’s done')).toBe("yes it's done");
    expect(normalizeReply('café')).toBe('café');
  });
});

/**
 * Messages in another language: franc-min names the language, but only for texts long enough to judge and not
 * mostly English; the classify output marks them (route none, topic other_language, language).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { LanguageDetector, MIN_LETTERS } from '../../src/nlu/language';
import { ensureCompiled, ROOT } from '../helpers/compiledApp';

describe('LanguageDetector (its own rules, franc stubbed)', () => {
  const calls: string[] = [];
  const franc = (text: string): string => {
    calls.push(text);
    return 'spa';
  };
  const detector = new LanguageDetector(franc, ['backup', 'fails', 'keeps', 'failing', 'says', 'error', 'storage']);
  beforeEach(() => (calls.length = 0));

  it('does not judge a text shorter than MIN_LETTERS letters', () => {
    const short = 'hola que tal';
    expect(short.replace(/[^a-z]/g, '').length).toBeLessThan(MIN_LETTERS);
    expect(detector.foreignLanguage(short)).toBeUndefined();
    expect(calls).toHaveLength(0);
  });

  it('treats mostly-English text as English whatever franc would say', () => {
    expect(detector.foreignLanguage('hi, my iphone backup keeps failing, icloud says error, por favor')).toBeUndefined();
    expect(calls).toHaveLength(0);
  });

  it('asks franc about a long non-English text, without the product names', () => {
    expect(detector.foreignLanguage('mi copia de seguridad de iCloud falla siempre en el iPhone')).toBe('spa');
    expect(calls[0]).not.toMatch(/icloud|iphone/i);
  });

  it('does not call a message foreign for two unknown English words', () => {
    expect(detector.foreignLanguage('netflix keeps buffering')).toBeUndefined();
    expect(calls).toHaveLength(0);
  });

  it('judges a short Chinese or Japanese text (a CJK character counts three letters)', () => {
    expect(detector.foreignLanguage('iCloud バックアップが失敗しました')).toBe('spa'); // stubbed franc
    expect(calls).toHaveLength(1);
  });

  it('answers undefined when franc says English or undetermined', () => {
    const english = new LanguageDetector(() => 'eng');
    const unknown = new LanguageDetector(() => 'und');
    expect(english.foreignLanguage('zzzz qqqq xxxx wwww vvvv yyyy')).toBeUndefined();
    expect(unknown.foreignLanguage('zzzz qqqq xxxx wwww vvvv yyyy')).toBeUndefined();
  });
});

describe('npm run classify with franc-min (compiled CLI, real library)', () => {
  beforeAll(() => ensureCompiled(), 180_000);

  it('marks Spanish and German messages and leaves English ones as before', () => {
    const lines = [
      'mi copia de seguridad de icloud falla siempre, que hago?',
      'Mein iPhone macht seit Tagen kein Backup mehr in die iCloud',
      'my iphone backup failed, icloud says not enough storage',
      'hola',
      'iCloud バックアップが失敗しました',
    ];
    const run = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/classify.js')], {
      cwd: ROOT,
      input: `${lines.join('\n')}\n`,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status).toBe(0);
    const out = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({ route: 'none', intent: 'none', topic: 'other_language', language: 'spa' });
    expect(out[1]).toMatchObject({ route: 'none', topic: 'other_language', language: 'deu' });
    expect(out[2]).toMatchObject({ route: 'storage_full' });
    expect(out[2]).not.toHaveProperty('language');
    expect(Object.keys(out[2]!).slice(0, 6)).toEqual(['text', 'intent', 'confidence', 'route', 'ruledOut', 'alternatives']);
    expect(out[3]).not.toHaveProperty('language'); // too short to judge
    expect(out[4]).toMatchObject({ route: 'none', topic: 'other_language', language: 'jpn' });
  }, 180_000);
});

/**
 * A typo or a piece of chat shorthand must not change what the bot understands: generated misspellings (a letter
 * dropped, swapped, doubled, a neighbouring key: test/helpers/typos.ts) of the cue words the knowledge base, the intent
 * model, the act reader and question detection look for, and shorthand variants, read by the trained models
 * (npm run train). A misspelling that is itself a real English word ("wit" for wait) is left out: no speller can know.
 */
import { questionKind } from '../../src/nlu/isQuestion';
import { englishLexicon } from '../../src/text/englishLexicon';
import { knowledge } from '../helpers/botHarness';
import { typoVariants } from '../helpers/typos';

/** `text` with its whole word `word` replaced by every generated misspelling that is no English word. */
function typod(text: string, word: string): string[] {
  const re = new RegExp(`\\b${word}\\b`);
  if (!re.test(text)) throw new Error(`"${word}" is not a word of "${text}"`);
  return typoVariants(word)
    .filter((typo) => englishLexicon().level(typo) === undefined)
    .map((typo) => text.replace(re, typo));
}

const rows = <T extends readonly unknown[]>(table: ReadonlyArray<readonly [string, readonly string[], ...T]>): Array<[string, string, ...T]> =>
  table.flatMap(([text, words, ...rest]) => words.map((w): [string, string, ...T] => [text, w, ...rest]));

describe('knowledge retrieval: typos in the question keep its entry', () => {
  it.each(
    rows<[string]>([
      ['how long do i wait before turning it on again', ['long', 'wait', 'before', 'turning'], 'toggle_wait'],
      ['how do i delete old backups', ['delete', 'backups'], 'storage_delete_old_backups'],
      ['what is using up my storage', ['using', 'storage'], 'storage_what_uses'],
    ]),
  )('"%s" with typos in "%s" → %s', async (text, word, entry) => {
    const { knowledge: kb } = await knowledge();
    const entryOf = (q: string): string => {
      const r = kb.retrieve(q);
      return r.kind === 'answer' ? r.entry.id : r.kind;
    };
    expect(entryOf(text)).toBe(entry);
    expect(typod(text, word).filter((q) => entryOf(q) !== entry).map((q) => `${q} → ${entryOf(q)}`)).toEqual([]);
  });

  it.each([
    ['how lomg do i wait b4 turning it on again', 'toggle_wait'],
    ['hw long do i wait b4 turning it on again', 'toggle_wait'],
    ['hw do i delete old backups pls', 'storage_delete_old_backups'],
    ['wat is using up my storage rn', 'storage_what_uses'],
  ])('shorthand and typos: "%s" → %s', async (text, entry) => {
    const { knowledge: kb } = await knowledge();
    const r = kb.retrieve(text);
    expect(r.kind === 'answer' ? r.entry.id : r.kind).toBe(entry);
  });
});

describe('intent routes: typos in the complaint keep its route', () => {
  it.each(
    rows<[string]>([
      ['my icloud backup failed because my storage is full', ['backup', 'failed', 'storage'], 'storage_full'],
      ['backup keeps failing my wifi keeps dropping', ['failing', 'wifi', 'dropping'], 'network_unstable'],
    ]),
  )('"%s" with typos in "%s" → %s', async (text, word, route) => {
    const { recognizer } = await knowledge();
    expect(recognizer.recognize(text).route).toBe(route);
    expect(typod(text, word).filter((t) => recognizer.recognize(t).route !== route)).toEqual([]);
  });

  it('shorthand routes like the words it stands for', async () => {
    const { recognizer } = await knowledge();
    expect(recognizer.recognize('pls help my backup failed bc my storage is full').route).toBe('storage_full');
    expect(recognizer.recognize('hw do i fix it, backup fails cuz wifi keeps dropping').route).toBe('network_unstable');
  });
});

describe('dialog acts: typos in the cue words keep the act', () => {
  it.each(
    rows<[string]>([
      ['it worked thanks', ['worked'], 'fixed'],
      ['still not working', ['still', 'working'], 'not_fixed'],
      ['where is that setting', ['where', 'setting'], 'question'],
      ['i already tried that', ['already', 'tried'], 'already_tried'],
      ['can i talk to a person', ['talk', 'person'], 'human'],
    ]),
  )('"%s" with typos in "%s" → %s', async (text, word, act) => {
    const { acts } = await knowledge();
    expect(acts.read(text).act).toBe(act);
    expect(typod(text, word).filter((t) => acts.read(t).act !== act).map((t) => `${t} → ${acts.read(t).act}`)).toEqual([]);
  });

  it.each([
    ['thx it worked', 'fixed'],
    ['still not working rn', 'not_fixed'],
    ['wat do u mean', 'question'],
    ['hw do i do that', 'question'],
    ['lemme try it rn', 'doing_it'],
  ])('shorthand: "%s" → %s', async (text, act) => {
    const { acts } = await knowledge();
    expect(acts.read(text).act).toBe(act);
  });
});

describe('question detection: typos in the question word keep the question', () => {
  it.each(rows<[]>([['where is the reset button', ['where']], ['which setting do i change', ['which']], ['should i turn it off', ['should']], ['could you explain that', ['could']]]))(
    '"%s" with typos in "%s" asks',
    (text, word) => {
      expect(questionKind(text)).toBe('asks');
      expect(typod(text, word).filter((t) => questionKind(t) !== 'asks')).toEqual([]);
    },
  );
});

/**
 * Typos in ruled-out phrases must not change the route: "backup fails but my strage is fien" rules storage out like
 * the spelled sentence. Generated misspellings (a letter dropped, swapped or doubled) of the phrase's cue words, read
 * by the trained recognizer (npm run train), which looks for ruled-out phrases in the text spelled against its
 * vocabulary.
 */
import { knowledge } from '../helpers/botHarness';
import { withTypos } from '../helpers/typos';

const ALL = 1000;

/** [complaint, cue word, cause it rules out, route]. */
const TABLE: ReadonlyArray<readonly [string, string, string, string]> = [
  ['backup failed but my storage is fine', 'storage', 'storage_full', 'network_unstable'],
  ['my backup keeps failing though i have plenty of space', 'plenty', 'storage_full', 'network_unstable'],
  ['my backup keeps failing though i have plenty of space', 'space', 'storage_full', 'network_unstable'],
  ['i still have 40gb free and it fails', 'still', 'storage_full', 'network_unstable'],
  ['my wifi is fine but the backup fails', 'wifi', 'network_unstable', 'storage_full'],
];

describe('ruled-out phrases with typos', () => {
  it.each(TABLE)('"%s" with typos in "%s" still rules out %s', async (text, cue, cause, route) => {
    const { recognizer } = await knowledge();
    expect(recognizer.recognize(text)).toMatchObject({ ruledOut: [cause], route });
    const wrong = withTypos(text, cue, ALL)
      .map((typo) => ({ typo, result: recognizer.recognize(typo) }))
      .filter(({ result }) => !result.ruledOut.includes(cause) || result.route !== route)
      .map(({ typo, result }) => `${typo} → ${result.route} [${result.ruledOut.join(', ')}]`);
    expect(wrong).toEqual([]);
  });
});

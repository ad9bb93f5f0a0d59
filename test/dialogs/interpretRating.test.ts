/** "Did I help?" answered in words: interpretRating reads 👍, 👎 or not a rating (no model involved). */
import { interpretRating } from '../../src/dialogs/csatDialog';

describe('interpretRating', () => {
  test.each(['👍', 'yes', 'it was great', 'Great, thanks!', 'very helpful', 'yep', 'thank you'])('"%s" → 👍', (text) => {
    expect(interpretRating(text)).toBe('up');
  });
  test.each(['👎', 'no', 'not really', 'Nope.', "it didn't help", 'useless', 'not helpful at all'])('"%s" → 👎', (text) => {
    expect(interpretRating(text)).toBe('down');
  });
  test.each(['how do I delete old backups?', 'my photos are not uploading since yesterday and the backup stopped at 40 percent', 'hello'])('"%s" is not a rating', (text) => {
    expect(interpretRating(text)).toBeUndefined();
  });
});

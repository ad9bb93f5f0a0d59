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
  test.each([
    ['5 stars', 'up'],
    ['4/5', 'up'],
    ['10/10 would recommend', 'up'],
    ['8 out of 10', 'up'],
    ['4.5 stars', 'up'],
    ['⭐⭐⭐⭐⭐', 'up'],
    ['1 star', 'down'],
    ['2/5', 'down'],
    ['⭐', 'down'],
    ['5/10', 'down'],
  ])('a score "%s" → %s (👍 above half the scale)', (text, score) => {
    expect(interpretRating(text)).toBe(score);
  });
  test.each(['5 stars?', '12/5', 'i have 5 devices'])('"%s" is no score', (text) => {
    expect(interpretRating(text)).toBeUndefined();
  });
});

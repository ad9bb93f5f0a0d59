import { fill, placeholdersIn } from '../../src/content/template';

describe('fill', () => {
  it('replaces every placeholder, including repeated ones and numbers', () => {
    expect(fill('Step {index} of {total}: {text} ({index})', { index: 2, total: 3, text: 'Tap Reset.' })).toBe(
      'Step 2 of 3: Tap Reset. (2)',
    );
  });

  it('leaves text without placeholders unchanged', () => {
    expect(fill('Go to Settings > [Your Name] > iCloud.', {})).toBe('Go to Settings > [Your Name] > iCloud.');
  });

  it('does not expand placeholders that appear inside a value', () => {
    expect(fill('You said: {text}', { text: '{title}', title: 'oops' })).toBe('You said: {title}');
  });

  it('throws, naming the placeholder, when a value is missing', () => {
    expect(() => fill('Solution {number}: {title}', { number: 1 })).toThrow(/\{title\}/);
  });

  it('does not treat inherited object properties as values', () => {
    expect(() => fill('{toString}', {})).toThrow(/\{toString\}/);
  });
});

describe('placeholdersIn', () => {
  it('lists names once, in order, including malformed ones', () => {
    expect(placeholdersIn('{b} {a} {b} { title } {}')).toEqual(['b', 'a', ' title ', '']);
  });

  it('returns nothing for plain text', () => {
    expect(placeholdersIn('Settings > [Your Name] > iCloud')).toEqual([]);
  });
});

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContentError } from '../../src/content/contentError';
import { loadReplyWords, replyPatterns } from '../../src/content/loadReplies';

const repoIntents = path.join(__dirname, '..', '..', 'intents');

describe('intents/replies.yaml', () => {
  const patterns = replyPatterns(loadReplyWords(repoIntents));

  test.each([
    ['yep that did it', 'leadingYes', true],
    ['yesterday it failed', 'leadingYes', false],
    ['still failing', 'leadingNo', true],
    ['ok now', 'acknowledgement', true],
    ['ok done', 'acknowledgement', true],
    ['ok but it failed', 'acknowledgement', false],
    ['and now the backup completed', 'success', true],
    ["it's backing up", 'success', true],
    ['it backs up sometimes', 'success', false],
    ['Please cancel', 'leaveQueue', true],
    ['NEVERMIND', 'leaveQueue', true],
    ["I don't want to wait any more", 'leaveQueue', true],
    ['cancellation fees?', 'leaveQueue', false],
  ] as const)('%s → %s is %s', (text, pattern, expected) => {
    expect(patterns[pattern].test(text)).toBe(expected);
  });

  describe('a bad file names the file and the field', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'replies-'));
      cpSync(path.join(repoIntents, 'replies.yaml'), path.join(dir, 'replies.yaml'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const edit = (from: string, to: string): void => {
      const file = path.join(dir, 'replies.yaml');
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(from);
      writeFileSync(file, text.replace(from, to));
    };

    const problem = (): ContentError => {
      try {
        loadReplyWords(dir);
      } catch (error) {
        if (error instanceof ContentError) return error;
        throw error;
      }
      throw new Error('no error');
    };

    test('an entry with capitals or punctuation', () => {
      edit('starts: [yes, yeah,', 'starts: [Yes!, yeah,');
      expect(problem().message).toMatch(/replies\.yaml.*yes\.starts\[0\].*lower case/);
    });

    test('a missing list', () => {
      edit('  negations: [not, "n\'t", never, no, still]\n', '');
      expect(problem().message).toMatch(/replies\.yaml.*success\.negations/);
    });
  });
});

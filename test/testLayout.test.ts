/**
 * The test layout (README, "Tests"): a test file that needs a trained model, Redis, Chromium, the compiled app or the
 * real application is named `*.full.test.ts` and runs only in `npm test`; every other `*.test.ts` is in the fast
 * project (`npm run test:fast`). This reads each fast file's source and fails when one reaches for such a thing, so
 * the fast loop stays fast and never depends on `npm run train`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const TEST_DIR = __dirname;

/** What a fast test must not use, and why (a pattern in the test file's source). */
const FULL_ONLY: ReadonlyArray<{ needs: string; pattern: RegExp }> = [
  { needs: 'Chromium', pattern: /helpers\/browser'|playwright/ },
  { needs: 'Redis', pattern: /helpers\/redisServer'/ },
  { needs: 'the compiled app', pattern: /ensureCompiled|AppProcess/ },
  { needs: 'the real application (trained model)', pattern: /src\/index'|helpers\/app'|helpers\/chat'/ },
  { needs: 'the trained model', pattern: /\bknowledge\(\)|newConversation\(|loadBotUnderTest|handoffBot\(|models\/[a-z-]+\.json/ },
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const fastFiles = testFiles(TEST_DIR).filter((f) => !f.endsWith('.full.test.ts') && f !== __filename);

test('there are fast and full test files', () => {
  expect(fastFiles.length).toBeGreaterThan(20);
  expect(testFiles(TEST_DIR).filter((f) => f.endsWith('.full.test.ts')).length).toBeGreaterThan(20);
});

test('no fast test file needs a trained model, Redis, Chromium, a build or the real application', () => {
  const misplaced = fastFiles.flatMap((file) => {
    const source = readFileSync(file, 'utf8');
    return FULL_ONLY.filter((rule) => rule.pattern.test(source)).map(
      (rule) => `${relative(TEST_DIR, file)} needs ${rule.needs}: name it *.full.test.ts`,
    );
  });
  expect(misplaced).toEqual([]);
});

test('the rule sees a full test for what it is (each pattern matches a file named *.full.test.ts)', () => {
  const fullSources = testFiles(TEST_DIR)
    .filter((f) => f.endsWith('.full.test.ts'))
    .map((f) => readFileSync(f, 'utf8'));
  const unused = FULL_ONLY.filter((rule) => !fullSources.some((s) => rule.pattern.test(s)));
  expect(unused.map((r) => r.needs)).toEqual([]);
});

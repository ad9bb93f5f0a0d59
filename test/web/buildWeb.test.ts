/**
 * The web pages' bundles (scripts/buildWeb.js): built from src/web/ into public/, never tracked by git, and free of
 * server code — a page that imported a server module's value instead of its type would ship that module (and what
 * it imports) to every browser.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildWeb, serverCodeIn, OUTPUTS } = require('../../scripts/buildWeb.js') as {
  buildWeb(outdir?: string): Promise<string[]>;
  serverCodeIn(metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }): string[];
  OUTPUTS: string[];
};

const git = (...args: string[]): string => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout;

test('the bundles are build outputs: git ignores every one, and public/ holds no tracked .js', () => {
  expect(OUTPUTS).toEqual(expect.arrayContaining(['public/app.js', 'public/embed.js', 'public/admin/admin.js', 'public/agent/agent.js']));
  const ignored = git('check-ignore', ...OUTPUTS).split('\n').filter(Boolean);
  expect(ignored.sort()).toEqual([...OUTPUTS].sort());
  const tracked = git('ls-files', 'public').split('\n').filter(Boolean);
  expect(tracked).toContain('public/index.html');
  expect(tracked.filter((file) => file.endsWith('.js'))).toEqual([]);
});

test('a bundle with code from a server module outside the browser-safe list is named; types and src/web are not', () => {
  const metafile = {
    outputs: {
      [join(ROOT, 'public/admin/admin.js')]: {
        inputs: {
          'src/web/admin/main.ts': { bytesInOutput: 900 },
          'src/analytics/formatReport.ts': { bytesInOutput: 300 },
          // Imported for its types only: esbuild leaves nothing of it in the bundle.
          'src/analytics/summarize.ts': { bytesInOutput: 0 },
          'src/privacy/redact.ts': { bytesInOutput: 1200 },
        },
      },
    },
  };
  expect(serverCodeIn(metafile)).toEqual(['public/admin/admin.js ← src/privacy/redact.ts']);
});

test('the pages build, each page loads the bundle at the path the server serves, and no bundle has server code', async () => {
  // Built into a folder of its own: public/ may be served by a browser test running beside this one.
  const out = mkdtempSync(join(tmpdir(), 'web-bundles-'));
  // buildWeb throws when a bundle contains server code (serverCodeIn above).
  await expect(buildWeb(out)).resolves.toEqual(OUTPUTS);
  for (const output of OUTPUTS) expect(readFileSync(join(out, output.replace(/^public\//, '')), 'utf8')).toMatch(/^\/\* Built by scripts\/buildWeb\.js from src\/web\//);
  rmSync(out, { recursive: true, force: true });
  const pages: Record<string, string[]> = {
    'public/index.html': ['/app.js'],
    'public/embed.html': ['/app.js'],
    'public/admin/index.html': ['/admin/admin.js', '/admin/admin.css'],
    'public/agent/index.html': ['/agent/agent.js', '/agent/agent.css'],
  };
  for (const [page, assets] of Object.entries(pages)) {
    const html = readFileSync(join(ROOT, page), 'utf8');
    for (const asset of assets) expect([page, html.includes(`"${asset}"`)]).toEqual([page, true]);
    // No inline script: the pages' Content-Security-Policy allows scripts from the bot's origin only.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  }
});

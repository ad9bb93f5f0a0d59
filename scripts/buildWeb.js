#!/usr/bin/env node
/**
 * Bundles the web pages' TypeScript and CSS (src/web/) with esbuild into public/, where the server serves them:
 *
 *   src/web/chat/main.ts    → public/app.js             the support page and the embed's chat panel (Web Chat)
 *   src/web/embed/main.ts   → public/embed.js           the launcher an organisation puts on its own site
 *   src/web/admin/main.ts   → public/admin/admin.js     the operators' dashboard (/admin)
 *   src/web/agent/main.ts   → public/agent/agent.js     the agents' console (/agent)
 *   src/web/admin/admin.css → public/admin/admin.css    each page's styles on the shared src/web/shared/base.css
 *   src/web/agent/agent.css → public/agent/agent.css
 *
 * The outputs are build products (.gitignore): `npm run build`, `npm start` (scripts/run.js), `npm test` and
 * `npm run release` run this. The pages import the server's response types with `import type` only; this script
 * fails when a bundle would contain code from src/ outside src/web/ other than BROWSER_SAFE (plain data and
 * formatting, no imports at run time).
 * Usage: node scripts/buildWeb.js [--if-stale] [--out DIR]
 *   --if-stale  only when a source is newer than a bundle;  --out DIR  instead of public/ (the release's own folder)
 * Type errors are `tsc -p src/web`'s job (npm run typecheck, npm test), not esbuild's.
 */
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const PUBLIC = join(ROOT, 'public');

const ENTRIES = [
  { in: 'src/web/chat/main.ts', out: 'app' },
  { in: 'src/web/embed/main.ts', out: 'embed' },
  { in: 'src/web/admin/main.ts', out: 'admin/admin' },
  { in: 'src/web/agent/main.ts', out: 'agent/agent' },
  { in: 'src/web/admin/admin.css', out: 'admin/admin' },
  { in: 'src/web/agent/agent.css', out: 'agent/agent' },
];

/**
 * Server modules a page may bundle: they hold data and pure functions only (the outcome labels, percent(); the page's
 * language choice, which the server and the tests share).
 */
const BROWSER_SAFE = new Set(['src/analytics/formatReport.ts', 'src/channels/webchat/pageLanguage.ts']);

/** The bundles this script writes, relative to the repository (for .gitignore, eslint and tests). */
const OUTPUTS = ENTRIES.map((e) => `public/${e.out}${e.in.endsWith('.css') ? '.css' : '.js'}`);

/** "bundle ← input" for each input outside src/web/ (and not BROWSER_SAFE) that put code into a bundle. */
function serverCodeIn(metafile) {
  const found = [];
  for (const [output, info] of Object.entries(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(info.inputs)) {
      if (bytesInOutput > 0 && !input.startsWith('src/web/') && !BROWSER_SAFE.has(input)) found.push(`${relative(ROOT, resolve(ROOT, output))} ← ${input}`);
    }
  }
  return found;
}

/** Bundles every page into `outdir` (public/; a test builds elsewhere so it never rewrites what a server serves). */
async function buildWeb(outdir = PUBLIC) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES.map((e) => ({ in: e.in, out: e.out })),
    outdir,
    bundle: true,
    format: 'iife',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    banner: { js: '/* Built by scripts/buildWeb.js from src/web/: edit the TypeScript there, not this file. */', css: '/* Built by scripts/buildWeb.js from src/web/: edit the CSS there, not this file. */' },
  });
  const leaked = serverCodeIn(result.metafile);
  if (leaked.length) throw new Error(`server code in a page bundle (import it with \`import type\`):\n  ${leaked.join('\n  ')}`);
  return OUTPUTS;
}

/** Newest modification time (ms) of the files under `dir` whose names end with one of `extensions`. */
function newestMtime(dir, extensions) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path, extensions));
    else if (extensions.some((ext) => entry.name.endsWith(ext))) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when a bundle is missing or older than a source (src/web/ and the server modules it imports). */
function webBundlesStale() {
  const sourceTime = Math.max(newestMtime(join(ROOT, 'src', 'web'), ['.ts', '.css']), ...[...BROWSER_SAFE].map((f) => statSync(join(ROOT, f)).mtimeMs));
  return OUTPUTS.some((out) => !existsSync(join(ROOT, out)) || statSync(join(ROOT, out)).mtimeMs < sourceTime);
}

/** Builds the bundles unless they are up to date (scripts/run.js, jest's global setup). */
async function buildWebIfStale() {
  if (webBundlesStale()) await buildWeb();
}

module.exports = { buildWeb, buildWebIfStale, serverCodeIn, OUTPUTS };

if (require.main === module) {
  const started = Date.now();
  const ifStale = process.argv.includes('--if-stale');
  const outArg = process.argv.indexOf('--out');
  const outdir = outArg > 0 ? resolve(process.argv[outArg + 1]) : PUBLIC;
  (ifStale && !webBundlesStale() ? Promise.resolve(null) : buildWeb(outdir)).then(
    (outputs) => outputs && process.stderr.write(`buildWeb: ${outputs.length} files in ${relative(process.cwd(), outdir) || outdir} (${Date.now() - started} ms)\n`),
    (error) => {
      process.stderr.write(`buildWeb: ${error.message}\n`);
      process.exit(1);
    },
  );
}

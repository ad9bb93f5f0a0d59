#!/usr/bin/env node
/**
 * Runs a compiled entry point, compiling TypeScript first only when a source file is newer than the build.
 * Usage: node scripts/run.js src/cli/classify.ts [args...]
 * Compiler output goes to stderr, so a CLI's stdout stays clean (npm run --silent classify).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/run.js <src/...ts> [args...]\n');
  process.exit(2);
}
const compiled = join(root, 'dist', entry.replace(/\.ts$/, '.js'));

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    // src/web/ is the browser pages: bundled by scripts/buildWeb.js below, not compiled by tsc into dist/.
    if (name.isDirectory()) newest = path === join(root, 'src', 'web') ? newest : Math.max(newest, newestMtime(path));
    else if (name.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sources = ['src', 'scripts', 'bench'].map((d) => join(root, d)).filter(existsSync);
const sourceTime = Math.max(statSync(join(root, 'tsconfig.json')).mtimeMs, ...sources.map(newestMtime));
if (!existsSync(compiled) || statSync(compiled).mtimeMs < sourceTime) {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', root], { stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write('TypeScript compilation failed (see above).\n');
    process.exit(result.status ?? 1);
  }
}
// The web pages' bundles (public/app.js, ...) when src/web/ changed since they were built.
const web = spawnSync(process.execPath, [join(root, 'scripts', 'buildWeb.js'), '--if-stale'], { stdio: ['ignore', 2, 2] });
if (web.status !== 0) {
  process.stderr.write('Bundling the web pages failed (see above).\n');
  process.exit(web.status ?? 1);
}
// Run it as the main module (so `require.main === module` holds in the entry point).
process.argv = [process.argv[0], compiled, ...args];
require('node:module').runMain();

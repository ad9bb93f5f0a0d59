#!/usr/bin/env node
/**
 * `npm run release`: writes release/, the one artifact every deployment uses (zip deploy, the container image):
 *
 *   dist/           the compiled app (src/ and the Teams package script; no bench, no tests)
 *   node_modules/   production dependencies only: the lockfile's packages not marked dev, copied from this checkout's
 *                   `npm ci` (so native modules are built for the Node.js that ran it; `npm ci --omit=dev` inside the
 *                   folder would build better-sqlite3 from source again where no prebuilt binary can be fetched, and
 *                   `npm prune` re-fetched packages from the registry)
 *   dialogs/ intents/ public/ teams/   the content, the web pages (their scripts and styles bundled from src/web/ by
 *                   scripts/buildWeb.js) with the Web Chat bundle (public/webchat.js: the
 *                   page needs only this 4 MB file of botframework-webchat, a devDependency whose dependencies weigh
 *                   ~480 MB; with its licence notices), the Teams package inputs
 *   models/         the trained NLU model, trained on the shipped intents/ (so start-up never trains)
 *   package.json    `npm start` = `node dist/src/index.js`: no compiler, no dev dependencies, no training
 *   package-lock.json, .npmrc, .env.example
 *
 * Usage: node scripts/release.js [--out DIR]   (default: release/ in this checkout; it is replaced)
 * It starts from an empty folder anywhere: nothing in it points back to this checkout.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative, resolve, sep } = require('node:path');

const ROOT = resolve(__dirname, '..');
const outArg = process.argv.indexOf('--out');
const OUT = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(ROOT, 'release');
const CONTENT = ['dialogs', 'intents', 'public', 'teams'];
const FILES = ['package-lock.json', '.npmrc', '.env.example'];

let last = Date.now();
function step(message) {
  const now = Date.now();
  process.stderr.write(`release: ${message} (previous step ${((now - last) / 1000).toFixed(1)} s)\n`);
  last = now;
}

function run(command, args, cwd, env = process.env) {
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    step(`failed: ${command} ${args.join(' ')} (in ${cwd})`);
    process.exit(result.status ?? 1);
  }
}

/** The lockfile's packages that `npm ci --omit=dev` installs (everything but dev-only ones), by path. */
function productionPackages(lock) {
  const keep = new Set();
  const drop = new Set();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/')) continue;
    (entry.dev ? drop : keep).add(path);
  }
  return { keep, drop };
}

function copyProductionModules() {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const { keep, drop } = productionPackages(lock);
  const topLevel = [...keep].filter((p) => p.split('/node_modules/').length === 1);
  for (const path of topLevel) {
    const from = join(ROOT, path);
    if (!existsSync(from)) {
      // Optional packages for other platforms (e.g. another CPU's esbuild binary) are not installed here either.
      if (lock.packages[path].optional || lock.packages[path].devOptional) continue;
      step(`${path} is missing: run \`npm ci\` first`);
      process.exit(1);
    }
    cpSync(from, join(OUT, path), {
      recursive: true,
      verbatimSymlinks: true,
      // Nested packages that only dev dependencies need stay behind.
      filter: (src) => !drop.has(relative(ROOT, src).split(sep).join('/')),
    });
  }
}

/** The one file of botframework-webchat the page loads (GET /webchat.js serves public/webchat.js when present). */
function copyWebChatBundle() {
  const pkg = join(ROOT, 'node_modules', 'botframework-webchat');
  const bundle = join(pkg, 'dist', 'webchat.js');
  if (!existsSync(bundle)) {
    step(`${relative(ROOT, bundle)} is missing: run \`npm ci\` first`);
    process.exit(1);
  }
  cpSync(bundle, join(OUT, 'public', 'webchat.js'));
  // The bundle's first line points to its licence notices, next to it (served as /webchat.js.LICENSE.txt).
  if (existsSync(`${bundle}.LICENSE.txt`)) cpSync(`${bundle}.LICENSE.txt`, join(OUT, 'public', 'webchat.js.LICENSE.txt'));
}

function writePackageJson() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const release = {
    name: pkg.name,
    version: pkg.version,
    private: true,
    description: pkg.description,
    license: pkg.license,
    engines: pkg.engines,
    main: 'dist/src/index.js',
    scripts: {
      start: 'node dist/src/index.js',
      train: 'node dist/src/cli/train.js',
      validate: 'node dist/src/cli/validate.js',
      report: 'node dist/src/cli/report.js',
      'teams:package': 'node dist/scripts/teamsPackage.js',
    },
    dependencies: pkg.dependencies,
  };
  writeFileSync(join(OUT, 'package.json'), `${JSON.stringify(release, null, 2)}\n`);
}

function main() {
  const started = Date.now();
  step(`writing ${relative(process.cwd(), OUT) || OUT} with node ${process.version}`);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });

  step('compiling (tsconfig.release.json → dist/)');
  run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.release.json'), '--outDir', join(OUT, 'dist')], ROOT);

  step(`copying ${[...CONTENT, ...FILES].join(', ')}`);
  // This checkout's own build outputs stay behind: the Teams package, and the pages' bundles (built below).
  const bundles = new Set(require('./buildWeb').OUTPUTS.map((file) => join(ROOT, file)));
  for (const dir of CONTENT) cpSync(join(ROOT, dir), join(OUT, dir), { recursive: true, filter: (src) => !src.startsWith(join(ROOT, 'teams', 'build')) && !bundles.has(src) });
  for (const file of FILES) if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(OUT, file));
  writePackageJson();
  copyWebChatBundle();
  // Built straight into the release (not this checkout's public/, which a running server or test may be serving).
  step('bundling the web pages (scripts/buildWeb.js: src/web/ → public/)');
  run(process.execPath, [join(ROOT, 'scripts', 'buildWeb.js'), '--out', join(OUT, 'public')], ROOT);
  for (const bundle of bundles) {
    if (!existsSync(join(OUT, relative(ROOT, bundle)))) {
      step(`the web page bundle ${bundle} is missing from the release`);
      process.exit(1);
    }
  }

  step('copying the production dependencies');
  copyProductionModules();
  for (const dependency of Object.keys(JSON.parse(readFileSync(join(OUT, 'package.json'), 'utf8')).dependencies)) {
    if (!existsSync(join(OUT, 'node_modules', dependency, 'package.json'))) {
      step(`the dependency ${dependency} is missing from the release`);
      process.exit(1);
    }
  }

  step('NLU model (trained on the shipped intents/; a current model from models/ is reused)');
  if (existsSync(join(ROOT, 'models'))) cpSync(join(ROOT, 'models'), join(OUT, 'models'), { recursive: true });
  run(process.execPath, ['dist/src/cli/train.js'], OUT, { PATH: process.env.PATH ?? '' });

  for (const devOnly of ['typescript', 'jest', 'eslint']) {
    if (existsSync(join(OUT, 'node_modules', devOnly))) {
      step(`a dev dependency (${devOnly}) ended up in the release`);
      process.exit(1);
    }
  }
  step(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${OUT} (start it with \`npm start\` there)`);
}

main();

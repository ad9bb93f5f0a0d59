/**
 * The settings are documented from one source: the README's table and `.env.example` are what `npm run docs:config`
 * writes from src/config/envSchema.ts, and every variable the code reads by name is in that schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { envExample, expectedFiles, readmeWithTable, ROOT, settings, settingsTable } from '../scripts/docsConfig';

test('README.md and .env.example are what `npm run docs:config` writes from the schema', () => {
  const stale = expectedFiles().filter((f) => readFileSync(f.path, 'utf8') !== f.expected).map((f) => `${relative(ROOT, f.path)} is stale: run npm run docs:config`);
  expect(stale).toEqual([]);
});

test('every variable has a section, a description, a table row and a line in .env.example', () => {
  const all = settings();
  expect(all.length).toBeGreaterThanOrEqual(50);
  const table = settingsTable(all);
  const example = envExample(all);
  expect(all.filter((s) => !table.includes(`| \`${s.name}\` |`)).map((s) => s.name)).toEqual([]);
  expect(all.filter((s) => !new RegExp(`^${s.name}=`, 'm').test(example)).map((s) => s.name)).toEqual([]);
  expect(table).toMatch(/\| `MAX_BODY_BYTES` \| `262144` \|/);
  expect(example).toMatch(/^RATE_LIMIT_WINDOW_SECONDS=10$/m);
});

test('a change to the schema shows as a stale README (the comparison can fail)', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const withoutOneRow = settings().slice(1);
  expect(readmeWithTable(readme, settingsTable(withoutOneRow))).not.toBe(readme);
});

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

test('every environment variable read by name in src/ and scripts/ is in the schema', () => {
  const known = new Set([...settings().map((s) => s.name), 'PUBLIC_BASE_URL', 'BOT_PUBLIC_HOST']);
  const reads = /\benv(?:\?)?\.([A-Z][A-Za-z_]+)|\benv\[['"]([A-Za-z_]+)['"]\]|envValue\(\w+, '([A-Za-z_]+)'\)|given\(env, '([A-Za-z_]+)'\)/g;
  const read = [join(ROOT, 'src'), join(ROOT, 'scripts')].flatMap(tsFiles).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(reads)].map((m) => ({ file: relative(ROOT, file), name: m[1] ?? m[2] ?? m[3] ?? m[4]! })),
  );
  expect(read.map((r) => r.name)).toEqual(expect.arrayContaining(['NODE_ENV', 'TEAMS_APP_ID', 'PUBLIC_URL']));
  const unknown = read.filter((r) => !known.has(r.name) && !['PATH', 'HOME'].includes(r.name)).map((r) => `${r.file}: ${r.name}`);
  expect(unknown).toEqual([]);
});

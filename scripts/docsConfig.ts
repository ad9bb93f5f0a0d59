/**
 * `npm run docs:config`: writes the README's settings table and `.env.example` from the config schema
 * (src/config/envSchema.ts: each variable's section, description and default). `--check` writes nothing and exits 1
 * when either file is stale; test/configDocs.test.ts runs the same comparison.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { EnvSchema, SECTIONS, type Section, type SettingDoc } from '../src/config/envSchema';

/** The checkout: scripts/.. from the source (ts-jest), dist/scripts/../.. from the build. */
export const ROOT = [resolve(__dirname, '..'), resolve(__dirname, '../..')].find((dir) => existsSync(join(dir, 'package.json')))!;
export const TABLE_START = '<!-- settings table: written by `npm run docs:config` from src/config/envSchema.ts; edit it there -->';
export const TABLE_END = '<!-- end of settings table -->';

export interface Setting extends SettingDoc {
  name: string;
  /** The default as text ('' = none). */
  defaultText: string;
}

/** Every variable of the schema with its documentation, in schema order. */
export function settings(): Setting[] {
  const json = z.toJSONSchema(EnvSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, { default?: unknown }> };
  return Object.entries(EnvSchema.shape).map(([name, schema]) => {
    const doc = schema.meta() as SettingDoc | undefined;
    if (!doc?.section || !doc.description) throw new Error(`src/config/envSchema.ts: ${name} has no section or description`);
    const value = json.properties[name]?.default;
    const defaultText = doc.shownDefault ?? (value === undefined ? '' : String(value));
    return { ...doc, name, defaultText };
  });
}

const bySection = (all: Setting[], section: Section): Setting[] => all.filter((s) => s.section === section);

/** The README's table: one row per variable, a bold row per section. */
export function settingsTable(all: Setting[] = settings()): string {
  const rows = ['| variable | default | meaning |', '|---|---|---|'];
  for (const section of SECTIONS) {
    const inSection = bySection(all, section);
    if (inSection.length === 0) continue;
    rows.push(`| **${section}** | | |`);
    for (const s of inSection) {
      const shown = s.shownDefault !== undefined ? s.shownDefault : s.defaultText ? `\`${s.defaultText}\`` : '—';
      rows.push(`| \`${s.name}\` | ${shown} | ${s.description.replace(/\|/g, '\\|')} |`);
    }
  }
  return rows.join('\n');
}

/** Words of `text` as `# ` comment lines of at most `width` characters. */
function commentLines(text: string, width = 118): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.replace(/`/g, '').split(/\s+/)) {
    if (line.length + 1 + word.length > width && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

const ENV_HEADER = [
  '# iCloud Backup Help — configuration. Copy to .env (git-ignored) and fill in what you need.',
  '# Every variable is optional for local use; `npm start` runs with none of them set.',
  '# A bad value stops start-up with a message naming the variable.',
  '# Written by `npm run docs:config` from src/config/envSchema.ts (descriptions and defaults): edit them there.',
];

/** `.env.example`: every variable with its description and its default (empty when it has none). */
export function envExample(all: Setting[] = settings()): string {
  const out = [...ENV_HEADER];
  for (const section of SECTIONS) {
    const inSection = bySection(all, section);
    if (inSection.length === 0) continue;
    out.push('', `# ---- ${section} ----`);
    for (const s of inSection) out.push(...commentLines(s.description), `${s.name}=${s.shownDefault === undefined ? s.defaultText : ''}`);
  }
  return `${out.join('\n')}\n`;
}

/** The README with its settings table replaced by `table`. Throws when the markers are missing. */
export function readmeWithTable(readme: string, table: string = settingsTable()): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md: the settings table markers are missing (${TABLE_START} … ${TABLE_END})`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The files docs:config writes, with their expected content. */
export function expectedFiles(root = ROOT): Array<{ path: string; expected: string }> {
  const all = settings();
  const readmePath = join(root, 'README.md');
  return [
    { path: readmePath, expected: readmeWithTable(readFileSync(readmePath, 'utf8'), settingsTable(all)) },
    { path: join(root, '.env.example'), expected: envExample(all) },
  ];
}

function main(args: string[]): number {
  const stale = expectedFiles().filter((f) => readFileSync(f.path, 'utf8') !== f.expected);
  if (args.includes('--check')) {
    for (const f of stale) process.stderr.write(`${f.path} is stale: run npm run docs:config\n`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const f of stale) writeFileSync(f.path, f.expected);
  process.stdout.write(stale.length === 0 ? 'README.md and .env.example are up to date\n' : `wrote ${stale.map((f) => f.path).join(', ')}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

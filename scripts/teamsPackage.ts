/**
 * Builds the Microsoft Teams app package: teams/build/icloud-backup-help.zip holding manifest.json, color.png,
 * outline.png and the localization files (es.json, fr.json, de.json: see teamsLocalization.ts) at the zip root, ready
 * for Teams' "Upload a custom app" or the Teams admin center.
 *
 *   npm run teams:package            (reads the environment, with .env underneath)
 *   node dist/scripts/teamsPackage.js --out some/where.zip
 *
 * Environment:
 *   MicrosoftAppId               required: the bot's Microsoft App ID (GUID). Becomes bots[0].botId.
 *   TEAMS_APP_ID                 optional GUID for the manifest's `id`; defaults to MicrosoftAppId.
 *   PUBLIC_URL                   optional https URL of the bot; its host -> validDomains. (The old names
 *                                PUBLIC_BASE_URL and BOT_PUBLIC_HOST still work, with a deprecation warning.)
 *   TEAMS_APP_VERSION            optional x.y.z; defaults to package.json's version. Raise it for every re-upload.
 *   TEAMS_DEVELOPER_NAME         optional, at most 32 characters.
 *   TEAMS_DEVELOPER_WEBSITE_URL  optional https URL; defaults to PUBLIC_URL.
 *   TEAMS_PRIVACY_URL, TEAMS_TERMS_URL  optional https URLs; default to the website URL.
 * The functions below are exported so tests can build a package without spawning a process.
 */
import AdmZip from 'adm-zip';
import Ajv, { type ErrorObject } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { ConfigError, readEnvironment } from '../src/config/config';
import { resolvePublicUrl } from '../src/config/publicUrl';
import { checkLocalizationFile, readLocalizationFiles } from './teamsLocalization';

export const PACKAGE_FILE_NAME = 'icloud-backup-help.zip';
const TEMPLATE_FILE = 'manifest.template.json';
/** The manifest schema version of teams/manifest.template.json; its JSON schema ships in @microsoft/app-manifest. */
export const MANIFEST_VERSION = '1.24';
const SCHEMA_URL = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
const DEFAULT_DEVELOPER_NAME = 'iCloud Backup Help';
/** Used only when no URL at all is configured, so a developer can still sideload; reported as a warning. */
const FALLBACK_WEBSITE_URL = 'https://example.com/';

const PLACEHOLDER = /\{\{([A-Za-z0-9_]+)\}\}/g;

/**
 * Microsoft's JSON schema for the manifest version, as bundled in @microsoft/app-manifest (nothing is fetched), compiled
 * with ajv-draft-04 (the schemas are draft-04) and ajv-formats, the way that package's own validator does it.
 * (The package's JavaScript is not used: it requires an ESM-only dependency that jest on Node 20 cannot load.)
 */
function compileManifestSchema(version: string): { validate: ReturnType<AjvDraft04['compile']>; semver: ReturnType<Ajv['compile']> } {
  const file = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as { definitions: Record<string, object> };
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  // The schema describes `version` as semver but checks only its length; its own definitions.semver has the pattern.
  return { validate: ajv.compile(schema), semver: new Ajv().compile(schema.definitions.semver!) };
}
let compiled: ReturnType<typeof compileManifestSchema> | undefined;

/** Which setting fills a manifest field, so a schema error can name the variable to fix. */
const FIELD_SETTINGS: Record<string, string> = {
  id: 'TEAMS_APP_ID (defaults to MicrosoftAppId)',
  version: 'TEAMS_APP_VERSION (defaults to package.json version)',
  'bots[0].botId': 'MicrosoftAppId',
  'developer.name': 'TEAMS_DEVELOPER_NAME',
  'developer.websiteUrl': 'TEAMS_DEVELOPER_WEBSITE_URL',
  'developer.privacyUrl': 'TEAMS_PRIVACY_URL',
  'developer.termsOfUseUrl': 'TEAMS_TERMS_URL',
  'validDomains[0]': 'PUBLIC_URL',
};

/** Everything substituted into the template. Undefined optional values drop the array entries that name them. */
export interface TeamsPackageSettings {
  microsoftAppId: string;
  teamsAppId: string;
  version: string;
  developerName: string;
  websiteUrl: string;
  privacyUrl: string;
  termsOfUseUrl: string;
  /** Host for validDomains; undefined leaves validDomains empty. */
  publicHost?: string;
}

export class TeamsPackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`Teams app package is not valid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'TeamsPackageError';
  }
}

// ---- Settings from the environment ---------------------------------------------------------------------------------

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
}

function requireHttpsUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, `must be an https:// URL (got ${JSON.stringify(value)})`);
  }
  if (url.protocol !== 'https:') throw new ConfigError(variable, `must use https:// (got ${JSON.stringify(value)}); Teams rejects other schemes`);
  return value;
}

/**
 * Reads and checks the packaging settings. Throws ConfigError naming the variable at fault.
 * `warnings` lists defaults that are fine for a test sideload but should be set before publishing.
 */
export function settingsFromEnv(
  env: NodeJS.ProcessEnv,
  defaults: { version: string },
): { settings: TeamsPackageSettings; warnings: string[] } {
  const warnings: string[] = [];

  const microsoftAppId = envValue(env, 'MicrosoftAppId');
  if (!microsoftAppId) {
    throw new ConfigError(
      'MicrosoftAppId',
      "is required to build the Teams app package: set it to the bot's Microsoft App ID (a GUID, shown on the Azure Bot resource's Configuration page)",
    );
  }
  // GUIDs, lengths and the rest are checked against Microsoft's manifest schema (validateManifest), naming the field.
  const teamsAppId = envValue(env, 'TEAMS_APP_ID') ?? microsoftAppId;
  const version = envValue(env, 'TEAMS_APP_VERSION') ?? defaults.version;

  // PUBLIC_URL (or its old names PUBLIC_BASE_URL / BOT_PUBLIC_HOST, with a deprecation warning): validDomains is its host.
  const publicUrl = resolvePublicUrl(env);
  warnings.push(...publicUrl.warnings);
  const baseUrl = envValue(publicUrl.env, 'PUBLIC_URL');
  if (baseUrl) requireHttpsUrl(publicUrl.source ?? 'PUBLIC_URL', baseUrl);
  const publicHost = baseUrl ? new URL(baseUrl).host : undefined;

  const developerName = envValue(env, 'TEAMS_DEVELOPER_NAME') ?? DEFAULT_DEVELOPER_NAME;

  let websiteUrl = envValue(env, 'TEAMS_DEVELOPER_WEBSITE_URL');
  if (websiteUrl) requireHttpsUrl('TEAMS_DEVELOPER_WEBSITE_URL', websiteUrl);
  else if (baseUrl && publicHost && !publicHost.startsWith('*.')) websiteUrl = baseUrl;
  else {
    websiteUrl = FALLBACK_WEBSITE_URL;
    warnings.push(`TEAMS_DEVELOPER_WEBSITE_URL (or PUBLIC_URL) is not set; using ${FALLBACK_WEBSITE_URL}. Fine for a test sideload, set it before publishing`);
  }
  const urlOrWebsite = (variable: string): string => {
    const v = envValue(env, variable);
    if (v) return requireHttpsUrl(variable, v);
    warnings.push(`${variable} is not set; using the website URL ${websiteUrl}`);
    return websiteUrl;
  };
  const privacyUrl = urlOrWebsite('TEAMS_PRIVACY_URL');
  const termsOfUseUrl = urlOrWebsite('TEAMS_TERMS_URL');
  if (!publicHost) warnings.push('PUBLIC_URL is not set; validDomains will be empty');

  return {
    settings: { microsoftAppId, teamsAppId, version, developerName, websiteUrl, privacyUrl, termsOfUseUrl, publicHost },
    warnings,
  };
}

// ---- Template substitution -----------------------------------------------------------------------------------------

/** Placeholder name -> value, as used in teams/manifest.template.json. */
export function placeholderValues(s: TeamsPackageSettings): Record<string, string | undefined> {
  return {
    MICROSOFT_APP_ID: s.microsoftAppId,
    TEAMS_APP_ID: s.teamsAppId,
    TEAMS_APP_VERSION: s.version,
    TEAMS_DEVELOPER_NAME: s.developerName,
    TEAMS_DEVELOPER_WEBSITE_URL: s.websiteUrl,
    TEAMS_PRIVACY_URL: s.privacyUrl,
    TEAMS_TERMS_URL: s.termsOfUseUrl,
    BOT_PUBLIC_HOST: s.publicHost,
  };
}

/**
 * Replaces `{{NAME}}` in every string of the parsed template. An array entry that is exactly one placeholder whose
 * value is undefined is removed (how an unset BOT_PUBLIC_HOST empties validDomains). Unknown placeholders are left
 * in place for validateManifest to report.
 */
export function substitutePlaceholders(node: unknown, values: Record<string, string | undefined>): unknown {
  if (typeof node === 'string') {
    return node.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
  }
  if (Array.isArray(node)) {
    return node
      .filter((item) => {
        if (typeof item !== 'string') return true;
        const only = /^\{\{([A-Za-z0-9_]+)\}\}$/.exec(item);
        return !(only && only[1]! in values && values[only[1]!] === undefined);
      })
      .map((item) => substitutePlaceholders(item, values));
  }
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = substitutePlaceholders(v, values);
    return out;
  }
  return node;
}

// ---- Icons --------------------------------------------------------------------------------------------------------

/** Decodes a PNG (pngjs): size, whether it has an alpha channel, and RGBA pixels. Throws when the bytes are not a PNG. */
export function readPng(png: Buffer): { width: number; height: number; alpha: boolean; rgba: Buffer } {
  let image;
  try {
    image = PNG.sync.read(png);
  } catch (e) {
    throw new Error(`not a readable PNG file (${(e as Error).message})`);
  }
  return { width: image.width, height: image.height, alpha: image.alpha, rgba: image.data };
}

/** Problems with the icons against Teams' rules: colour 192×192; outline 32×32, white on transparent. */
export function checkIcons(color: Buffer, outline: Buffer): string[] {
  const problems: string[] = [];
  try {
    const c = readPng(color);
    if (c.width !== 192 || c.height !== 192) problems.push(`color icon must be 192x192 pixels (is ${c.width}x${c.height})`);
  } catch (e) {
    problems.push(`color icon: ${(e as Error).message}`);
  }
  try {
    const o = readPng(outline);
    if (o.width !== 32 || o.height !== 32) problems.push(`outline icon must be 32x32 pixels (is ${o.width}x${o.height})`);
    if (!o.alpha) {
      problems.push('outline icon must have an alpha channel (white on a transparent background)');
    } else {
      let transparent = 0;
      let notWhite = 0;
      for (let i = 0; i < o.rgba.length; i += 4) {
        if (o.rgba[i + 3] === 0) transparent++;
        else if (o.rgba[i] !== 255 || o.rgba[i + 1] !== 255 || o.rgba[i + 2] !== 255) notWhite++;
      }
      if (notWhite > 0) problems.push(`outline icon must be white only: ${notWhite} visible pixels are not white`);
      if (transparent === 0) problems.push('outline icon must have a transparent background: no pixel is transparent');
    }
  } catch (e) {
    problems.push(`outline icon: ${(e as Error).message}`);
  }
  return problems;
}

// ---- Manifest validation -------------------------------------------------------------------------------------------

/** "/bots/0/botId" (a JSON pointer) → "bots[0].botId". */
function fieldName(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

/**
 * Checks the rendered manifest against Microsoft's JSON schema for its manifest version (bundled in
 * @microsoft/app-manifest), plus what this package relies on: no placeholder left,
 * the schema version we ship, and icon file names matching the files packed at the zip root.
 * Returns every problem found, each naming the field (and the setting that fills it).
 */
export function validateManifest(manifest: unknown): string[] {
  const problems: string[] = [];
  const leftovers = JSON.stringify(manifest).match(PLACEHOLDER);
  if (leftovers) problems.push(`placeholders left unreplaced: ${[...new Set(leftovers)].join(', ')}`);
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) return [...problems, 'manifest is not a JSON object'];
  const m = manifest as Record<string, unknown>;
  if (m.manifestVersion !== MANIFEST_VERSION || m.$schema !== SCHEMA_URL) {
    problems.push(`manifestVersion must be "${MANIFEST_VERSION}" and $schema ${SCHEMA_URL} (the schema this package is checked against)`);
    return problems;
  }
  compiled ??= compileManifestSchema(MANIFEST_VERSION);
  if (!compiled.validate(m)) problems.push(...(compiled.validate.errors ?? []).map(describeSchemaError));
  if (!compiled.semver(m.version)) {
    problems.push(`field version: must be major.minor.patch like 1.0.0, the schema's definitions.semver (is ${JSON.stringify(m.version)}; set by ${FIELD_SETTINGS.version})`);
  }
  const icons = (m.icons ?? {}) as Record<string, unknown>;
  if (icons.color !== 'color.png') problems.push('field icons.color: must be "color.png" (the file packed at the zip root)');
  if (icons.outline !== 'outline.png') problems.push('field icons.outline: must be "outline.png" (the file packed at the zip root)');
  return problems;
}

/** "field bots[0].botId: must match pattern … (set by MicrosoftAppId)". */
function describeSchemaError(error: ErrorObject): string {
  const field = fieldName(error.instancePath) || '(manifest)';
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
  const detail = params.additionalProperty
    ? ` "${params.additionalProperty}"`
    : params.allowedValues
      ? ` (${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`
      : '';
  const setting = FIELD_SETTINGS[field];
  return `field ${field}: ${error.message ?? 'is not valid'}${detail}${setting ? ` (set by ${setting})` : ''}`;
}

// ---- Building the package ------------------------------------------------------------------------------------------

/** The folder holding package.json, searched upwards from `start` (works from scripts/ and from dist/scripts/). */
export function findRepoRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json found above ${start}`);
    dir = parent;
  }
  return dir;
}

export interface BuildOptions {
  /** Defaults to process.env with .env applied underneath. */
  env?: NodeJS.ProcessEnv;
  /** Folder holding manifest.template.json, color.png and outline.png. Defaults to <repo>/teams. */
  teamsDir?: string;
  /** Zip file to write. Defaults to <teamsDir>/build/icloud-backup-help.zip. */
  outFile?: string;
  /** Version used when TEAMS_APP_VERSION is unset. Defaults to package.json's version. */
  defaultVersion?: string;
}

export interface BuildResult {
  outFile: string;
  manifest: Record<string, unknown>;
  warnings: string[];
}

/** Renders and validates the manifest, checks the icons, and writes the zip. Rejects with ConfigError or TeamsPackageError. */
export async function buildTeamsPackage(options: BuildOptions = {}): Promise<BuildResult> {
  const root = options.teamsDir ? undefined : findRepoRoot();
  const teamsDir = options.teamsDir ?? path.join(root!, 'teams');
  const defaultVersion =
    options.defaultVersion ?? (JSON.parse(fs.readFileSync(path.join(root ?? findRepoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  const { settings, warnings } = settingsFromEnv(options.env ?? readEnvironment(), { version: defaultVersion });

  const templatePath = path.join(teamsDir, TEMPLATE_FILE);
  let template: unknown;
  try {
    template = JSON.parse(fs.readFileSync(templatePath, 'utf8'));
  } catch (e) {
    throw new TeamsPackageError([`cannot read ${templatePath}: ${(e as Error).message}`]);
  }
  const manifest = substitutePlaceholders(template, placeholderValues(settings)) as Record<string, unknown>;

  const readIcon = (file: string): Buffer | undefined => {
    const p = path.join(teamsDir, file);
    return fs.existsSync(p) ? fs.readFileSync(p) : undefined;
  };
  const color = readIcon('color.png');
  const outline = readIcon('outline.png');
  const problems = validateManifest(manifest);
  const localizations = readLocalizationFiles(manifest, teamsDir, problems);
  for (const localization of localizations) problems.push(...checkLocalizationFile(manifest, localization, MANIFEST_VERSION));
  if (!color) problems.push(`missing ${path.join(teamsDir, 'color.png')}`);
  if (!outline) problems.push(`missing ${path.join(teamsDir, 'outline.png')}`);
  if (color && outline) problems.push(...checkIcons(color, outline));
  if (problems.length > 0) throw new TeamsPackageError(problems);

  const outFile = options.outFile ?? path.join(teamsDir, 'build', PACKAGE_FILE_NAME);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  zip.addFile('color.png', color!);
  zip.addFile('outline.png', outline!);
  for (const { file, text } of localizations) zip.addFile(file, Buffer.from(text, 'utf8'));
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  zip.writeZip(outFile);
  return { outFile, manifest, warnings };
}

async function main(argv: string[]): Promise<number> {
  const outIndex = argv.indexOf('--out');
  const outFile = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  if (outIndex >= 0 && !outFile) {
    console.error('usage: teamsPackage [--out <file.zip>]');
    return 2;
  }
  try {
    const result = await buildTeamsPackage({ outFile: outFile ? path.resolve(outFile) : undefined });
    for (const w of result.warnings) console.warn(`warning: ${w}`);
    const bots = result.manifest.bots as Array<{ botId: string }>;
    const domains = result.manifest.validDomains as string[];
    console.log(`Wrote ${path.relative(process.cwd(), result.outFile) || result.outFile}`);
    console.log(`  app id ${String(result.manifest.id)}, bot id ${bots[0]!.botId}, version ${String(result.manifest.version)}`);
    console.log(`  validDomains: ${domains.length > 0 ? domains.join(', ') : '(none)'}`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof TeamsPackageError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

/**
 * Builds the Microsoft Teams app package: teams/build/icloud-backup-help.zip holding manifest.json, color.png and
 * outline.png at the zip root, ready for Teams' "Upload a custom app" or the Teams admin center.
 *
 *   npm run teams:package            (reads the environment, with .env underneath)
 *   node dist/scripts/teamsPackage.js --out some/where.zip
 *
 * Environment:
 *   MicrosoftAppId               required: the bot's Microsoft App ID (GUID). Becomes bots[0].botId.
 *   TEAMS_APP_ID                 optional GUID for the manifest's `id`; defaults to MicrosoftAppId.
 *   BOT_PUBLIC_HOST              optional host name of the bot (e.g. icloud-help.azurewebsites.net) -> validDomains.
 *   PUBLIC_BASE_URL              optional https base URL of the bot; its host is used when BOT_PUBLIC_HOST is unset.
 *   TEAMS_APP_VERSION            optional x.y.z; defaults to package.json's version. Raise it for every re-upload.
 *   TEAMS_DEVELOPER_NAME         optional, at most 32 characters.
 *   TEAMS_DEVELOPER_WEBSITE_URL  optional https URL; defaults to PUBLIC_BASE_URL / https://BOT_PUBLIC_HOST/.
 *   TEAMS_PRIVACY_URL, TEAMS_TERMS_URL  optional https URLs; default to the website URL.
 * The functions below are exported so tests can build a package without spawning a process.
 */
import AdmZip from 'adm-zip';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ConfigError, readEnvironment } from '../src/config/config';
import { paeth } from './makeTeamsIcons';

export const PACKAGE_FILE_NAME = 'icloud-backup-help.zip';
const TEMPLATE_FILE = 'manifest.template.json';
const EXPECTED_MANIFEST_VERSION = '1.17';
const EXPECTED_SCHEMA = `https://developer.microsoft.com/en-us/json-schemas/teams/v${EXPECTED_MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
const DEFAULT_DEVELOPER_NAME = 'iCloud Backup Help';
/** Used only when no URL at all is configured, so a developer can still sideload; reported as a warning. */
const FALLBACK_WEBSITE_URL = 'https://example.com/';

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
/** The manifest schema's own semver pattern (major.minor.patch, no leading zeros). */
const SEMVER = /^([0-9]|[1-9]+[0-9]*)\.([0-9]|[1-9]+[0-9]*)\.([0-9]|[1-9]+[0-9]*)$/;
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
/** A DNS host name, optionally with a leading "*." wildcard label and a :port. No scheme, no path. */
const HOST = /^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*(:\d{1,5})?$/;
const PLACEHOLDER = /\{\{([A-Za-z0-9_]+)\}\}/g;
const BOT_SCOPES = new Set(['personal', 'team', 'groupChat']);

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
  if (!GUID.test(microsoftAppId)) {
    throw new ConfigError('MicrosoftAppId', `must be a GUID like 00000000-0000-0000-0000-000000000000 (got ${JSON.stringify(microsoftAppId)})`);
  }

  const teamsAppId = envValue(env, 'TEAMS_APP_ID') ?? microsoftAppId;
  if (!GUID.test(teamsAppId)) throw new ConfigError('TEAMS_APP_ID', `must be a GUID (got ${JSON.stringify(teamsAppId)})`);

  const version = envValue(env, 'TEAMS_APP_VERSION') ?? defaults.version;
  if (!SEMVER.test(version)) {
    const variable = envValue(env, 'TEAMS_APP_VERSION') ? 'TEAMS_APP_VERSION' : 'package.json version';
    throw new ConfigError(variable, `must be major.minor.patch like 1.0.0 (got ${JSON.stringify(version)})`);
  }

  const baseUrl = envValue(env, 'PUBLIC_BASE_URL');
  if (baseUrl) requireHttpsUrl('PUBLIC_BASE_URL', baseUrl);
  const hostSetting = envValue(env, 'BOT_PUBLIC_HOST');
  if (hostSetting && !HOST.test(hostSetting)) {
    throw new ConfigError('BOT_PUBLIC_HOST', `must be a host name like icloud-help.azurewebsites.net, without https:// or a path (got ${JSON.stringify(hostSetting)})`);
  }
  const publicHost = hostSetting ?? (baseUrl ? new URL(baseUrl).host : undefined);
  if (hostSetting && baseUrl && new URL(baseUrl).host.toLowerCase() !== hostSetting.toLowerCase()) {
    warnings.push(`BOT_PUBLIC_HOST (${hostSetting}) and PUBLIC_BASE_URL (${baseUrl}) name different hosts; validDomains uses BOT_PUBLIC_HOST`);
  }

  const developerName = envValue(env, 'TEAMS_DEVELOPER_NAME') ?? DEFAULT_DEVELOPER_NAME;
  if (developerName.length > 32) throw new ConfigError('TEAMS_DEVELOPER_NAME', `must be at most 32 characters (has ${developerName.length})`);

  let websiteUrl = envValue(env, 'TEAMS_DEVELOPER_WEBSITE_URL');
  if (websiteUrl) requireHttpsUrl('TEAMS_DEVELOPER_WEBSITE_URL', websiteUrl);
  else if (baseUrl) websiteUrl = baseUrl;
  else if (publicHost && !publicHost.startsWith('*.')) websiteUrl = `https://${publicHost}/`;
  else {
    websiteUrl = FALLBACK_WEBSITE_URL;
    warnings.push(`TEAMS_DEVELOPER_WEBSITE_URL (or PUBLIC_BASE_URL / BOT_PUBLIC_HOST) is not set; using ${FALLBACK_WEBSITE_URL}. Fine for a test sideload, set it before publishing`);
  }
  const urlOrWebsite = (variable: string): string => {
    const v = envValue(env, variable);
    if (v) return requireHttpsUrl(variable, v);
    warnings.push(`${variable} is not set; using the website URL ${websiteUrl}`);
    return websiteUrl;
  };
  const privacyUrl = urlOrWebsite('TEAMS_PRIVACY_URL');
  const termsOfUseUrl = urlOrWebsite('TEAMS_TERMS_URL');
  if (!publicHost) warnings.push('BOT_PUBLIC_HOST / PUBLIC_BASE_URL is not set; validDomains will be empty');

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

// ---- PNG reading (header and, for the outline check, pixels) -------------------------------------------------------

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType: number;
  interlaced: boolean;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads the PNG signature and IHDR chunk. Throws when the bytes are not a PNG. */
export function readPngInfo(png: Buffer): PngInfo {
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png[24]!,
    colorType: png[25]!,
    interlaced: png[28] === 1,
  };
}


/**
 * Decodes a non-interlaced 8-bit PNG of colour type 0, 2, 4 or 6 to RGBA. Enough for checking our icons;
 * other formats throw, and the caller reports them.
 */
export function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const info = readPngInfo(png);
  const channelsByType: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
  const channels = channelsByType[info.colorType];
  if (info.bitDepth !== 8 || channels === undefined || info.interlaced) {
    throw new Error(`unsupported PNG format (bit depth ${info.bitDepth}, colour type ${info.colorType}${info.interlaced ? ', interlaced' : ''})`);
  }
  const idat: Buffer[] = [];
  for (let offset = 8; offset + 8 <= png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const { width, height } = info;
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) throw new Error('PNG image data is truncated');
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i]!;
      const a = i >= channels ? pixels[dst + i - channels]! : 0;
      const b = y > 0 ? pixels[dst - stride + i]! : 0;
      const c = i >= channels && y > 0 ? pixels[dst - stride + i - channels]! : 0;
      if (filter > 4) throw new Error(`bad PNG filter type ${filter} on row ${y}`);
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter]!;
      const value = x + predictor;
      pixels[dst + i] = value & 0xff;
    }
  }
  const rgba = Buffer.alloc(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const s = p * channels;
    const grey = channels <= 2;
    rgba[p * 4] = pixels[s]!;
    rgba[p * 4 + 1] = grey ? pixels[s]! : pixels[s + 1]!;
    rgba[p * 4 + 2] = grey ? pixels[s]! : pixels[s + 2]!;
    rgba[p * 4 + 3] = channels === 4 ? pixels[s + 3]! : channels === 2 ? pixels[s + 1]! : 255;
  }
  return { width, height, rgba };
}

/** Problems with the icons against Teams' rules: colour 192×192; outline 32×32, white on transparent. */
export function checkIcons(color: Buffer, outline: Buffer): string[] {
  const problems: string[] = [];
  try {
    const c = readPngInfo(color);
    if (c.width !== 192 || c.height !== 192) problems.push(`color icon must be 192x192 pixels (is ${c.width}x${c.height})`);
  } catch (e) {
    problems.push(`color icon: ${(e as Error).message}`);
  }
  try {
    const o = readPngInfo(outline);
    if (o.width !== 32 || o.height !== 32) problems.push(`outline icon must be 32x32 pixels (is ${o.width}x${o.height})`);
    if (o.colorType !== 4 && o.colorType !== 6) {
      problems.push('outline icon must have an alpha channel (white on a transparent background)');
    } else {
      const { rgba } = decodePng(outline);
      let transparent = 0;
      let notWhite = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        if (rgba[i + 3] === 0) transparent++;
        else if (rgba[i] !== 255 || rgba[i + 1] !== 255 || rgba[i + 2] !== 255) notWhite++;
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function httpsProblem(field: string, v: unknown): string | undefined {
  if (typeof v !== 'string') return `${field} is missing`;
  try {
    if (new URL(v).protocol === 'https:') return undefined;
  } catch {
    return `${field} is not a URL: ${JSON.stringify(v)}`;
  }
  return `${field} must be an https:// URL: ${JSON.stringify(v)}`;
}

/**
 * Checks the rendered manifest against the v1.17 rules this app relies on (a focused subset of the schema:
 * required fields, ids, lengths, https URLs, bot scopes and commands, validDomains). Returns every problem found.
 */
export function validateManifest(manifest: unknown): string[] {
  const problems: string[] = [];
  const leftovers = JSON.stringify(manifest).match(PLACEHOLDER);
  if (leftovers) problems.push(`placeholders left unreplaced: ${[...new Set(leftovers)].join(', ')}`);
  if (!isRecord(manifest)) return [...problems, 'manifest is not a JSON object'];
  const m = manifest;

  if (m.$schema !== EXPECTED_SCHEMA) problems.push(`$schema must be ${EXPECTED_SCHEMA}`);
  if (m.manifestVersion !== EXPECTED_MANIFEST_VERSION) problems.push(`manifestVersion must be "${EXPECTED_MANIFEST_VERSION}"`);
  if (typeof m.version !== 'string' || !SEMVER.test(m.version)) problems.push(`version must be major.minor.patch (is ${JSON.stringify(m.version)})`);
  if (typeof m.id !== 'string' || !GUID.test(m.id)) problems.push(`id must be a GUID (is ${JSON.stringify(m.id)})`);
  if (typeof m.accentColor !== 'string' || !HEX_COLOR.test(m.accentColor)) problems.push('accentColor must be a colour like #2B7DDA');

  const dev = isRecord(m.developer) ? m.developer : {};
  if (typeof dev.name !== 'string' || dev.name.length === 0 || dev.name.length > 32) problems.push('developer.name must be 1 to 32 characters');
  for (const field of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
    const p = httpsProblem(`developer.${field}`, dev[field]);
    if (p) problems.push(p);
  }

  const name = isRecord(m.name) ? m.name : {};
  if (typeof name.short !== 'string' || name.short.length === 0 || name.short.length > 30) {
    problems.push(`name.short must be 1 to 30 characters (has ${typeof name.short === 'string' ? name.short.length : 'none'})`);
  }
  if (name.full !== undefined && (typeof name.full !== 'string' || name.full.length > 100)) problems.push('name.full must be at most 100 characters');

  const desc = isRecord(m.description) ? m.description : {};
  if (typeof desc.short !== 'string' || desc.short.length === 0 || desc.short.length > 80) {
    problems.push(`description.short must be 1 to 80 characters (has ${typeof desc.short === 'string' ? desc.short.length : 'none'})`);
  }
  if (typeof desc.full !== 'string' || desc.full.length === 0 || desc.full.length > 4000) {
    problems.push(`description.full must be 1 to 4000 characters (has ${typeof desc.full === 'string' ? desc.full.length : 'none'})`);
  }

  const icons = isRecord(m.icons) ? m.icons : {};
  if (icons.color !== 'color.png') problems.push('icons.color must be "color.png" (the file packed at the zip root)');
  if (icons.outline !== 'outline.png') problems.push('icons.outline must be "outline.png" (the file packed at the zip root)');

  const bots = Array.isArray(m.bots) ? m.bots : [];
  if (bots.length !== 1 || !isRecord(bots[0])) {
    problems.push('bots must hold exactly one bot');
  } else {
    const bot = bots[0];
    if (typeof bot.botId !== 'string' || !GUID.test(bot.botId)) problems.push(`bots[0].botId must be a GUID (is ${JSON.stringify(bot.botId)})`);
    const scopes = Array.isArray(bot.scopes) ? bot.scopes : [];
    if (scopes.length === 0) problems.push('bots[0].scopes must not be empty');
    for (const s of scopes) if (typeof s !== 'string' || !BOT_SCOPES.has(s)) problems.push(`bots[0].scopes has an unknown scope ${JSON.stringify(s)}`);
    const lists = Array.isArray(bot.commandLists) ? bot.commandLists : [];
    if (lists.length > 3) problems.push('bots[0].commandLists may hold at most 3 lists');
    lists.forEach((list, i) => {
      const l = isRecord(list) ? list : {};
      const listScopes = Array.isArray(l.scopes) ? l.scopes : [];
      for (const s of listScopes) {
        if (!scopes.includes(s)) problems.push(`bots[0].commandLists[${i}] names scope ${JSON.stringify(s)} that the bot does not declare`);
      }
      const commands = Array.isArray(l.commands) ? l.commands : [];
      if (commands.length === 0 || commands.length > 10) problems.push(`bots[0].commandLists[${i}] must hold 1 to 10 commands`);
      commands.forEach((c, j) => {
        const cmd = isRecord(c) ? c : {};
        if (typeof cmd.title !== 'string' || cmd.title.length === 0 || cmd.title.length > 32) problems.push(`command ${i}.${j} title must be 1 to 32 characters`);
        if (typeof cmd.description !== 'string' || cmd.description.length === 0 || cmd.description.length > 128) problems.push(`command ${i}.${j} description must be 1 to 128 characters`);
      });
    });
  }

  const domains = m.validDomains ?? [];
  if (!Array.isArray(domains)) problems.push('validDomains must be an array');
  else {
    if (domains.length > 16) problems.push('validDomains may hold at most 16 entries');
    for (const d of domains) if (typeof d !== 'string' || !HOST.test(d)) problems.push(`validDomains entry ${JSON.stringify(d)} must be a host name without https:// or a path`);
  }
  return problems;
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

/** Renders and validates the manifest, checks the icons, and writes the zip. Throws ConfigError or TeamsPackageError. */
export function buildTeamsPackage(options: BuildOptions = {}): BuildResult {
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
  if (!color) problems.push(`missing ${path.join(teamsDir, 'color.png')}`);
  if (!outline) problems.push(`missing ${path.join(teamsDir, 'outline.png')}`);
  if (color && outline) problems.push(...checkIcons(color, outline));
  if (problems.length > 0) throw new TeamsPackageError(problems);

  const outFile = options.outFile ?? path.join(teamsDir, 'build', PACKAGE_FILE_NAME);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  zip.addFile('color.png', color!);
  zip.addFile('outline.png', outline!);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  zip.writeZip(outFile);
  return { outFile, manifest, warnings };
}

function main(argv: string[]): number {
  const outIndex = argv.indexOf('--out');
  const outFile = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  if (outIndex >= 0 && !outFile) {
    console.error('usage: teamsPackage [--out <file.zip>]');
    return 2;
  }
  try {
    const result = buildTeamsPackage({ outFile: outFile ? path.resolve(outFile) : undefined });
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

if (require.main === module) process.exitCode = main(process.argv.slice(2));

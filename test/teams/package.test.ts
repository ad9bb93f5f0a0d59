import AdmZip from 'adm-zip';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { ConfigError } from '../../src/config/config';
import { drawColorIcon, drawOutlineIcon, encodePng } from '../../scripts/makeTeamsIcons';

// The manifest is an untyped JSON document that these tests read and mutate to break one rule at a time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON document, read and mutated field by field
type Untyped = any;
import {
  buildTeamsPackage,
  checkIcons,
  MANIFEST_VERSION,
  readPng,
  settingsFromEnv,
  substitutePlaceholders,
  TeamsPackageError,
  validateManifest,
} from '../../scripts/teamsPackage';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const OTHER_ID = 'b1a7c3d2-0000-4abc-8def-123456789abc';
const repoTeamsDir = path.join(__dirname, '..', '..', 'teams');

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teams-pkg-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function build(env: NodeJS.ProcessEnv, teamsDir = repoTeamsDir) {
  const outFile = path.join(tmp, 'out', 'icloud-backup-help.zip');
  const result = await buildTeamsPackage({ env, teamsDir, outFile, defaultVersion: '0.1.0' });
  const zip = new AdmZip(outFile);
  const manifest = JSON.parse(zip.readAsText('manifest.json')) as Record<string, Untyped>;
  return { result, zip, manifest, outFile };
}

/** A copy of teams/ in the temp dir, so a test can break one file. */
function copyTeamsDir(): string {
  const dir = path.join(tmp, 'teams');
  fs.mkdirSync(dir);
  for (const f of ['manifest.template.json', 'color.png', 'outline.png', 'es.json', 'fr.json', 'de.json']) fs.copyFileSync(path.join(repoTeamsDir, f), path.join(dir, f));
  return dir;
}

describe('Teams app package', () => {
  it('puts manifest.json, color.png and outline.png at the zip root with the real ids', async () => {
    const { zip, manifest } = await build({ MicrosoftAppId: APP_ID, BOT_PUBLIC_HOST: 'icloud-help.azurewebsites.net' });
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'de.json', 'es.json', 'fr.json', 'manifest.json', 'outline.png']);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.manifestVersion).toBe('1.24');
    expect(MANIFEST_VERSION).toBe('1.24');
    expect(manifest.$schema).toBe('https://developer.microsoft.com/en-us/json-schemas/teams/v1.24/MicrosoftTeams.schema.json');
    expect(manifest.version).toBe('0.1.0');
    expect(manifest.bots[0].scopes).toEqual(expect.arrayContaining(['personal', 'team', 'groupChat']));
    expect(manifest.bots[0].supportsFiles).toBe(false);
    expect(manifest.bots[0].isNotificationOnly).toBe(false);
    expect(manifest.validDomains).toEqual(['icloud-help.azurewebsites.net']);
    expect(manifest.developer.websiteUrl).toBe('https://icloud-help.azurewebsites.net/');
    expect(JSON.stringify(manifest)).not.toMatch(/\{\{|\}\}/);
    expect(manifest.name.short).toBe('iCloud Backup Help');
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    const titles = manifest.bots[0].commandLists.flatMap((l: { commands: Array<{ title: string }> }) => l.commands.map((c) => c.title));
    expect(titles).toEqual(expect.arrayContaining(['help', 'start over', 'talk to a person']));
  });

  it('packs icons of the sizes Teams requires, byte-identical to teams/', async () => {
    const { zip } = await build({ MicrosoftAppId: APP_ID });
    const color = zip.readFile('color.png')!;
    const outline = zip.readFile('outline.png')!;
    expect(readPng(color)).toMatchObject({ width: 192, height: 192 });
    expect(readPng(outline)).toMatchObject({ width: 32, height: 32, alpha: true });
    expect(color.equals(fs.readFileSync(path.join(repoTeamsDir, 'color.png')))).toBe(true);
    expect(checkIcons(color, outline)).toEqual([]);
  });

  it('uses TEAMS_APP_ID, TEAMS_APP_VERSION and the developer URLs when given', async () => {
    const { manifest } = await build({
      MicrosoftAppId: APP_ID,
      TEAMS_APP_ID: OTHER_ID,
      TEAMS_APP_VERSION: '2.3.4',
      PUBLIC_BASE_URL: 'https://bot.contoso.com',
      TEAMS_DEVELOPER_NAME: 'Contoso Support',
      TEAMS_DEVELOPER_WEBSITE_URL: 'https://contoso.com/help',
      TEAMS_PRIVACY_URL: 'https://contoso.com/privacy',
      TEAMS_TERMS_URL: 'https://contoso.com/terms',
    });
    expect(manifest.id).toBe(OTHER_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.version).toBe('2.3.4');
    expect(manifest.validDomains).toEqual(['bot.contoso.com']);
    expect(manifest.developer).toEqual({
      name: 'Contoso Support',
      websiteUrl: 'https://contoso.com/help',
      privacyUrl: 'https://contoso.com/privacy',
      termsOfUseUrl: 'https://contoso.com/terms',
    });
  });

  it('leaves validDomains empty and warns when no public host is configured', async () => {
    const { manifest, result } = await build({ MicrosoftAppId: APP_ID });
    expect(manifest.validDomains).toEqual([]);
    expect(manifest.developer.websiteUrl).toMatch(/^https:\/\//);
    expect(result.warnings.join('\n')).toMatch(/PUBLIC_URL is not set/);
  });

  it('takes validDomains from PUBLIC_URL, and from its old names with a deprecation warning', () => {
    const fromPublicUrl = settingsFromEnv({ MicrosoftAppId: APP_ID, PUBLIC_URL: 'https://bot.contoso.com' }, { version: '1.0.0' });
    expect(fromPublicUrl.settings.publicHost).toBe('bot.contoso.com');
    expect(fromPublicUrl.warnings.join('\n')).not.toMatch(/deprecated/);
    const fromOldName = settingsFromEnv({ MicrosoftAppId: APP_ID, BOT_PUBLIC_HOST: 'bot.contoso.com' }, { version: '1.0.0' });
    expect(fromOldName.settings.publicHost).toBe('bot.contoso.com');
    expect(fromOldName.warnings.join('\n')).toMatch(/BOT_PUBLIC_HOST is deprecated: set PUBLIC_URL=https:\/\/bot\.contoso\.com\//);
  });

  it.each([
    ['missing', {}],
    ['blank', { MicrosoftAppId: '   ' }],
  ])('refuses to build when MicrosoftAppId is %s, naming the variable', async (_label, env) => {
    let caught: unknown;
    try {
      await build(env);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe('MicrosoftAppId');
    expect((caught as Error).message).toMatch(/MicrosoftAppId/);
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
  });

  it.each([
    ['MicrosoftAppId', { MicrosoftAppId: 'my-bot' }, /field bots\[0\]\.botId: must match pattern .*\(set by MicrosoftAppId\)/],
    ['TEAMS_APP_ID', { TEAMS_APP_ID: 'nope' }, /field id: must match pattern .*\(set by TEAMS_APP_ID/],
    ['TEAMS_APP_VERSION', { TEAMS_APP_VERSION: '1.0' }, /field version: must be major\.minor\.patch .*"1\.0".*TEAMS_APP_VERSION/],
    ['TEAMS_DEVELOPER_NAME', { TEAMS_DEVELOPER_NAME: 'x'.repeat(33) }, /field developer\.name: must NOT have more than 32 characters \(set by TEAMS_DEVELOPER_NAME\)/],
  ])('a bad %s fails Microsoft\'s manifest schema, naming the field and the setting, and writes no zip', async (_variable, extra, expected) => {
    let caught: unknown;
    try {
      await build({ MicrosoftAppId: APP_ID, ...extra });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TeamsPackageError);
    expect((caught as TeamsPackageError).problems.join('\n')).toMatch(expected);
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
  });

  it.each([
    ['TEAMS_PRIVACY_URL', { TEAMS_PRIVACY_URL: 'http://contoso.com/privacy' }],
    ['TEAMS_DEVELOPER_WEBSITE_URL', { TEAMS_DEVELOPER_WEBSITE_URL: 'not a url' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'http://bot.contoso.com' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'http://bot.contoso.com' }],
    ['BOT_PUBLIC_HOST', { BOT_PUBLIC_HOST: 'https://bot.contoso.com/api/messages' }],
  ])('rejects a bad %s with an error naming it', (variable, extra) => {
    expect(() => settingsFromEnv({ MicrosoftAppId: APP_ID, ...extra }, { version: '1.0.0' })).toThrow(
      expect.objectContaining({ variable }),
    );
  });

  it('reports a wrongly sized icon and does not write the zip', async () => {
    const dir = copyTeamsDir();
    fs.copyFileSync(path.join(repoTeamsDir, 'outline.png'), path.join(dir, 'color.png')); // 32x32 where 192x192 is needed
    await expect(build({ MicrosoftAppId: APP_ID }, dir)).rejects.toThrow(/color icon must be 192x192 pixels \(is 32x32\)/);
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
  });

  it('reports an outline icon that is not white on transparent', () => {
    const opaque = drawOutlineIcon();
    for (let i = 0; i < opaque.rgba.length; i += 4) {
      opaque.rgba[i] = 0x20; // dark grey, fully opaque
      opaque.rgba[i + 3] = 255;
    }
    const problems = checkIcons(fs.readFileSync(path.join(repoTeamsDir, 'color.png')), encodePng(opaque));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/white only/), expect.stringMatching(/transparent background/)]));
  });

  it('reports a file that is not a PNG', () => {
    expect(checkIcons(Buffer.from('not a png'), fs.readFileSync(path.join(repoTeamsDir, 'outline.png')))).toEqual([
      expect.stringMatching(/^color icon: not a readable PNG file/),
    ]);
  });

  it('reports an outline icon without an alpha channel', () => {
    const rgb = new PNG({ width: 32, height: 32 });
    rgb.data.fill(255);
    const problems = checkIcons(fs.readFileSync(path.join(repoTeamsDir, 'color.png')), PNG.sync.write(rgb, { colorType: 2 }));
    expect(problems).toEqual(['outline icon must have an alpha channel (white on a transparent background)']);
  });

  it('reports a placeholder the template uses but nobody sets', async () => {
    const dir = copyTeamsDir();
    const templatePath = path.join(dir, 'manifest.template.json');
    const template = JSON.parse(fs.readFileSync(templatePath, 'utf8'));
    template.name.full = 'iCloud Backup Help {{REGION}}';
    fs.writeFileSync(templatePath, JSON.stringify(template));
    let caught: unknown;
    try {
      await build({ MicrosoftAppId: APP_ID }, dir);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TeamsPackageError);
    expect((caught as TeamsPackageError).problems.join('\n')).toMatch(/placeholders left unreplaced: \{\{REGION\}\}/);
  });
});

describe('validateManifest', () => {
  const good = () =>
    substitutePlaceholders(JSON.parse(fs.readFileSync(path.join(repoTeamsDir, 'manifest.template.json'), 'utf8')), {
      MICROSOFT_APP_ID: APP_ID,
      TEAMS_APP_ID: APP_ID,
      TEAMS_APP_VERSION: '1.0.0',
      TEAMS_DEVELOPER_NAME: 'Contoso',
      TEAMS_DEVELOPER_WEBSITE_URL: 'https://contoso.com',
      TEAMS_PRIVACY_URL: 'https://contoso.com/privacy',
      TEAMS_TERMS_URL: 'https://contoso.com/terms',
      BOT_PUBLIC_HOST: undefined,
    }) as Record<string, Untyped>;

  it('accepts the rendered template', () => {
    expect(validateManifest(good())).toEqual([]);
  });

  it.each([
    ['a 31-character short name', (m: Untyped) => (m.name.short = 'x'.repeat(31)), /^field name\.short: must NOT have more than 30 characters$/m],
    ['an 81-character short description', (m: Untyped) => (m.description.short = 'x'.repeat(81)), /^field description\.short: must NOT have more than 80 characters$/m],
    ['a 4001-character full description', (m: Untyped) => (m.description.full = 'x'.repeat(4001)), /^field description\.full: must NOT have more than 4000 characters$/m],
    ['a non-GUID bot id', (m: Untyped) => (m.bots[0].botId = 'bot'), /^field bots\[0\]\.botId: must match pattern/m],
    ['a lower-case groupchat scope', (m: Untyped) => (m.bots[0].scopes = ['personal', 'groupchat']), /^field bots\[0\]\.scopes\[1\]: must be equal to one of the allowed values \(.*"groupChat".*\)$/m],
    ['an unknown field', (m: Untyped) => (m.colour = 'blue'), /^field \(manifest\): must NOT have additional properties "colour"$/m],
    ['a missing accent colour', (m: Untyped) => delete m.accentColor, /^field \(manifest\): must have required property 'accentColor'$/m],
    ['an accent colour that is not #rrggbb', (m: Untyped) => (m.accentColor = 'blue'), /^field accentColor: must match pattern/m],
    ['another manifest version', (m: Untyped) => (m.manifestVersion = '1.17'), /manifestVersion must be "1\.24"/],
    ['an icon that is not the packed file', (m: Untyped) => (m.icons.color = 'icon.png'), /^field icons\.color: must be "color\.png"/m],
  ])('rejects %s, naming the field', (_label, breakIt, expected) => {
    const m = good();
    breakIt(m);
    expect(validateManifest(m).join('\n')).toMatch(expected);
  });
});

describe('committed icons', () => {
  it('match the pixels scripts/makeTeamsIcons.ts draws (regenerate them with npm run teams:icons if the drawing changes)', () => {
    const color = readPng(fs.readFileSync(path.join(repoTeamsDir, 'color.png')));
    const outline = readPng(fs.readFileSync(path.join(repoTeamsDir, 'outline.png')));
    expect(color.rgba.equals(drawColorIcon().rgba)).toBe(true);
    expect(outline.rgba.equals(drawOutlineIcon().rgba)).toBe(true);
  });

  it('encodePng writes what pngjs reads back', () => {
    const image = drawOutlineIcon();
    const back = readPng(encodePng(image));
    expect([back.width, back.height, back.alpha]).toEqual([32, 32, true]);
    expect(back.rgba.equals(image.rgba)).toBe(true);
  });
});

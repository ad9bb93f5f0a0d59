import AdmZip from 'adm-zip';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../src/config/config';
import { drawColorIcon, drawOutlineIcon, encodePng } from '../../scripts/makeTeamsIcons';
import {
  buildTeamsPackage,
  checkIcons,
  decodePng,
  readPngInfo,
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

function build(env: NodeJS.ProcessEnv, teamsDir = repoTeamsDir) {
  const outFile = path.join(tmp, 'out', 'icloud-backup-help.zip');
  const result = buildTeamsPackage({ env, teamsDir, outFile, defaultVersion: '0.1.0' });
  const zip = new AdmZip(outFile);
  const manifest = JSON.parse(zip.readAsText('manifest.json')) as Record<string, any>; // any: reading an untyped JSON document in assertions
  return { result, zip, manifest, outFile };
}

/** A copy of teams/ in the temp dir, so a test can break one file. */
function copyTeamsDir(): string {
  const dir = path.join(tmp, 'teams');
  fs.mkdirSync(dir);
  for (const f of ['manifest.template.json', 'color.png', 'outline.png']) fs.copyFileSync(path.join(repoTeamsDir, f), path.join(dir, f));
  return dir;
}

describe('Teams app package', () => {
  it('puts manifest.json, color.png and outline.png at the zip root with the real ids', () => {
    const { zip, manifest } = build({ MicrosoftAppId: APP_ID, BOT_PUBLIC_HOST: 'icloud-help.azurewebsites.net' });
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifest.$schema).toBe('https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json');
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

  it('packs icons of the sizes Teams requires, byte-identical to teams/', () => {
    const { zip } = build({ MicrosoftAppId: APP_ID });
    const color = zip.readFile('color.png')!;
    const outline = zip.readFile('outline.png')!;
    expect(readPngInfo(color)).toMatchObject({ width: 192, height: 192 });
    expect(readPngInfo(outline)).toMatchObject({ width: 32, height: 32 });
    expect(color.equals(fs.readFileSync(path.join(repoTeamsDir, 'color.png')))).toBe(true);
    expect(checkIcons(color, outline)).toEqual([]);
  });

  it('uses TEAMS_APP_ID, TEAMS_APP_VERSION and the developer URLs when given', () => {
    const { manifest } = build({
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

  it('leaves validDomains empty and warns when no public host is configured', () => {
    const { manifest, result } = build({ MicrosoftAppId: APP_ID });
    expect(manifest.validDomains).toEqual([]);
    expect(manifest.developer.websiteUrl).toMatch(/^https:\/\//);
    expect(result.warnings.join('\n')).toMatch(/BOT_PUBLIC_HOST/);
  });

  it.each([
    ['missing', {}],
    ['blank', { MicrosoftAppId: '   ' }],
    ['not a GUID', { MicrosoftAppId: 'my-bot' }],
  ])('refuses to build when MicrosoftAppId is %s, naming the variable', (_label, env) => {
    let caught: unknown;
    try {
      build(env);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe('MicrosoftAppId');
    expect((caught as Error).message).toMatch(/MicrosoftAppId/);
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
  });

  it.each([
    ['TEAMS_APP_ID', { TEAMS_APP_ID: 'nope' }],
    ['TEAMS_APP_VERSION', { TEAMS_APP_VERSION: '1.0' }],
    ['TEAMS_PRIVACY_URL', { TEAMS_PRIVACY_URL: 'http://contoso.com/privacy' }],
    ['TEAMS_DEVELOPER_WEBSITE_URL', { TEAMS_DEVELOPER_WEBSITE_URL: 'not a url' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'http://bot.contoso.com' }],
    ['BOT_PUBLIC_HOST', { BOT_PUBLIC_HOST: 'https://bot.contoso.com/api/messages' }],
  ])('rejects a bad %s with an error naming it', (variable, extra) => {
    expect(() => settingsFromEnv({ MicrosoftAppId: APP_ID, ...extra }, { version: '1.0.0' })).toThrow(
      expect.objectContaining({ variable }),
    );
  });

  it('reports a wrongly sized icon and does not write the zip', () => {
    const dir = copyTeamsDir();
    fs.copyFileSync(path.join(repoTeamsDir, 'outline.png'), path.join(dir, 'color.png')); // 32x32 where 192x192 is needed
    expect(() => build({ MicrosoftAppId: APP_ID }, dir)).toThrow(/color icon must be 192x192 pixels \(is 32x32\)/);
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

  it('reports a placeholder the template uses but nobody sets', () => {
    const dir = copyTeamsDir();
    const templatePath = path.join(dir, 'manifest.template.json');
    const template = JSON.parse(fs.readFileSync(templatePath, 'utf8'));
    template.name.full = 'iCloud Backup Help {{REGION}}';
    fs.writeFileSync(templatePath, JSON.stringify(template));
    let caught: unknown;
    try {
      build({ MicrosoftAppId: APP_ID }, dir);
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
    }) as Record<string, any>; // any: mutating an untyped JSON document to break one rule at a time

  it('accepts the rendered template', () => {
    expect(validateManifest(good())).toEqual([]);
  });

  it.each([
    ['a 31-character short name', (m: any) => (m.name.short = 'x'.repeat(31)), /name\.short must be 1 to 30/],
    ['an 81-character short description', (m: any) => (m.description.short = 'x'.repeat(81)), /description\.short must be 1 to 80/],
    ['a 4001-character full description', (m: any) => (m.description.full = 'x'.repeat(4001)), /description\.full must be 1 to 4000/],
    ['a non-GUID bot id', (m: any) => (m.bots[0].botId = 'bot'), /bots\[0\]\.botId must be a GUID/],
    ['an http privacy URL', (m: any) => (m.developer.privacyUrl = 'http://contoso.com'), /privacyUrl must be an https/],
    ['a URL in validDomains', (m: any) => (m.validDomains = ['https://contoso.com/']), /validDomains entry/],
    ['a lower-case groupchat scope', (m: any) => (m.bots[0].scopes = ['personal', 'groupchat']), /unknown scope "groupchat"/],
  ])('rejects %s', (_label, breakIt, expected) => {
    const m = good();
    breakIt(m);
    expect(validateManifest(m).join('\n')).toMatch(expected);
  });
});

describe('committed icons', () => {
  it('match the pixels scripts/makeTeamsIcons.ts draws (regenerate them if the drawing changes)', () => {
    const color = decodePng(fs.readFileSync(path.join(repoTeamsDir, 'color.png')));
    const outline = decodePng(fs.readFileSync(path.join(repoTeamsDir, 'outline.png')));
    expect(color.rgba.equals(drawColorIcon().rgba)).toBe(true);
    expect(outline.rgba.equals(drawOutlineIcon().rgba)).toBe(true);
  });

  it.each([0, 1, 2, 3, 4] as const)('decodePng reads back what encodePng wrote with row filter %i', (filter) => {
    // 17x9 with every channel varying, so each filter's predictor (left, up, average, Paeth) matters. Red is a
    // diagonal ramp, where Paeth picks the upper-left neighbour; the noisy channels exercise its other choices.
    const width = 17;
    const height = 9;
    const rgba = Buffer.alloc(width * height * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 37 + (i >> 6) * 101 + ((i * i) % 13)) & 0xff;
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba[(y * width + x) * 4] = 128 + 10 * (x - y);
    const back = decodePng(encodePng({ width, height, rgba }, filter));
    expect([back.width, back.height]).toEqual([width, height]);
    expect(back.rgba.equals(rgba)).toBe(true);
  });
});

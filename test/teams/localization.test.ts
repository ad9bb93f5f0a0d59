/**
 * The Teams app in Spanish, French and German: the manifest lists teams/es.json, fr.json and de.json; each passes
 * Microsoft's localization schema and translates every localizable field of the manifest (name, description, each
 * bot command's title and description); the package carries them; a file missing a field, or naming one the manifest
 * does not have, stops the build naming the file and the key.
 */
import AdmZip from 'adm-zip';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTeamsPackage, MANIFEST_VERSION, TeamsPackageError } from '../../scripts/teamsPackage';
import { additionalLanguages, checkLocalizationFile, localizableFields, readLocalizationFiles } from '../../scripts/teamsLocalization';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const repoTeamsDir = path.join(__dirname, '..', '..', 'teams');
const template = (): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(repoTeamsDir, 'manifest.template.json'), 'utf8')) as Record<string, unknown>;

/** The English value of a localization key in the manifest ("bots[0].commandLists[0].commands[1].title"). */
function englishOf(manifest: unknown, key: string): unknown {
  return key.split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== '').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], manifest);
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teams-l10n-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('Teams localization files', () => {
  it('the manifest is English (en-us) with es, fr and de files', () => {
    const manifest = template();
    expect((manifest.localizationInfo as { defaultLanguageTag: string }).defaultLanguageTag).toBe('en-us');
    expect(additionalLanguages(manifest)).toEqual([
      { languageTag: 'es', file: 'es.json' },
      { languageTag: 'fr', file: 'fr.json' },
      { languageTag: 'de', file: 'de.json' },
    ]);
  });

  it('every localization file covers every localizable field of the manifest, translated, within Microsoft\'s schema', () => {
    const manifest = template();
    const fields = localizableFields(manifest);
    // name and description (short, full) and the four bot commands' title and description
    expect(fields).toHaveLength(4 + 4 * 2);
    const problems: string[] = [];
    const files = readLocalizationFiles(manifest, repoTeamsDir, problems);
    expect(problems).toEqual([]);
    expect(files.map((f) => f.languageTag)).toEqual(['es', 'fr', 'de']);
    for (const file of files) {
      expect(checkLocalizationFile(manifest, file, MANIFEST_VERSION)).toEqual([]);
      expect(Object.keys(file.strings).filter((k) => k !== '$schema').sort()).toEqual([...fields].sort());
      // Translated, not copied: no value is the English one.
      for (const key of fields) expect({ key, text: file.strings[key] }).not.toEqual({ key, text: englishOf(manifest, key) });
    }
  });

  it('a file missing a field, or with one the manifest does not have, is reported naming the file and the key', () => {
    const manifest = template();
    const [es] = readLocalizationFiles(manifest, repoTeamsDir, []);
    const broken = { ...es!, strings: { ...es!.strings, 'bots[0].commandLists[0].commands[9].title': 'extra' } as Record<string, unknown> };
    delete broken.strings['bots[0].commandLists[0].commands[2].title'];
    expect(checkLocalizationFile(manifest, broken, MANIFEST_VERSION)).toEqual([
      'localization file es.json (es): "bots[0].commandLists[0].commands[2].title" is not translated (the manifest has it)',
      'localization file es.json (es): "bots[0].commandLists[0].commands[9].title" is not a field of the manifest',
    ]);
    const tooLong = { ...es!, strings: { ...es!.strings, 'name.short': 'x'.repeat(31) } };
    expect(checkLocalizationFile(manifest, tooLong, MANIFEST_VERSION).join('\n')).toMatch(/es\.json \(es\): name\.short must NOT have more than 30 characters/);
  });

  it('the package carries the three files as they are, and refuses to build when one lacks a field', async () => {
    const outFile = path.join(tmp, 'out', 'app.zip');
    await buildTeamsPackage({ env: { MicrosoftAppId: APP_ID }, teamsDir: repoTeamsDir, outFile, defaultVersion: '0.1.0' });
    const zip = new AdmZip(outFile);
    for (const lang of ['es', 'fr', 'de']) expect(zip.readAsText(`${lang}.json`)).toBe(fs.readFileSync(path.join(repoTeamsDir, `${lang}.json`), 'utf8'));
    expect(JSON.parse(zip.readAsText('es.json'))['bots[0].commandLists[0].commands[3].title']).toBe('hablar con una persona');

    const dir = path.join(tmp, 'teams');
    fs.cpSync(repoTeamsDir, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}build`) });
    const de = JSON.parse(fs.readFileSync(path.join(dir, 'de.json'), 'utf8')) as Record<string, string>;
    delete de['description.full'];
    fs.writeFileSync(path.join(dir, 'de.json'), JSON.stringify(de));
    const failed = buildTeamsPackage({ env: { MicrosoftAppId: APP_ID }, teamsDir: dir, outFile: path.join(tmp, 'second.zip'), defaultVersion: '0.1.0' });
    await expect(failed).rejects.toBeInstanceOf(TeamsPackageError);
    await expect(failed).rejects.toThrow(/de\.json \(de\): "description\.full" is not translated/);
    expect(fs.existsSync(path.join(tmp, 'second.zip'))).toBe(false);
  });
});

/**
 * The Teams app in other languages: teams/<lang>.json, the localization files the manifest's
 * `localizationInfo.additionalLanguages` lists (Teams shows the app's name, description and bot commands in the
 * user's Teams language). Each file is checked against Microsoft's localization schema for the manifest version
 * (bundled in @microsoft/app-manifest, nothing fetched) and must translate EVERY localizable field of the manifest
 * (a missing one would show in English) and nothing the manifest does not have.
 */
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One entry of localizationInfo.additionalLanguages. */
export interface AdditionalLanguage {
  languageTag: string;
  file: string;
}

/** A localization file read from teams/: its name in the zip, its text, and its parsed content. */
export interface LocalizationFile {
  file: string;
  languageTag: string;
  text: string;
  strings: Record<string, unknown>;
}

interface ManifestShape {
  name?: { short?: string; full?: string };
  description?: { short?: string; full?: string };
  bots?: Array<{ commandLists?: Array<{ commands?: Array<{ title?: string; description?: string }> }> }>;
  localizationInfo?: { additionalLanguages?: AdditionalLanguage[] };
}

/** The keys of the manifest's translatable strings, as localization files name them ("bots[0].commandLists[0].commands[1].title"). */
export function localizableFields(manifest: unknown): string[] {
  const m = manifest as ManifestShape;
  const keys = ['name.short', 'name.full', 'description.short', 'description.full'].filter((key) => {
    const [group, field] = key.split('.') as ['name' | 'description', 'short' | 'full'];
    return typeof m[group]?.[field] === 'string';
  });
  (m.bots ?? []).forEach((bot, b) =>
    (bot.commandLists ?? []).forEach((list, l) =>
      (list.commands ?? []).forEach((command, c) => {
        for (const field of ['title', 'description'] as const) if (typeof command[field] === 'string') keys.push(`bots[${b}].commandLists[${l}].commands[${c}].${field}`);
      }),
    ),
  );
  return keys;
}

/** The manifest's additional languages (none when it has no localizationInfo). */
export function additionalLanguages(manifest: unknown): AdditionalLanguage[] {
  return (manifest as ManifestShape).localizationInfo?.additionalLanguages ?? [];
}

/** Reads the files the manifest lists from `teamsDir`; a file that is missing or not JSON is a problem. */
export function readLocalizationFiles(manifest: unknown, teamsDir: string, problems: string[]): LocalizationFile[] {
  const files: LocalizationFile[] = [];
  for (const { languageTag, file } of additionalLanguages(manifest)) {
    const where = path.join(teamsDir, file);
    try {
      const text = fs.readFileSync(where, 'utf8');
      files.push({ file, languageTag, text, strings: JSON.parse(text) as Record<string, unknown> });
    } catch (e) {
      problems.push(`localization file ${file} (${languageTag}): cannot be read as JSON (${(e as Error).message})`);
    }
  }
  return files;
}

let validateLocalization: ReturnType<AjvDraft04['compile']> | undefined;

function localizationSchema(version: string): ReturnType<AjvDraft04['compile']> {
  if (validateLocalization) return validateLocalization;
  const file = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.Localization.schema.json`);
  // The schema's patterns are not valid with the u flag (a lone "]"): compiled as plain regular expressions.
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ['uri']);
  validateLocalization = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')) as object);
  return validateLocalization;
}

/**
 * Problems of one localization file: Microsoft's schema (lengths, known keys), every localizable field of the manifest
 * translated (non-empty), no key the manifest does not have. Each names the file and the key.
 */
export function checkLocalizationFile(manifest: unknown, localization: LocalizationFile, manifestVersion: string): string[] {
  const name = `localization file ${localization.file} (${localization.languageTag})`;
  const problems: string[] = [];
  const validate = localizationSchema(manifestVersion);
  if (!validate(localization.strings)) {
    for (const error of validate.errors ?? []) problems.push(`${name}: ${error.instancePath.slice(1) || '(file)'} ${error.message ?? 'is not valid'}`);
  }
  const wanted = localizableFields(manifest);
  for (const key of wanted) {
    const value = localization.strings[key];
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${name}: "${key}" is not translated (the manifest has it)`);
  }
  for (const key of Object.keys(localization.strings)) {
    if (key !== '$schema' && !wanted.includes(key)) problems.push(`${name}: "${key}" is not a field of the manifest`);
  }
  return problems;
}

/**
 * dialogs/screenshots.yaml: what the bot says about an image a person sent (src/channels/images). Validated at load; errors name the file,
 * the field and the problem.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readYamlFile } from './readYaml';
import { placeholdersIn } from './template';
import type { YamlReader } from './loadContent';

const text = z.string().trim().min(1, 'must not be empty');
const withPlaceholders = (allowed: string[]) =>
  text.refine((t) => placeholdersIn(t).every((p) => allowed.includes(p)), `may use only ${allowed.map((p) => `{${p}}`).join(', ') || 'no placeholders'}`);
const plain = withPlaceholders([]);

const ScreenshotsFileSchema = z.strictObject({
  screenshots: z.strictObject({
    quote: withPlaceholders(['text']).refine((t) => t.includes('{text}'), 'must contain {text}'),
    notAboutBackup: plain,
    noText: plain,
    severalImages: withPlaceholders(['count']),
    refused: z.strictObject({
      tooBig: plain,
      tooManyPixels: plain,
      unsupportedType: plain,
      corrupt: plain,
      unavailable: plain,
      failed: plain,
    }),
  }),
});

export type ScreenshotPrompts = z.infer<typeof ScreenshotsFileSchema>['screenshots'];

const SCREENSHOTS_FILE = 'screenshots.yaml';

/** `read`: how the file is read (a language's copy: readLocalizedYamlFile). */
export function loadScreenshotPrompts(contentDir: string, read: YamlReader = readYamlFile): ScreenshotPrompts {
  return read(join(contentDir, SCREENSHOTS_FILE), ScreenshotsFileSchema).screenshots;
}

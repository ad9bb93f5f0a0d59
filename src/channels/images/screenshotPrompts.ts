/**
 * dialogs/screenshots.yaml: what the bot says about an image a person sent. Validated at load; errors name the file,
 * the field and the problem.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../../content/readYaml';
import { placeholdersIn } from '../../content/template';

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

export function loadScreenshotPrompts(contentDir: string): ScreenshotPrompts {
  return readYamlFile(join(contentDir, SCREENSHOTS_FILE), ScreenshotsFileSchema).screenshots;
}

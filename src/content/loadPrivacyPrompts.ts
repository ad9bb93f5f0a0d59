/**
 * dialogs/privacy.yaml: what the bot says when a person asks it to delete their conversation (src/bots/privacyChat.ts).
 * Validated at load; errors name the file, the field and the problem.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readYamlFile } from './readYaml';
import type { YamlReader } from './loadContent';

const text = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((t) => !/\{\w+\}/.test(t), 'must not contain {placeholders}');

const PrivacyFileSchema = z.strictObject({
  privacy: z.strictObject({
    ask: text,
    handoffNote: text,
    buttons: z.strictObject({ yes: text, no: text }),
    done: text,
    kept: text,
    failed: text,
  }),
});

export type PrivacyPrompts = z.infer<typeof PrivacyFileSchema>['privacy'];

const PRIVACY_FILE = 'privacy.yaml';

/** `read`: how the file is read (a language's copy: readLocalizedYamlFile). */
export function loadPrivacyPrompts(contentDir: string, read: YamlReader = readYamlFile): PrivacyPrompts {
  return read(join(contentDir, PRIVACY_FILE), PrivacyFileSchema).privacy;
}

/**
 * dialogs/privacy.yaml: what the bot says when a person asks it to delete their conversation (src/bots/privacyChat.ts).
 * Validated at load; errors name the file, the field and the problem.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readYamlFile } from './readYaml';

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

export function loadPrivacyPrompts(contentDir: string): PrivacyPrompts {
  return readYamlFile(join(contentDir, PRIVACY_FILE), PrivacyFileSchema).privacy;
}

/**
 * intents/replies.yaml: the yes / no / acknowledgement / success words the dialogs read in replies and the words that
 * leave the hand-off queue, validated at load
 * (a bad entry names the file and the field), turned into the patterns src/dialogs/replyInterpreter.ts tests.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readYamlFile } from './readYaml';

/** Lower case words as the interpreter sees the text; a trailing * stands for the rest of a word. */
const phrase = z
  .string()
  .regex(/^[\p{Ll}\p{N}']+(?: [\p{Ll}\p{N}']+)*\*?$/u, 'must be lower case words (letters, digits, apostrophes) separated by single spaces, optionally ending in *');
const phrases = z.array(phrase).min(1, 'must list at least one phrase');

export const repliesSchema = z.strictObject({
  yes: z.strictObject({ starts: phrases, unless: phrases }),
  no: z.strictObject({ starts: phrases }),
  acknowledgement: z.strictObject({ words: phrases, then: phrases, done: phrases, before: phrases }),
  success: z.strictObject({ subjects: phrases, verbs: phrases, phrases, negations: phrases }),
  leaveQueue: z.strictObject({ before: phrases, starts: phrases }),
});

export type ReplyWords = z.infer<typeof repliesSchema>;

/** The patterns built from the words (matched against normalised text). */
export interface ReplyPatterns {
  leadingYes: RegExp;
  yesUnless: RegExp;
  leadingNo: RegExp;
  acknowledgement: RegExp;
  success: RegExp;
  negated: RegExp;
  /** Leaving the hand-off queue; case-insensitive, on the message as typed. */
  leaveQueue: RegExp;
}

export const REPLIES_FILE = 'replies.yaml';

/** Reads and validates `<intentsDir>/replies.yaml`; throws ContentError naming the file, field and problem. */
export function loadReplyWords(intentsDir: string): ReplyWords {
  return readYamlFile(path.join(intentsDir, REPLIES_FILE), repliesSchema);
}

const alternatives = (list: readonly string[]): string =>
  list.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\*$/, '\\w*')).join('|');

export function replyPatterns(words: ReplyWords): ReplyPatterns {
  const a = words.acknowledgement;
  const s = words.success;
  return {
    leadingYes: new RegExp(`^(${alternatives(words.yes.starts)})\\b`),
    yesUnless: new RegExp(`\\b(${alternatives(words.yes.unless)})\\b`),
    leadingNo: new RegExp(`^(${alternatives(words.no.starts)})\\b`),
    acknowledgement: new RegExp(`^((${alternatives(a.words)})( ${alternatives(a.then).split('|').join('| ')})?|((${alternatives(a.before)}) )?(${alternatives(a.done)}))$`),
    success: new RegExp(`\\b((${alternatives(s.subjects)}) (${alternatives(s.verbs)})|${alternatives(s.phrases)})\\b`),
    negated: new RegExp(`\\b(${alternatives(s.negations)})\\b`),
    leaveQueue: new RegExp(`^(?:(?:${alternatives(words.leaveQueue.before)})\\s+)?(?:${alternatives(words.leaveQueue.starts)})\\b`, 'i'),
  };
}

let repositoryPatterns: ReplyPatterns | undefined;

/** The patterns of this repository's intents/replies.yaml (read once), for callers not given their own. */
export function defaultReplyPatterns(): ReplyPatterns {
  repositoryPatterns ??= replyPatterns(loadReplyWords(repositoryIntentsDir()));
  return repositoryPatterns;
}

/** intents/ of this repository (src/content → ../../intents; dist/src/content → ../../../intents). */
function repositoryIntentsDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'intents');
    if (existsSync(path.join(candidate, REPLIES_FILE))) return candidate;
    dir = path.dirname(dir);
  }
  return path.resolve('intents');
}

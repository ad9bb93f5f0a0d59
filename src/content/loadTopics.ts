/**
 * dialogs/topics.yaml: the near-domain topics the bot recognises but does not troubleshoot (restoring from a backup,
 * iCloud sync, another app's backup, …), each with one sentence of where to get help, plus what the bot says to a
 * message in another language. Validated at load; errors name the file, the field and the problem.
 */
import { join, relative } from 'node:path';
import { z } from 'zod';
import { ContentError } from './contentError';
import { readYamlFile } from './readYaml';
import type { YamlReader } from './loadContent';

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case: lower-case letters, digits and _');
const text = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((t) => !/\{\w+\}/.test(t), 'must not contain {placeholders}');

const TopicSchema = z.strictObject({
  id,
  name: text,
  /** One honest sentence of where to get help. */
  answer: text,
});

const TopicsFileSchema = z.strictObject({
  topics: z.array(TopicSchema).min(1),
  /** Said (in English) to a message in another language; the welcome examples follow it. */
  otherLanguage: text,
  /** Said after a topic's answer: the offer of a person. */
  offerPerson: text,
});

type Topic = z.infer<typeof TopicSchema>;

/** The topic a message in another language gets (no entry in topics.yaml: it has its own answer). */
const OTHER_LANGUAGE_TOPIC = 'other_language';

export interface TopicContent {
  topics: Topic[];
  otherLanguage: string;
  offerPerson: string;
  topic(id: string): Topic | undefined;
}

const TOPICS_FILE = 'topics.yaml';

/** `read`: how the file is read (a language's copy: readLocalizedYamlFile); `shownAs`: the file its errors name. */
export function loadTopics(contentDir: string, read: YamlReader = readYamlFile, shownAs: (file: string) => string = (f) => f): TopicContent {
  const path = join(contentDir, TOPICS_FILE);
  const data = read(path, TopicsFileSchema);
  const file = relative(process.cwd(), shownAs(path)) || shownAs(path);
  const byId = new Map<string, Topic>();
  data.topics.forEach((t, i) => {
    if (byId.has(t.id)) throw new ContentError(file, `topics[${i}].id`, `"${t.id}" is defined twice`);
    if (t.id === OTHER_LANGUAGE_TOPIC) throw new ContentError(file, `topics[${i}].id`, `"${OTHER_LANGUAGE_TOPIC}" is reserved (its answer is otherLanguage)`);
    byId.set(t.id, t);
  });
  return { ...data, topic: (id) => byId.get(id) };
}

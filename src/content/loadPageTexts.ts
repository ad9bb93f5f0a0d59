/**
 * dialogs/page.yaml: the support page's, the chat panel's and the embed launcher's own texts (Web Chat brings its
 * own), and their translations (dialogs/i18n/<lang>/page.yaml), for src/channels/webchat/pageTexts.ts to serve.
 */
import path from 'node:path';
import { z } from 'zod';
import { SUPPORTED_LANGUAGES, type Language } from './i18n/languages';
import { readLocalizedYamlFile, type TranslationLog } from './i18n/localize';

const text = z.string().trim().min(1);

/** dialogs/page.yaml: every text the page shows itself (Web Chat brings its own). */
export const PageTextsFileSchema = z
  .object({
    texts: z
      .object({
        title: text,
        description: text,
        skipToChat: text,
        tagline: text,
        introTitle: text,
        introLead: text,
        introExample: text,
        introCauses: text,
        beforeYouStart: text,
        keepDeviceNearby: text,
        connectWifiAndPower: text,
        passwordWarning: text,
        passwordNeverAsked: text,
        chatLabel: text,
        connecting: text,
        tryAgain: text,
        footer: text,
        reconnecting: text,
        unreachable: text,
        expired: text,
        notLoaded: text,
        unavailable: text,
        openChat: text,
        closeChat: text,
      })
      .strict(),
  })
  .strict();

export type PageTexts = z.infer<typeof PageTextsFileSchema>['texts'];

export const PAGE_TEXTS_FILE = 'page.yaml';

/** One language's copy of dialogs/page.yaml: the English with the language's strings applied (English where missing). */
function readPageTexts(file: string, language: Language, log?: TranslationLog): PageTexts {
  return readLocalizedYamlFile(file, PageTextsFileSchema, language, log).texts;
}

/**
 * Every language's page texts from `contentDir` (dialogs/); throws ContentError naming file and field. A string not
 * translated stays English and `log` says so once per language.
 */
export function loadPageTexts(contentDir: string, log?: TranslationLog): Record<Language, PageTexts> {
  const file = path.join(contentDir, PAGE_TEXTS_FILE);
  return Object.fromEntries(SUPPORTED_LANGUAGES.map((language) => [language, readPageTexts(file, language, log)])) as Record<Language, PageTexts>;
}

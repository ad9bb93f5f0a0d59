/**
 * The support page's, the chat panel's and the embed launcher's own texts in each language (dialogs/page.yaml with
 * dialogs/i18n/<lang>/page.yaml applied, loaded once at start-up by content/loadPageTexts.ts), served as
 *   GET /api/page-texts/<lang>   → { language, texts }   (404 for a language the page does not speak)
 * Public, the same for everyone, cacheable; readable from any origin (the embed's launcher on another site reads it).
 */
import type { Request, Response, Server } from 'restify';
import type { PageTexts } from '../../content/loadPageTexts';
import { sendJson, sendNotFound } from '../../http/http';
import { isPageLanguage, type PageLanguage } from './pageLanguage';

export type { PageTexts };

/** The answer of GET /api/page-texts/<lang>. */
export interface PageTextsAnswer {
  language: PageLanguage;
  texts: PageTexts;
}

/** Mounts GET /api/page-texts/:language. */
export function pageTextsRoute(texts: Readonly<Record<PageLanguage, PageTexts>>): (server: Server) => void {
  return (server) => {
    server.get('/api/page-texts/:language', async (req: Request, res: Response) => {
      const language: unknown = (req.params as { language?: unknown }).language;
      if (!isPageLanguage(language)) return sendNotFound(res);
      sendJson(res, 200, { language, texts: texts[language] } satisfies PageTextsAnswer, {
        'Cache-Control': 'public, max-age=300',
        'Access-Control-Allow-Origin': '*',
      });
    });
  };
}

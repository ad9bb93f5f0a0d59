/**
 * The page's own texts in its language (dialogs/page.yaml and its translations, from GET /api/page-texts/<lang>).
 * The HTML carries the English ones; an element marked data-text="key" gets texts[key] as its text,
 * data-text-aria-label="key" as its aria-label, data-text-content="key" as its content attribute (<meta>).
 */
import type { PageTexts, PageTextsAnswer } from '../../channels/webchat/pageTexts';
import type { PageLanguage } from '../../channels/webchat/pageLanguage';
import { fetchJson } from '../shared/http';

/** The messages the page shows while it could not read its texts (English, as in dialogs/page.yaml). */
export const FALLBACK_MESSAGES: Pick<PageTexts, 'reconnecting' | 'unreachable' | 'expired' | 'notLoaded' | 'unavailable'> = {
  reconnecting: 'Reconnecting to the assistant… A message you send now is delivered when it is back, or marked "Send failed" with a Retry.',
  unreachable: "We couldn't reach the support assistant. Please check your internet connection and try again.",
  expired: 'Your chat session has expired. Please start a new one.',
  notLoaded: 'The chat could not be loaded. Please reload the page.',
  unavailable: "We couldn't reach the support assistant right now. Please try again in a moment.",
};

/** The language's texts, or null when they cannot be read (the page then stays as its HTML says, in English). */
export async function fetchPageTexts(language: PageLanguage): Promise<PageTexts | null> {
  try {
    return (await fetchJson<PageTextsAnswer>(`/api/page-texts/${language}`)).texts;
  } catch {
    return null;
  }
}

function isKey(texts: PageTexts, key: string | null): key is keyof PageTexts {
  return key !== null && Object.prototype.hasOwnProperty.call(texts, key);
}

/** Puts the texts into the elements marked for them (as text, never as HTML). */
export function applyPageTexts(root: ParentNode, texts: PageTexts): void {
  const marks: Array<[string, (node: Element, value: string) => void]> = [
    ['data-text', (node, value) => (node.textContent = value)],
    ['data-text-aria-label', (node, value) => node.setAttribute('aria-label', value)],
    ['data-text-content', (node, value) => node.setAttribute('content', value)],
  ];
  for (const [attribute, put] of marks) {
    root.querySelectorAll(`[${attribute}]`).forEach((node) => {
      const key = node.getAttribute(attribute);
      if (isKey(texts, key)) put(node, texts[key]);
    });
  }
}

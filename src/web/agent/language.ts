/** The person's language on a hand-off, as a badge: "ES · Spanish" (from the hand-off's record; English when absent). */
import type { LanguageView } from '../../handoff/consoleView';
import { el } from '../shared/dom';

/** "ES · Spanish"; "EN · English" for a hand-off that does not say. */
export function languageLabel(language: LanguageView | undefined): string {
  const { code, name } = language ?? { code: 'en', name: 'English' };
  return `${code.toUpperCase()} · ${name}`;
}

/** The badge itself (class badge--language; data-language holds the code, for styles and tests). */
export function languageBadge(language: LanguageView | undefined): HTMLElement {
  const badge = el('span', 'badge badge--language', languageLabel(language));
  badge.setAttribute('data-language', language?.code ?? 'en');
  badge.title = "The person's language";
  return badge;
}

/** What the agent console remembers between server pushes. */
import type { AgentSessionView, LanguageView } from '../../handoff/consoleView';
import { stored } from '../shared/format';

export const tokenStore = stored(() => sessionStorage, 'agentConsoleToken');

export const state = {
  /** The shared-key session token (with a work account the session is an HttpOnly cookie). */
  token: tokenStore.get(),
  mode: null as AgentSessionView['mode'] | null,
  me: null as { id: string; name: string } | null,
  /** The request open on the right. */
  selected: null as string | null,
  /** Its person's language (answers at hand come in it). */
  selectedLanguage: null as LanguageView | null,
  /** What the detail panes last drew, so a push that changed nothing keeps the scroll position. */
  detailSignature: '',
  messagesSignature: '',
  /** How many were waiting at the last refresh (a chime when more are). */
  waitingCount: null as number | null,
};

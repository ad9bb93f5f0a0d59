/**
 * Pasting a screenshot (Ctrl/Cmd+V) into the chat stages it in Web Chat's send box exactly as a file picked with the
 * upload button is staged: the same Redux action (WEB_CHAT/SET_SEND_BOX_ATTACHMENTS), so the same upload (the Direct
 * Line upload route), the same server-side limits, and the same accepted types (Web Chat's `uploadAccept`). The
 * person then sends it with Send or Enter, with or without text, as with a picked file. Web Chat 4.18 has no paste
 * support of its own (its send box is a plain textarea).
 *
 * Text paste is left alone: only a paste that carries image files of an accepted type and no plain text is taken
 * (a spreadsheet's cells come as text *and* a picture of them: that is text).
 */
import type { WebChatStore } from './webChat';

/** Whether a file of this MIME type and name is accepted by an `accept` list ("image/png,image/*,.heic"). */
function isAccepted(accept: string, type: string, name: string): boolean {
  const mime = type.toLowerCase();
  const lowerName = name.toLowerCase();
  return accept
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .some((entry) => {
      if (!entry) return false;
      if (entry.startsWith('.')) return lowerName.endsWith(entry);
      if (entry.endsWith('/*')) return mime.startsWith(entry.slice(0, -1));
      return mime === entry;
    });
}

/** The pasted files to stage: the accepted images of a paste that has no plain text; [] for anything else. */
function pastedImages(clipboard: DataTransfer | null, accept: string): File[] {
  if (!clipboard) return [];
  if (Array.from(clipboard.types).includes('text/plain')) return [];
  return Array.from(clipboard.files).filter((file) => isAccepted(accept, file.type, file.name));
}

/**
 * Listens for pastes inside `root` (the chat: its send box) and stages pasted images in Web Chat's send box, in place
 * of what was staged (as the upload button does).
 */
export function stagePastedImages(root: HTMLElement, store: WebChatStore, accept: string): void {
  root.addEventListener('paste', (event) => {
    const files = pastedImages(event.clipboardData, accept);
    if (files.length === 0) return;
    event.preventDefault();
    const attachments = Object.freeze(files.map((blob) => Object.freeze({ blob })));
    store.dispatch({ type: 'WEB_CHAT/SET_SEND_BOX_ATTACHMENTS', payload: { attachments } });
  });
}
